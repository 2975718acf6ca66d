package dev.varve.bench.study;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.HdrHistogram.Histogram;

/**
 * A bounded measured loop: runs an operation until a time budget or a byte cap is reached (at least
 * once), counting operations, records, bytes, wall time and the thread's own CPU time (user + system,
 * {@link ThreadMXBean#getCurrentThreadCpuTime}, which leaves out the time the thread waited for a core
 * on a shared machine). With a histogram, it records each operation's wall time in nanoseconds.
 * An optional warm-up runs the operation first for a share of the budget, unmeasured.
 */
final class Loop {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Loop() {
    }

    /** One operation: does op number {@code i} and adds what it did to {@code counts}. */
    interface Op {
        void run(int i, Counts counts) throws Exception;
    }

    /** What the operations of one loop did. */
    static final class Counts {
        long records;
        /** Uncompressed record bytes processed: the unit of every MB/s figure. */
        long bytes;
        /** Bytes written to or read from a file, or compressed bytes produced. */
        long wireBytes;
    }

    /** The totals of one measured loop. */
    record Sample(long ops, long records, long bytes, long wireBytes, long wallNs, long cpuNs, Histogram latencyNs) {
        double seconds() {
            return wallNs / 1e9;
        }

        /** Uncompressed MB (10^6 B) per wall second. */
        double mbps() {
            return bytes / 1e6 / seconds();
        }

        /** Written or read bytes per wall second, MB. */
        double wireMbps() {
            return wireBytes / 1e6 / seconds();
        }

        double recordsPerSecond() {
            return records / seconds();
        }

        /** CPU nanoseconds per uncompressed MB. */
        double cpuNsPerMb() {
            return bytes == 0 ? Double.NaN : cpuNs / (bytes / 1e6);
        }

        /** A latency percentile in microseconds, NaN without a histogram. */
        double latencyUs(double percentile) {
            return latencyNs == null || latencyNs.getTotalCount() == 0 ? Double.NaN
                    : latencyNs.getValueAtPercentile(percentile) / 1e3;
        }
    }

    /**
     * Warms up for {@code warmupNs} or a quarter of {@code byteCap}, whichever comes first (not counted),
     * then measures for {@code budgetNs} or
     * until {@code byteCap} uncompressed bytes, whichever comes first.
     */
    static Sample run(long warmupNs, long budgetNs, long byteCap, boolean latency, Op op) throws Exception {
        int i = 0;
        Counts ignored = new Counts();
        long warmEnd = System.nanoTime() + warmupNs;
        while (warmupNs > 0 && System.nanoTime() < warmEnd && ignored.bytes < byteCap / 4) {
            op.run(i++, ignored);
        }
        Histogram histogram = latency ? new Histogram(3_600_000_000_000L, 3) : null;
        Counts counts = new Counts();
        long ops = 0;
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long end = start + budgetNs;
        long now = start;
        do {
            long before = now;
            op.run(i++, counts);
            now = System.nanoTime();
            ops++;
            if (histogram != null) {
                histogram.recordValue(Math.max(0, now - before));
            }
        } while (now < end && counts.bytes < byteCap);
        long cpuNs = THREADS.getCurrentThreadCpuTime() - cpuStart;
        return new Sample(ops, counts.records, counts.bytes, counts.wireBytes, now - start, cpuNs, histogram);
    }
}
