package dev.varve.bench.engine;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Bytes an engine benchmark moved in one JMH iteration, as stored or sent (wire bytes: compressed when
 * the batches are). Reported by JMH as the secondary metric {@code bytes} (sum per iteration), next to
 * {@code CpuTime}'s
 * {@code ops} and {@code cpuNs}, so the report derives MB/s per CPU-second and states how much each
 * run wrote. One per benchmark thread.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class WrittenBytes {
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
        bytes = 0;
    }
}
