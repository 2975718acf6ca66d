package dev.varve.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cells and settings every baseline benchmark shares (JMH inherits both): a codec x batch size cell,
 * throughput in one single-threaded fork with a fixed, pre-touched 1 GiB heap, warm-up 2 x 1 s,
 * measurement 5 x 1 s (sized for a 2-core machine; see papers/baseline-record-batches.md).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class CodecCellBenchmark {
    /** Kafka's {@code compression.type} name of the cell's codec. */
    @Param({"none", "gzip", "snappy", "lz4", "zstd"})
    public String codec;

    /** The cell's batch size: Kafka's default {@code batch.size} and the OMB throughput profile's 1 MiB. */
    @Param({"16384", "1048576"})
    public int batchBytes;
}
