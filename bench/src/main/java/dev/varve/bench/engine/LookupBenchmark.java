package dev.varve.bench.engine;

import dev.varve.bench.CpuTime;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Random lookups in a pre-written log of about 256 MiB (page cache), one per op, at offsets and
 * timestamps drawn from a fixed sequence (seed {@value #SEED}, 4096 of them, uniform over the log):
 * {@code readAt}: {@code read(offset, 16 KiB)} without transferring the slice, the seek a consumer
 * does (sparse offset index binary search, then a scan of batch headers to the batch holding the
 * offset); {@code offsetForTimestamp}: the time index search, offset index and a scan of the batches'
 * records for the first timestamp at or after the target (Kafka's {@code fetchOffsetByTimestamp}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LookupBenchmark {
    static final long SEED = 42;
    static final int TARGETS = 4096;
    static final int READ_BYTES = 16384;

    @Param({"varve", "kafka"})
    public String engine;

    /** Size of the pre-written log; tests make it small. */
    long logBytes = PreWrittenLog.DEFAULT_BYTES;
    Path root;
    LogUnderTest log;
    long[] offsets;
    long[] timestamps;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        root = BenchFiles.tempDirectory("lookup");
        log = LogUnderTest.open(engine, root, true);
        PreWrittenLog layout = PreWrittenLog.write(log, logBytes);
        SplittableRandom random = new SplittableRandom(SEED);
        offsets = new long[TARGETS];
        timestamps = new long[TARGETS];
        for (int i = 0; i < TARGETS; i++) {
            offsets[i] = random.nextLong(layout.logEndOffset());
            timestamps[i] = random.nextLong(layout.firstTimestamp(), layout.lastTimestamp() + 1);
        }
    }

    @Benchmark
    public long readAt(CpuTime cpu) {
        cpu.ops++;
        next = (next + 1) & (TARGETS - 1);
        return log.lookup(offsets[next], READ_BYTES);
    }

    @Benchmark
    public long offsetForTimestamp(CpuTime cpu) {
        cpu.ops++;
        next = (next + 1) & (TARGETS - 1);
        return log.offsetForTimestamp(timestamps[next]);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        log.close();
        BenchFiles.deleteTree(root);
    }
}
