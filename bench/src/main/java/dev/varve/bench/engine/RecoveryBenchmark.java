package dev.varve.bench.engine;

import dev.varve.bench.CpuTime;
import dev.varve.engine.log.CleanShutdownMarker;
import dev.varve.engine.log.OffsetCheckpointFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Recovery after an unclean shutdown with nothing checkpointed: opening a pre-written log of about
 * 256 MiB (one segment, in page cache) re-validates every batch (header, offsets, CRC-32C) and
 * rebuilds the offset and time indexes. One op = one open with full recovery. Varve: the segmented
 * engine opened with no {@code .kafka_cleanshutdown} marker and no recovery-point or log-start
 * checkpoint (removed in each iteration's setup), then {@code open(partition)}. Kafka:
 * {@code UnifiedLog.create(..., recoveryPoint 0, lastShutdownClean false)}. The report turns the time
 * into MB/s of segment re-validated. The op restarts the {@link CpuTime} clock, so CPU time leaves the setup's file work out.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3)
@Measurement(iterations = 8)
public class RecoveryBenchmark {
    @Param({"varve", "kafka"})
    public String engine;

    /** Size of the pre-written log; tests make it small. */
    long logBytes = PreWrittenLog.DEFAULT_BYTES;
    Path root;
    PreWrittenLog layout;
    LogUnderTest log;

    @Setup(Level.Trial)
    public void setUpTrial() {
        root = BenchFiles.tempDirectory("recovery");
        try (LogUnderTest writer = LogUnderTest.open(engine, root, true)) {
            layout = PreWrittenLog.write(writer, logBytes);
        }
    }

    /** Closes the previous iteration's log, then removes what would let the next open skip recovery. */
    @Setup(Level.Iteration)
    public void unclean() {
        closeLog();
        forgetCleanShutdown(root);
    }

    @Benchmark
    public long recover(CpuTime cpu, WrittenBytes validated) {
        cpu.start();
        cpu.ops++;
        log = LogUnderTest.open(engine, root, false);
        validated.bytes += layout.sizeInBytes();
        long end = log.logEndOffset();
        if (end != layout.logEndOffset()) {
            throw new IllegalStateException(engine + " recovered to " + end + ", expected " + layout.logEndOffset());
        }
        return end;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        closeLog();
        BenchFiles.deleteTree(root);
    }

    private void closeLog() {
        if (log != null) {
            log.close();
            log = null;
        }
    }

    /** Deletes Varve's clean-shutdown marker and offset checkpoints in {@code dataDirectory} (Kafka's log keeps none there). */
    static void forgetCleanShutdown(Path dataDirectory) {
        try {
            for (String name : new String[] {CleanShutdownMarker.FILE_NAME, OffsetCheckpointFile.RECOVERY_POINT,
                    OffsetCheckpointFile.LOG_START_OFFSET}) {
                Files.deleteIfExists(dataDirectory.resolve(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
