package dev.varve.bench;

import dev.varve.engine.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
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
 * Varve's producer-side cost: one {@link RecordBatchBuilder}, kept for the whole run with its buffers
 * and codec context, builds a batch of {@link BatchFixture}'s records per operation (reset, append
 * each record from heap buffers, build: compress, header, CRC-32C). One op = one batch; the returned
 * view is consumed by JMH. The steady state must allocate nothing per record.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class VarveBuildBenchmark {
    @Param({"none", "gzip", "snappy", "lz4", "zstd"})
    public String codec;

    @Param({"16384", "1048576"})
    public int batchBytes;

    BatchFixture fixture;
    RecordBatchBuilder builder;

    @Setup(Level.Trial)
    public void setup() {
        fixture = new BatchFixture(codec, batchBytes);
        builder = new RecordBatchBuilder(fixture.varveCodec());
    }

    @Benchmark
    public ByteBuffer build(CpuTime cpu) {
        cpu.ops++;
        return fixture.buildVarve(builder);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        builder.close();
    }
}
