package dev.varve.engine.record.codec;

import static dev.varve.engine.record.codec.HostileInputTest.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.varve.engine.api.CorruptRecordException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The framing facts of Kafka's codecs, each checked against Kafka's reader as the oracle. */
class KafkaFramingTest {
    private static final byte[] DATA = new Payload(Payload.Kind.RECORDS, 200_000, 11L).bytes();

    private static byte[] ours(CompressionCodec codec, byte[] data) {
        try (Compressor compressor = codec.newCompressor()) {
            return Buffers.HEAP.compress(compressor, data);
        }
    }

    private static byte[] read(CompressionCodec codec, byte[] stream) {
        try (Decompressor decompressor = codec.newDecompressor()) {
            return Buffers.HEAP.decompress(decompressor, stream, 1 << 24);
        }
    }

    private static void assertBothRead(CompressionCodec codec, byte[] expected, byte[] stream) throws IOException {
        assertArrayEquals(expected, KafkaCodecOracle.decompress(codec, stream), "Kafka");
        assertArrayEquals(expected, read(codec, stream), "Varve");
    }

    private static void assertBothReject(CompressionCodec codec, byte[] stream) {
        assertNull(KafkaCodecOracle.outcome(codec, stream), "Kafka accepts");
        assertThrows(CorruptRecordException.class, () -> read(codec, stream));
    }

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void shouldTreatAnEmptySourceAsKafkaDoes(CompressionCodec codec) {
        byte[] kafka = KafkaCodecOracle.outcome(codec, new byte[0]);
        if (kafka == null) {
            assertThrows(CorruptRecordException.class, () -> read(codec, new byte[0]));
        } else {
            assertArrayEquals(kafka, read(codec, new byte[0]));
        }
    }

    @Test
    void shouldWriteGzipHeaderAsGzipOutputStream() {
        byte[] stream = ours(CompressionCodec.GZIP, DATA);
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff}, Arrays.copyOf(stream, 10));
    }

    @Test
    void shouldReadGzipHeadersWithEveryOptionalField() throws IOException {
        byte[] member = ours(CompressionCodec.GZIP, DATA);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(new byte[] {0x1f, (byte) 0x8b, 8, 0x1E, 1, 2, 3, 4, 0, 3});
        header.write(new byte[] {5, 0, 'x', 'y', 'z', 'z', 'y'});
        header.write("name.txt\0".getBytes());
        header.write("a comment\0".getBytes());
        CRC32 crc = new CRC32();
        crc.update(header.toByteArray());
        header.write((int) crc.getValue() & 0xFF);
        header.write((int) (crc.getValue() >>> 8) & 0xFF);
        byte[] stream = concat(header.toByteArray(), Arrays.copyOfRange(member, 10, member.length));
        assertBothRead(CompressionCodec.GZIP, DATA, stream);
        stream[header.size() - 1] ^= 1;
        assertBothReject(CompressionCodec.GZIP, stream);
    }

    @Test
    void shouldReadConcatenatedGzipMembersAndIgnoreTrailingGarbageAsGzipInputStream() throws IOException {
        byte[] a = ours(CompressionCodec.GZIP, Arrays.copyOf(DATA, 1000));
        byte[] b = KafkaCodecOracle.compress(CompressionCodec.GZIP, 1, Arrays.copyOfRange(DATA, 1000, 5000));
        assertBothRead(CompressionCodec.GZIP, Arrays.copyOf(DATA, 5000), concat(a, b));
        assertBothRead(CompressionCodec.GZIP, Arrays.copyOf(DATA, 1000), concat(a, new byte[40]));
    }

    @Test
    void shouldReadKafkaZstdFramesWhenContentSizeIsAbsent() throws IOException {
        byte[] kafka = KafkaCodecOracle.compress(CompressionCodec.ZSTD, 3, DATA);
        int descriptor = kafka[4] & 0xFF;
        assertEquals(0, descriptor >>> 6, "Kafka's streaming zstd writer records no content size");
        assertEquals(0, descriptor & 0x20, "and no single-segment flag");
        assertBothRead(CompressionCodec.ZSTD, DATA, kafka);
    }

    @Test
    void shouldReadConcatenatedZstdFramesAsZstdInputStream() throws IOException {
        byte[] a = KafkaCodecOracle.compress(CompressionCodec.ZSTD, 3, Arrays.copyOf(DATA, 7000));
        byte[] b = ours(CompressionCodec.ZSTD, Arrays.copyOfRange(DATA, 7000, 9000));
        assertBothRead(CompressionCodec.ZSTD, Arrays.copyOf(DATA, 9000), concat(a, b));
        assertBothReject(CompressionCodec.ZSTD, concat(a, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        assertBothReject(CompressionCodec.ZSTD, Arrays.copyOf(b, b.length - 1));
    }

    @Test
    void shouldWriteLz4FrameHeaderAsKafka() {
        byte[] stream = ours(CompressionCodec.LZ4, DATA);
        assertArrayEquals(new byte[] {0x04, 0x22, 0x4D, 0x18, 0x60, 0x40, Lz4FrameDescriptor.KAFKA_HC}, Arrays.copyOf(stream, 7));
        assertArrayEquals(new byte[4], Arrays.copyOfRange(stream, stream.length - 4, stream.length));
    }

    @Test
    void shouldReadLz4FramesWithChecksumsAndContentSizeAsKafka() throws IOException {
        for (LZ4FrameOutputStream.BLOCKSIZE size : LZ4FrameOutputStream.BLOCKSIZE.values()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(bytes, size, DATA.length,
                    LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.BLOCK_CHECKSUM,
                    LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM, LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE)) {
                out.write(DATA);
            }
            byte[] stream = bytes.toByteArray();
            assertBothRead(CompressionCodec.LZ4, DATA, stream);
            byte[] badBlock = stream.clone();
            badBlock[30] ^= 1;
            assertBothReject(CompressionCodec.LZ4, badBlock);
            // Kafka skips the content checksum; Varve verifies it.
            byte[] badContent = stream.clone();
            badContent[badContent.length - 1] ^= 1;
            assertArrayEquals(DATA, KafkaCodecOracle.outcome(CompressionCodec.LZ4, badContent));
            assertThrows(CorruptRecordException.class, () -> read(CompressionCodec.LZ4, badContent));
        }
    }

    @Test
    void shouldRejectDependentLz4BlocksAsKafka() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(bytes, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB)) {
            out.write(DATA);
        }
        byte[] stream = bytes.toByteArray();
        stream[4] &= ~0x20; // clear block independence, fix HC
        stream[6] = Lz4FrameDescriptor.headerChecksum(ByteBuffer.wrap(stream), 4, 2);
        assertBothReject(CompressionCodec.LZ4, stream);
    }

    @Test
    void shouldIgnoreBytesAfterTheLz4EndMarkAsKafka() throws IOException {
        byte[] stream = concat(ours(CompressionCodec.LZ4, DATA), new byte[] {9, 9, 9});
        assertBothRead(CompressionCodec.LZ4, DATA, stream);
    }

    @Test
    void shouldReadRawAndConcatenatedSnappyAsSnappyInputStream() throws IOException {
        byte[] raw = org.xerial.snappy.Snappy.compress(Arrays.copyOf(DATA, 5000));
        assertBothRead(CompressionCodec.SNAPPY, Arrays.copyOf(DATA, 5000), raw);
        byte[] a = ours(CompressionCodec.SNAPPY, Arrays.copyOf(DATA, 40_000));
        byte[] b = KafkaCodecOracle.compress(CompressionCodec.SNAPPY, 0, Arrays.copyOfRange(DATA, 40_000, 50_000));
        assertBothRead(CompressionCodec.SNAPPY, Arrays.copyOf(DATA, 50_000), concat(a, b));
        assertBothRead(CompressionCodec.SNAPPY, Arrays.copyOf(DATA, 40_000), concat(a, new byte[] {1, 2, 3}));
    }
}
