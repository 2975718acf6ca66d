package dev.varve.bench;

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
 * The ceiling for building: the raw codec ({@link RawCodec}, reused context, no framing) compressing
 * the same uncompressed record section a builder compresses. For {@code none} it is a plain copy of
 * the section. One op = one section.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class RawCompressBenchmark {
    @Param({"none", "gzip", "snappy", "lz4", "zstd"})
    public String codec;

    @Param({"16384", "1048576"})
    public int batchBytes;

    RawCodec raw;
    byte[] section;
    byte[] target;

    @Setup(Level.Trial)
    public void setup() {
        BatchFixture fixture = new BatchFixture(codec, batchBytes);
        raw = RawCodec.forName(codec);
        section = fixture.section();
        target = new byte[raw.maxCompressedLength(section.length)];
    }

    @Benchmark
    public int compress(CpuTime cpu) {
        cpu.ops++;
        return raw.compress(section, section.length, target);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        raw.close();
    }
}
