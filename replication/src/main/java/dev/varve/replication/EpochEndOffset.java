package dev.varve.replication;

/**
 * An answer to "where does epoch e end": the largest epoch at or below e that the log knows and the offset
 * where it ends (the next epoch's start, or the log end for the latest). {@link #UNDEFINED} when unknown.
 */
public record EpochEndOffset(int epoch, long endOffset) {
    /** Kafka's (UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET). */
    public static final EpochEndOffset UNDEFINED = new EpochEndOffset(EpochEntry.UNDEFINED_EPOCH, EpochEntry.UNDEFINED_OFFSET);
}
