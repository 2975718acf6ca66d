package dev.varve.engine.topic;

/**
 * One partition as {@link TopicCatalog#describe} saw it: its log start and end offsets, and the bytes of
 * its {@code .log} segment files on disk ({@code -1} when the engine keeps no files, as {@code memory}).
 */
public record PartitionDescription(int partition, long logStartOffset, long logEndOffset, long sizeBytes) {
}
