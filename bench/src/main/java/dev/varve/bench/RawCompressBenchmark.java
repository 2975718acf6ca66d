package dev.varve.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The ceiling for building: the raw codec ({@link RawCodec}, reused context, no framing) compressing
 * the same uncompressed record section a builder compresses. For {@code none} it is a plain copy of
 * the section. One op = one section.
 */
public class RawCompressBenchmark extends CodecCellBenchmark {

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
