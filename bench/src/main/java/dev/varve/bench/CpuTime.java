package dev.varve.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Counts, per JMH iteration, the operations done and the CPU time the benchmark thread used, so a
 * result can be read as ops per CPU-second as well as JMH's ops per wall-second. On a shared machine
 * (other builds competing for the same 2 cores) wall time includes the time the thread waited for a
 * core; its own CPU time does not, so ratios between benchmarks measured minutes apart stay
 * meaningful. Reported by JMH as the secondary metrics {@code ops} and {@code cpuNs} (sums per
 * iteration). A benchmark takes this state as a parameter and increments {@link #ops} once per op.
 * One per benchmark thread, as JMH's {@code Scope.Thread} gives.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Operations done in this iteration. */
    public long ops;
    /** CPU nanoseconds (user + system) the benchmark thread used in this iteration. */
    public long cpuNs;
    private long startNs;

    @Setup(Level.Iteration)
    public void start() {
        ops = 0;
        cpuNs = 0;
        startNs = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void stop() {
        cpuNs = THREADS.getCurrentThreadCpuTime() - startNs;
    }
}
