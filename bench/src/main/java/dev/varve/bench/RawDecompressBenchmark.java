package dev.varve.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The ceiling for reading: the raw codec ({@link RawCodec}, reused context, no framing)
 * decompressing the record section it compressed, into a reused array. For {@code none} it is a
 * plain copy. One op = one section.
 */
public class RawDecompressBenchmark extends CodecCellBenchmark {

    RawCodec raw;
    byte[] compressed;
    int compressedLength;
    byte[] target;

    @Setup(Level.Trial)
    public void setup() {
        BatchFixture fixture = new BatchFixture(codec, batchBytes);
        raw = RawCodec.forName(codec);
        byte[] section = fixture.section();
        compressed = new byte[raw.maxCompressedLength(section.length)];
        compressedLength = raw.compress(section, section.length, compressed);
        target = new byte[section.length];
    }

    @Benchmark
    public int decompress(CpuTime cpu) {
        cpu.ops++;
        return raw.decompress(compressed, compressedLength, target);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        raw.close();
    }
}
