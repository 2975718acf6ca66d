package dev.varve.properties.record;

import static dev.varve.engine.record.RecordBatchDescriptor.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import dev.varve.engine.record.codec.CompressionCodec;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Zip bombs: a small, valid-CRC batch whose record section expands past the reader's bound must fail
 * with {@code DECOMPRESSED_TOO_LARGE}, and must not take the (512 MiB) heap with it.
 */
class ZipBombTest {

    @ParameterizedTest
    @EnumSource(value = CompressionCodec.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void shouldRefuseASectionThatExpandsPastTheCallersBound(CompressionCodec codec) {
        assumeTrue(Codecs.isImplemented(codec), codec + " is not implemented in this build yet");
        ByteBuffer bomb = bomb(codec, 4 << 20);
        try (RecordReader records = new RecordReader(1 << 20)) {
            assertTooLarge(bomb, records);
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodec.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void shouldRefuseASectionThatExpandsPastTheDefaultBound(CompressionCodec codec) {
        assumeTrue(Codecs.isImplemented(codec), codec + " is not implemented in this build yet");
        ByteBuffer bomb = bomb(codec, RecordReader.DEFAULT_MAX_DECOMPRESSED_BYTES + (16 << 20));
        assertTrue(bomb.remaining() < 4 << 20, "the bomb is small: " + bomb.remaining() + " bytes");
        try (RecordReader records = new RecordReader()) {
            assertTooLarge(bomb, records);
        }
    }

    private static void assertTooLarge(ByteBuffer bomb, RecordReader records) {
        RecordBatchReader batches = new RecordBatchReader().reset(bomb);
        assertTrue(batches.next(), "the bomb's header and CRC are valid");
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> records.open(batches.batch()));
        assertEquals(CorruptRecordException.Reason.DECOMPRESSED_TOO_LARGE, e.reason(), e.toString());
    }

    /** One batch declaring one record, whose section is {@code zeros} zero bytes compressed as Kafka frames {@code codec}. */
    static ByteBuffer bomb(CompressionCodec codec, int zeros) {
        ByteBuffer header;
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(0).append(0, null, new byte[0]);
            header = VarveBatches.copy(builder.build());
        }
        byte[] body = KafkaBatches.compress(codec, new byte[zeros]);
        ByteBuffer batch = ByteBuffer.allocate(HEADER_SIZE + body.length);
        batch.put(0, header, 0, HEADER_SIZE).put(HEADER_SIZE, body);
        batch.putShort(ATTRIBUTES_OFFSET, (short) codec.id());
        batch.putInt(BATCH_LENGTH_OFFSET, batch.capacity() - LOG_OVERHEAD);
        new RecordBatchFlyweight().wrap(batch, 0).writeCrc();
        return batch;
    }
}
