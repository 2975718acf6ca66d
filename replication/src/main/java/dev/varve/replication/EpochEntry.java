package dev.varve.replication;

/**
 * One entry of a {@link LeaderEpochCache}: leader epoch {@code epoch} began at offset {@code startOffset}
 * (the first offset written in it, or the log end when the epoch began, before any write).
 * {@link #UNDEFINED_EPOCH} and {@link #UNDEFINED_OFFSET} are Kafka's "no answer" values.
 */
public record EpochEntry(int epoch, long startOffset) {
    /** Kafka's {@code UNDEFINED_EPOCH}. */
    public static final int UNDEFINED_EPOCH = -1;
    /** Kafka's {@code UNDEFINED_EPOCH_OFFSET}. */
    public static final long UNDEFINED_OFFSET = -1L;

    @Override
    public String toString() {
        return epoch + "@" + startOffset;
    }
}
