package dev.varve.engine.record.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.api.CorruptRecordException.Reason;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Damaged and hostile streams: only {@link CorruptRecordException} comes out, output never passes
 * {@code maxBytes}, and where Kafka's reader is the oracle Varve accepts exactly what it accepts.
 */
class HostileInputTest {
    private static final int EXAMPLES = KafkaInteropTest.EXAMPLES;

    /** Ours: the decompressed bytes, or null for a CorruptRecordException; anything else fails the test. */
    static byte[] outcome(Decompressor decompressor, byte[] stream, int maxBytes) {
        try {
            return Buffers.HEAP.decompress(decompressor, stream, maxBytes);
        } catch (CorruptRecordException e) {
            assertTrue(e.reason() == Reason.BAD_COMPRESSED_DATA || e.reason() == Reason.DECOMPRESSED_TOO_LARGE, e::toString);
            assertTrue(e.position() >= 0 && e.position() <= stream.length, e::toString);
            return null;
        }
    }

    static void assertSameOutcomeAsKafka(CompressionCodec codec, Decompressor decompressor, byte[] stream, String what) {
        byte[] kafka = KafkaCodecOracle.outcome(codec, stream);
        byte[] ours = outcome(decompressor, stream, 1 << 24);
        if (kafka == null && ours != null) {
            fail(what + ": Kafka rejects but Varve accepts " + ours.length + " bytes");
        }
        if (kafka != null) {
            assertNotNull(ours, () -> what + ": Kafka accepts " + kafka.length + " bytes but Varve rejects");
            assertArrayEquals(kafka, ours, what);
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void shouldAgreeWithKafkaOnEveryTruncation(CompressionCodec codec) {
        byte[] data = new Payload(Payload.Kind.RECORDS, 3000, 7L).bytes();
        byte[] stream = KafkaCodecOracle.compress(codec, codec.defaultLevel(), data);
        try (Decompressor decompressor = codec.newDecompressor()) {
            for (int length = 0; length < stream.length; length++) {
                assertSameOutcomeAsKafka(codec, decompressor, Arrays.copyOf(stream, length), "truncated to " + length);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void shouldAgreeWithKafkaOnBitFlips(CompressionCodec codec) {
        try (Decompressor decompressor = codec.newDecompressor()) {
            qt().withExamples(EXAMPLES)
                    .forAll(Payload.upTo(100 * 1024), integers().allPositive(), integers().between(0, 7))
                    .checkAssert((payload, where, bit) -> {
                        byte[] stream = KafkaCodecOracle.compress(codec, codec.defaultLevel(), payload.bytes());
                        if (stream.length == 0) {
                            return; // none's empty stream has no bit to flip
                        }
                        int at = where % stream.length;
                        stream[at] ^= (byte) (1 << bit);
                        assertSameOutcomeAsKafka(codec, decompressor, stream, "bit " + bit + " of byte " + at + " flipped");
                    });
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void shouldOnlyThrowCorruptRecordExceptionForRandomBytes(CompressionCodec codec) {
        try (Decompressor decompressor = codec.newDecompressor()) {
            qt().withExamples(EXAMPLES).forAll(Payload.upTo(8 * 1024), integers().between(0, 2)).checkAssert((payload, prefix) -> {
                byte[] junk = payload.bytes();
                // Also junk behind a valid stream header, to get past the magic checks.
                byte[] header = Arrays.copyOf(KafkaCodecOracle.compress(codec, codec.defaultLevel(), new byte[0]),
                        prefix == 0 ? 0 : headerLength(codec));
                byte[] stream = concat(header, junk);
                byte[] ours = outcome(decompressor, stream, 1 << 20);
                assertTrue(ours == null || ours.length <= 1 << 20);
            });
        }
    }

    private static int headerLength(CompressionCodec codec) {
        switch (codec) {
            case GZIP: return 10;
            case SNAPPY: return SnappyFrameDescriptor.HEADER_LENGTH;
            case LZ4: return Lz4FrameDescriptor.MIN_HEADER_LENGTH;
            case ZSTD: return 6;
            default: return 0;
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void shouldStopExactlyAtMaxBytes(CompressionCodec codec) {
        try (Compressor compressor = codec.newCompressor(); Decompressor decompressor = codec.newDecompressor()) {
            qt().withExamples(EXAMPLES / 2).forAll(Payload.upTo(200 * 1024)).checkAssert(payload -> {
                byte[] data = payload.bytes();
                byte[] stream = Buffers.DIRECT.compress(compressor, data);
                assertArrayEquals(data, Buffers.DIRECT.decompress(decompressor, stream, data.length));
                if (data.length > 0) {
                    CorruptRecordException e = assertThrows(CorruptRecordException.class,
                            () -> Buffers.DIRECT.decompress(decompressor, stream, data.length - 1));
                    assertEquals(Reason.DECOMPRESSED_TOO_LARGE, e.reason(), e::toString);
                }
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodec.class, names = {"GZIP", "SNAPPY", "LZ4", "ZSTD"})
    void shouldRejectBombsWithoutAllocatingPastTheBound(CompressionCodec codec) {
        byte[] zeros = new byte[50 << 20];
        int maxBytes = 1 << 20;
        try (Compressor compressor = codec.newCompressor(); Decompressor decompressor = codec.newDecompressor()) {
            byte[] bomb = Buffers.HEAP.compress(compressor, zeros);
            CorruptRecordException e = assertThrows(CorruptRecordException.class,
                    () -> decompressor.decompress(ByteBuffer.wrap(bomb), maxBytes));
            assertEquals(Reason.DECOMPRESSED_TOO_LARGE, e.reason(), e::toString);
            ByteBuffer small = decompressor.decompress(ByteBuffer.wrap(Buffers.HEAP.compress(compressor, new byte[10])), 10);
            assertTrue(small.capacity() <= maxBytes, () -> "output grew to " + small.capacity() + " bytes");
        }
    }

    @Test
    void shouldRejectLz4BlocksDeclaringMoreThanTheFrameAllows() {
        byte[] empty = KafkaCodecOracle.compress(CompressionCodec.LZ4, 9, new byte[0]);
        for (int declared : new int[] {0x7FFFFFF0, 0xFFFFFFF0, 65 * 1024, 0x80000000 | 65 * 1024, 1000}) {
            byte[] stream = Arrays.copyOf(empty, 7 + 4 + 16);
            CodecChecks.putIntLE(ByteBuffer.wrap(stream), 7, declared);
            try (Decompressor decompressor = CompressionCodec.LZ4.newDecompressor()) {
                CorruptRecordException e = assertThrows(CorruptRecordException.class,
                        () -> decompressor.decompress(ByteBuffer.wrap(stream), 1 << 30));
                assertEquals(Reason.BAD_COMPRESSED_DATA, e.reason());
                assertEquals(7, e.position(), e::toString);
            }
            assertEquals(null, KafkaCodecOracle.outcome(CompressionCodec.LZ4, stream));
        }
    }

    @Test
    void shouldRejectSnappyChunksDeclaringMoreThanIsLeft() {
        byte[] header = KafkaCodecOracle.compress(CompressionCodec.SNAPPY, 0, new byte[0]);
        for (int declared : new int[] {0x7FFFFFF0, -5, 21}) {
            byte[] stream = Arrays.copyOf(header, 16 + 4 + 20);
            CodecChecks.putIntBE(ByteBuffer.wrap(stream), 16, declared);
            try (Decompressor decompressor = CompressionCodec.SNAPPY.newDecompressor()) {
                CorruptRecordException e = assertThrows(CorruptRecordException.class,
                        () -> decompressor.decompress(ByteBuffer.wrap(stream), 1 << 30));
                assertEquals(Reason.BAD_COMPRESSED_DATA, e.reason());
                assertEquals(16, e.position(), e::toString);
            }
        }
    }

    @Test
    void shouldRejectSnappyBlocksDeclaringMoreThanMaxBytesBeforeDecoding() {
        // A raw snappy block whose varint claims 2^31-1 bytes.
        byte[] stream = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0x00};
        try (Decompressor decompressor = CompressionCodec.SNAPPY.newDecompressor()) {
            CorruptRecordException e = assertThrows(CorruptRecordException.class,
                    () -> decompressor.decompress(ByteBuffer.wrap(stream), 1 << 20));
            assertEquals(Reason.DECOMPRESSED_TOO_LARGE, e.reason());
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
