package dev.varve.bench;

import dev.varve.engine.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Varve's producer-side cost: one {@link RecordBatchBuilder}, kept for the whole run with its buffers
 * and codec context, builds a batch of {@link BatchFixture}'s records per operation (reset, append
 * each record from heap buffers, build: compress, header, CRC-32C). One op = one batch; the returned
 * view is consumed by JMH. The steady state must allocate nothing per record.
 */
public class VarveBuildBenchmark extends CodecCellBenchmark {

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
