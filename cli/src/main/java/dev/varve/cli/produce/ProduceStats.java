package dev.varve.cli.produce;

import dev.varve.engine.api.AppendResult;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a produce run did: records, batches, bytes before and after compression, and the last offset
 * of each partition; turned into the summary and progress lines. MB are 10^6 bytes of uncompressed
 * batches, the figure a producer's {@code batch.size} counts. Not thread-safe.
 */
final class ProduceStats {
    private final String topic;
    private final long startNanos;
    private final long[] lastOffsets;
    private long records;
    private long batches;
    private long uncompressedBytes;
    private long storedBytes;

    ProduceStats(String topic, int partitions, long startNanos) {
        this.topic = topic;
        this.startNanos = startNanos;
        this.lastOffsets = new long[partitions];
        Arrays.fill(lastOffsets, -1);
    }

    void batchAppended(int partition, int uncompressedSizeBytes, AppendResult result) {
        records += result.recordCount();
        batches++;
        uncompressedBytes += uncompressedSizeBytes;
        storedBytes += result.sizeInBytes();
        lastOffsets[partition] = result.lastOffset();
    }

    long records() {
        return records;
    }

    /** The last offset written to {@code partition}, or -1. */
    long lastOffset(int partition) {
        return lastOffsets[partition];
    }

    /** What is safe after a failed append: the records acknowledged before it and each partition's last offset. */
    String written() {
        if (records == 0) {
            return "no records were written";
        }
        return records + " records were written before the failure (last offsets: " + lastOffsets() + "); the rest were not";
    }

    /** One line for a terminal: records so far and the rates. */
    String progress(long nowNanos) {
        double seconds = seconds(nowNanos);
        return String.format(Locale.ROOT, "%d records, %d batches, %.1f s, %.0f records/s, %.2f MB/s",
                records, batches, seconds, records / seconds, uncompressedBytes / 1e6 / seconds);
    }

    /** The summary: counts and bytes, time and rates, last offset per partition. */
    String summary(long nowNanos) {
        double seconds = seconds(nowNanos);
        String offsets = lastOffsets();
        return String.format(Locale.ROOT, "records: %d, batches: %d, bytes: %d uncompressed, %d stored (ratio %.2f)%n"
                        + "elapsed: %.3f s, %.0f records/s, %.2f MB/s%n"
                        + "last offsets: %s",
                records, batches, uncompressedBytes, storedBytes,
                storedBytes == 0 ? 1.0 : (double) uncompressedBytes / storedBytes,
                seconds, records / seconds, uncompressedBytes / 1e6 / seconds, offsets);
    }

    private String lastOffsets() {
        StringBuilder offsets = new StringBuilder();
        for (int p = 0; p < lastOffsets.length; p++) {
            offsets.append(p == 0 ? "" : ", ").append(topic).append('-').append(p).append(": ")
                    .append(lastOffsets[p] < 0 ? "none" : String.valueOf(lastOffsets[p]));
        }
        return offsets.toString();
    }

    private double seconds(long nowNanos) {
        return Math.max(1e-9, (nowNanos - startNanos) / 1e9);
    }
}
