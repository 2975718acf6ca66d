package dev.varve.bench.engine;

import dev.varve.bench.CpuTime;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * Sequential reading of a pre-written log of about 256 MiB (page cache), as a consumer fetching from
 * the start does, one fetch per op: {@code read(offset, 1 MiB)} (offset index lookup, batch-header
 * scan to the start position, slice up to {@code max.partition.fetch.bytes}), then a zero-copy
 * transfer of the slice to {@code /dev/null} ({@code FileChannel.transferTo}, sendfile: the kernel
 * looks the pages up but copies nothing). Varve's {@code PartitionLog.read} + {@code LogSlice.writeTo}
 * vs Kafka's {@code UnifiedLog.read} + {@code Records.writeTo}, both ending in the same sendfile.
 * Kafka cuts a fetch at exactly 1 MiB, inside a batch; the reader then continues at that batch, as a
 * consumer does, and only whole batches count towards the bytes read. At the log end it starts over.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ReadBenchmark {
    /** Bytes per fetch: Kafka's consumer default {@code max.partition.fetch.bytes}. */
    public static final int FETCH_BYTES = 1 << 20;

    @Param({"varve", "kafka"})
    public String engine;

    /** Size of the pre-written log; tests make it small. */
    long logBytes = PreWrittenLog.DEFAULT_BYTES;
    Path root;
    PreWrittenLog layout;
    LogUnderTest log;
    FileChannel devNull;
    int batch;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = BenchFiles.tempDirectory("read");
        log = LogUnderTest.open(engine, root, true);
        layout = PreWrittenLog.write(log, logBytes);
        devNull = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE);
    }

    @Benchmark
    public long read(CpuTime cpu, WrittenBytes read) {
        cpu.ops++;
        long sent = log.readTo(layout.baseOffset(batch), FETCH_BYTES, devNull);
        int next = layout.nextBatch(batch, sent);
        read.bytes += layout.position(next) - layout.position(batch);
        batch = next == layout.batchCount() ? 0 : next;
        return sent;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        devNull.close();
        log.close();
        BenchFiles.deleteTree(root);
    }
}
