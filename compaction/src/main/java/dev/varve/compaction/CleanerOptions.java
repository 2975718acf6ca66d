package dev.varve.compaction;

/**
 * The knobs of one cleaning pass, under Kafka's names: {@code delete.retention.ms} (how long a
 * tombstone outlives the first cleaning that saw it), {@code index.interval.bytes} and
 * {@code segment.index.bytes} (how the cleaned segment's indexes are built, as for any segment), and
 * the I/O buffer each of the read and write sides uses (Kafka's {@code log.cleaner.io.buffer.size}
 * split per thread and side). Immutable.
 */
public record CleanerOptions(long deleteRetentionMs, int indexIntervalBytes, int segmentIndexBytes, int ioBufferBytes) {
    /** Kafka's defaults: 1 day, 4 KiB, 10 MiB, 256 KiB (512 KiB shared by reading and writing). */
    public static final CleanerOptions DEFAULTS = new CleanerOptions(86_400_000L, 4096, 10 << 20, 256 << 10);

    /** @throws IllegalArgumentException on a negative retention, interval or a buffer too small for a batch header */
    public CleanerOptions {
        if (deleteRetentionMs < 0 || indexIntervalBytes < 0 || segmentIndexBytes < 12 || ioBufferBytes < 64) {
            throw new IllegalArgumentException("deleteRetentionMs=" + deleteRetentionMs + ", indexIntervalBytes="
                    + indexIntervalBytes + ", segmentIndexBytes=" + segmentIndexBytes + ", ioBufferBytes=" + ioBufferBytes);
        }
    }

    /** These options with another {@code delete.retention.ms}. */
    public CleanerOptions withDeleteRetentionMs(long ms) {
        return new CleanerOptions(ms, indexIntervalBytes, segmentIndexBytes, ioBufferBytes);
    }

    /** These options with another {@code index.interval.bytes}. */
    public CleanerOptions withIndexIntervalBytes(int bytes) {
        return new CleanerOptions(deleteRetentionMs, bytes, segmentIndexBytes, ioBufferBytes);
    }
}
