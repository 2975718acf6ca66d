package dev.varve.bench.tiered;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.varve.bench.engine.WrittenBytes;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The benchmark's setup and every op, once each on a small object, so a broken benchmark fails {@code verify}. */
class LoopbackS3BenchmarkTest {
    @Test
    void shouldPutAndReadBackTheObjectThroughEveryOp() throws Exception {
        LoopbackS3Benchmark benchmark = new LoopbackS3Benchmark();
        benchmark.objectBytes = 3 * LoopbackS3Benchmark.RANGE_BYTES;
        benchmark.setUp();
        try {
            byte[] content = Files.readAllBytes(benchmark.file);
            WrittenBytes moved = new WrittenBytes();

            assertEquals(content.length, benchmark.put(moved));
            assertEquals(content.length, benchmark.readWhole(moved));
            assertArrayEquals(content, benchmark.whole.array());
            assertEquals(LoopbackS3Benchmark.RANGE_BYTES, benchmark.readRange(moved));
            assertEquals(LoopbackS3Benchmark.RANGE_BYTES, benchmark.readRange(moved));
            assertArrayEquals(Arrays.copyOfRange(content, LoopbackS3Benchmark.RANGE_BYTES, 2 * LoopbackS3Benchmark.RANGE_BYTES),
                    benchmark.range.array());
            assertEquals(2L * content.length + 2L * LoopbackS3Benchmark.RANGE_BYTES, moved.bytes);
        } finally {
            benchmark.tearDown();
        }
    }
}
