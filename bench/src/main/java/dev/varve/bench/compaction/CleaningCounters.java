package dev.varve.bench.compaction;

import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the cleaning passes of one JMH iteration did, summed, reported as secondary metrics next to
 * {@code CpuTime}'s {@code ops} and {@code cpuNs}: {@code bytes} of dirty log read (as stored),
 * {@code written} bytes of cleaned output, {@code keys} distinct keys the offset map held at the end
 * of each pass, {@code allocated} heap bytes the benchmark thread allocated during the passes
 * (HotSpot's per-thread counter; the offset map and I/O buffers are allocated before, in the trial
 * setup). One per benchmark thread.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CleaningCounters {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    public long bytes;
    public long written;
    public long keys;
    public long allocated;

    @Setup(Level.Iteration)
    public void reset() {
        bytes = 0;
        written = 0;
        keys = 0;
        allocated = 0;
    }

    /** Heap bytes allocated so far by the calling thread. */
    static long allocatedByThisThread() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Adds one pass that started when the thread had allocated {@code allocatedAtStart} bytes. */
    void add(long bytesRead, long bytesWritten, long distinctKeys, long allocatedAtStart) {
        allocated += allocatedByThisThread() - allocatedAtStart;
        bytes += bytesRead;
        written += bytesWritten;
        keys += distinctKeys;
    }
}
