/**
 * Topics over one {@link dev.varve.engine.api.LogEngine}: a topic is a name, a partition count and
 * per-topic config overrides (Kafka's names, {@link dev.varve.engine.api.LogConfig}), and each of its
 * partitions is a log of the engine.
 *
 * <p>{@link dev.varve.engine.topic.TopicCatalog} creates, lists, describes, alters and deletes topics
 * and opens their partitions with the topic's config. It persists each topic's metadata as one small
 * file in {@code <data>/__varve_topics/} ({@link dev.varve.engine.topic.TopicMetadataFile} fixes the
 * format), replaced crash-safely, so a catalog reopened on the same directory finds every topic again
 * and opens (and so recovers) each partition.
 *
 * <p>Errors: an unknown topic or partition is {@link dev.varve.engine.topic.UnknownTopicOrPartitionException}
 * (Kafka code 3), creating an existing topic {@link dev.varve.engine.topic.TopicExistsException} (36),
 * a bad name, partition count or config an {@link IllegalArgumentException} naming it. A metadata file
 * that cannot be read back ({@link dev.varve.engine.topic.CorruptTopicMetadataException}: invalid UTF-8,
 * a checksum mismatch, a bad value) takes only its topic offline: every use of that topic throws
 * {@link dev.varve.engine.topic.TopicOfflineException} naming it and the file, and every other topic is
 * served as usual.
 */
package dev.varve.engine.topic;
