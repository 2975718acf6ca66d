package dev.varve.engine.record.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every codec at its minimum, default, a middle and its maximum level, against Kafka at the same level. */
class CodecLevelsTest {
    private static final int EXAMPLES = Math.max(10, KafkaInteropTest.EXAMPLES / 5);

    static Stream<Arguments> levels() {
        return Stream.of(
                Arguments.of(CompressionCodec.NONE, 0, 300 * 1024),
                Arguments.of(CompressionCodec.SNAPPY, 0, 300 * 1024),
                Arguments.of(CompressionCodec.GZIP, 1, 300 * 1024),
                Arguments.of(CompressionCodec.GZIP, -1, 300 * 1024),
                Arguments.of(CompressionCodec.GZIP, 5, 300 * 1024),
                Arguments.of(CompressionCodec.GZIP, 9, 64 * 1024),
                Arguments.of(CompressionCodec.LZ4, 1, 300 * 1024),
                Arguments.of(CompressionCodec.LZ4, 9, 300 * 1024),
                Arguments.of(CompressionCodec.LZ4, 12, 64 * 1024),
                Arguments.of(CompressionCodec.LZ4, 17, 32 * 1024),
                Arguments.of(CompressionCodec.ZSTD, CompressionCodec.ZSTD.minLevel(), 300 * 1024),
                Arguments.of(CompressionCodec.ZSTD, 3, 300 * 1024),
                Arguments.of(CompressionCodec.ZSTD, 11, 64 * 1024),
                Arguments.of(CompressionCodec.ZSTD, 22, 16 * 1024));
    }

    @ParameterizedTest(name = "{0} level {1}")
    @MethodSource("levels")
    void shouldInteroperateWithKafkaAtTheSameLevel(CompressionCodec codec, int level, int maxPayload) {
        try (Compressor compressor = codec.newCompressor(level); Decompressor decompressor = codec.newDecompressor()) {
            // zstd 22 costs Kafka a fresh ~100 MiB context per stream: a handful of examples suffices.
            int examples = level == 22 ? 4 : EXAMPLES;
            qt().withExamples(examples).forAll(Payload.upTo(maxPayload)).checkAssert(payload -> {
                byte[] data = payload.bytes();
                byte[] ours = Buffers.DIRECT.compress(compressor, data);
                assertArrayEquals(data, KafkaInteropTest.kafkaReads(codec, ours));
                byte[] kafka = KafkaCodecOracle.compress(codec, level, data);
                assertArrayEquals(data, Buffers.HEAP.decompress(decompressor, kafka, data.length));
                if (codec != CompressionCodec.ZSTD) {
                    // gzip, snappy and lz4 make the very bytes Kafka makes (same library, same blocks,
                    // same compressor per level); zstd differs only in carrying the content size.
                    assertArrayEquals(kafka, ours, "stream differs from Kafka's for " + payload);
                }
            });
        }
    }

    @Test
    void shouldRejectLevelsOutsideKafkasRangesNamingTheRange() {
        IllegalArgumentException gzip = assertThrows(IllegalArgumentException.class, () -> CompressionCodec.GZIP.newCompressor(10));
        assertTrue(gzip.getMessage().contains("1..9"), gzip.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CompressionCodec.GZIP.newCompressor(0));
        assertThrows(IllegalArgumentException.class, () -> CompressionCodec.LZ4.newCompressor(0));
        assertThrows(IllegalArgumentException.class, () -> CompressionCodec.LZ4.newCompressor(18));
        assertThrows(IllegalArgumentException.class, () -> CompressionCodec.ZSTD.newCompressor(23));
        assertThrows(IllegalArgumentException.class, () -> CompressionCodec.ZSTD.newCompressor(-131073));
        assertThrows(IllegalArgumentException.class, () -> CompressionCodec.SNAPPY.newCompressor(1));
        assertThrows(IllegalArgumentException.class, () -> CompressionCodec.NONE.newCompressor(1));
        CompressionCodec.GZIP.newCompressor(-1).close();
    }

    @Test
    void shouldRejectTargetsSmallerThanMaxCompressedLength() {
        for (CompressionCodec codec : CompressionCodec.values()) {
            try (Compressor compressor = codec.newCompressor()) {
                byte[] data = new byte[1000];
                assertThrows(IllegalArgumentException.class, () -> compressor.compress(java.nio.ByteBuffer.wrap(data),
                        java.nio.ByteBuffer.allocate(compressor.maxCompressedLength(data.length) - 1)));
            }
        }
    }

    @Test
    void shouldBeUnusableButQuietAfterClose() {
        for (CompressionCodec codec : CompressionCodec.values()) {
            Compressor compressor = codec.newCompressor();
            Decompressor decompressor = codec.newDecompressor();
            compressor.close();
            compressor.close();
            decompressor.close();
            decompressor.close();
            assertThrows(IllegalStateException.class, () -> compressor.compress(java.nio.ByteBuffer.allocate(0),
                    java.nio.ByteBuffer.allocate(100)));
            assertThrows(IllegalStateException.class, () -> decompressor.decompress(java.nio.ByteBuffer.allocate(0), 1));
            assertEquals(codec, decompressor.codec());
        }
    }
}
