package dev.varve.bench.study;

import java.util.Arrays;

/**
 * A producer's accumulator and sender on a simulated clock (no sleeping, no threads): records of
 * {@code recordBytes} arrive evenly spaced at an offered rate; they join the open batch up to
 * {@code maxRecords} (as many as {@code batch.size} holds: the study passes the records per batch of the
 * measured cell, 1 for one-record batches); a batch is ready when it is
 * full or {@code lingerMs} after its first record; one sender takes ready batches in order, each for a
 * service time (build + append of that batch), and a ready batch keeps taking records until the sender
 * takes it, as Kafka's accumulator does. For each record it notes the <em>wait</em> (arrival to the
 * sender taking its batch) and the <em>latency</em> (arrival to the end of its batch's append).
 *
 * <p>Deterministic and single-threaded; percentiles are nearest-rank over every simulated record.
 */
final class LingerModel {
    private LingerModel() {
    }

    /** Service time of one batch, in seconds, from its record count and uncompressed bytes. */
    interface ServiceTime {
        double seconds(int records, long bytes);
    }

    /**
     * What the producer saw. Times in milliseconds.
     *
     * @param utilisation sender busy time over the simulated span; at or above 1 the rate is not sustainable
     */
    record Outcome(int records, double meanBatchRecords, double meanBatchBytes,
            double waitP50Ms, double waitP99Ms, double waitP999Ms,
            double latencyP50Ms, double latencyP99Ms, double latencyP999Ms, double utilisation) {
        boolean saturated() {
            return utilisation >= 0.999;
        }
    }

    /**
     * Simulates {@code records} arrivals, one every {@code recordBytes / offeredBytesPerSecond} seconds
     * from time 0.
     */
    static Outcome simulate(int records, double recordBytes, double offeredBytesPerSecond, int maxRecords,
            double lingerMs, ServiceTime service) {
        double gap = recordBytes / offeredBytesPerSecond;
        double linger = lingerMs / 1000.0;
        int perBatch = Math.max(1, maxRecords);
        double[] waits = new double[records];
        double[] latencies = new double[records];
        double senderFree = 0;
        double busy = 0;
        int batches = 0;
        int first = 0;
        while (first < records) {
            double firstArrival = first * gap;
            int fullAt = first + perBatch - 1; // index of the record that fills the batch
            double fullTime = fullAt < records ? fullAt * gap : Double.POSITIVE_INFINITY;
            double ready = Math.min(firstArrival + linger, fullTime);
            if (ready == Double.POSITIVE_INFINITY) {
                ready = (records - 1) * gap; // the stream ends: flush what is left
            }
            double taken = Math.max(ready, senderFree);
            // records that arrived by the time the sender takes the batch join it, up to the cap
            int last = Math.min(Math.min(records - 1, fullAt), (int) Math.floor(taken / gap + 1e-9));
            last = Math.max(last, first);
            int count = last - first + 1;
            double done = taken + service.seconds(count, Math.round(count * recordBytes));
            for (int i = first; i <= last; i++) {
                waits[i] = taken - i * gap;
                latencies[i] = done - i * gap;
            }
            busy += done - taken;
            senderFree = done;
            batches++;
            first = last + 1;
        }
        double span = Math.max(senderFree, records * gap);
        Arrays.sort(waits);
        Arrays.sort(latencies);
        return new Outcome(records, (double) records / batches, records * recordBytes / batches,
                rank(waits, 50) * 1e3, rank(waits, 99) * 1e3, rank(waits, 99.9) * 1e3,
                rank(latencies, 50) * 1e3, rank(latencies, 99) * 1e3, rank(latencies, 99.9) * 1e3,
                busy / span);
    }

    /** Nearest-rank percentile of sorted values. */
    static double rank(double[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
