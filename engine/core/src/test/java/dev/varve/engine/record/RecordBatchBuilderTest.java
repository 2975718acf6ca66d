package dev.varve.engine.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.InvalidRecordException;
import dev.varve.engine.record.codec.CompressionCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecordBatchBuilderTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    @Test
    void shouldWriteExactlyKafkasBytesForTheReferenceBatch() {
        // The hex dump verified against Kafka's MemoryRecordsBuilder (shared/reference/kafka-storage.md 1.3).
        String expected = "0000000000000064" + "00000047" + "ffffffff" + "02" + "42d266a5" + "0000" + "00000001"
                + "00000000000003e8" + "00000000000003ed" + "ffffffffffffffff" + "ffff" + "ffffffff" + "00000002"
                + "18000000026b02760202680278"
                + "10000a02010476320" + "0";
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(100);
            builder.append(1000, utf8("k"), utf8("v"), new RecordHeader("h", utf8("x")));
            builder.append(1005, null, utf8("v2"));
            assertEquals(expected, HexFormat.of().formatHex(bytes(builder.build())));
        }
    }

    @Test
    void shouldKeepNullAndEmptyKeysAndValuesApart() {
        try (RecordBatchBuilder builder = new RecordBatchBuilder(); RecordReader records = new RecordReader()) {
            builder.reset(0);
            builder.append(1, null, new byte[0]);
            builder.append(2, new byte[0], null);
            RecordBatchReader batches = new RecordBatchReader().reset(builder.build());
            assertTrue(batches.next());
            records.open(batches.batch());
            assertTrue(records.next());
            assertNull(records.key());
            assertArrayEquals(new byte[0], records.value());
            assertTrue(records.next());
            assertArrayEquals(new byte[0], records.key());
            assertNull(records.value());
            assertFalse(records.next());
            assertFalse(batches.next());
        }
    }

    @Test
    void shouldWriteEndTransactionMarkersAsKafkaDoes() {
        // Reference: withEndTransactionMarker(200, 1234, 5, 42, 3, COMMIT/9) is 78 bytes, attributes 0x30.
        try (RecordBatchBuilder builder = new RecordBatchBuilder(); RecordReader records = new RecordReader()) {
            builder.reset(200).producer(42, (short) 3, -1).partitionLeaderEpoch(5);
            builder.appendEndTxnMarker(ControlRecordType.COMMIT, 1234, 9);
            ByteBuffer batch = builder.build();
            assertEquals(78, batch.remaining());
            RecordBatchReader batches = new RecordBatchReader().reset(batch);
            assertTrue(batches.next());
            RecordBatchFlyweight header = batches.batch();
            assertEquals(0x30, header.attributes());
            assertEquals(1234, header.baseTimestamp());
            assertEquals(1234, header.maxTimestamp());
            records.open(header);
            assertTrue(records.next());
            assertEquals(ControlRecordType.COMMIT, records.controlType());
            assertEquals(9, records.coordinatorEpoch());
            assertEquals("00000001", HexFormat.of().formatHex(records.key()));
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void shouldRoundTripRecordsThroughEveryCodecWithAReusedBuilder(CompressionCodec codec) {
        try (RecordBatchBuilder builder = new RecordBatchBuilder(codec); RecordReader records = new RecordReader()) {
            for (int round = 0; round < 3; round++) {
                builder.reset(1000L * round).producer(7, (short) 1, round * 10).partitionLeaderEpoch(3);
                for (int i = 0; i < 200; i++) {
                    builder.append(5000 + i, utf8("key-" + i), utf8("{\"n\":" + i + ",\"text\":\"lorem ipsum\"}"),
                            new RecordHeader("trace", utf8("t" + i)));
                }
                RecordBatchReader batches = new RecordBatchReader().reset(builder.build());
                assertTrue(batches.next());
                RecordBatchFlyweight batch = batches.batch();
                assertEquals(codec, batch.compression());
                assertEquals(1000L * round + 199, batch.lastOffset());
                assertEquals(5199, batch.maxTimestamp());
                assertEquals(round * 10 + 199, batch.lastSequence());
                records.open(batch);
                for (int i = 0; i < 200; i++) {
                    assertTrue(records.next());
                    assertEquals(1000L * round + i, records.offset());
                    assertEquals(5000 + i, records.timestamp());
                    assertArrayEquals(utf8("key-" + i), records.key());
                    assertEquals("t" + i, new String(records.headers()[0].value(), StandardCharsets.UTF_8));
                }
                assertFalse(records.next());
                assertFalse(batches.next());
            }
        }
    }

    @Test
    void shouldRefuseOffsetsThatDoNotIncrease() {
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(10);
            builder.appendWithOffset(12, 0, null, null);
            assertThrows(InvalidRecordException.class, () -> builder.appendWithOffset(12, 0, null, null));
            assertEquals(1, builder.recordCount());
        }
    }

    @Test
    void shouldRefuseNullHeaderKeys() {
        assertThrows(InvalidRecordException.class, () -> new RecordHeader(null, new byte[0]));
    }

    @Test
    void shouldReportLogAppendTimeForEveryRecord() {
        try (RecordBatchBuilder builder = new RecordBatchBuilder(); RecordReader records = new RecordReader()) {
            builder.reset(0).logAppendTime(5000);
            builder.append(10, null, utf8("a"));
            builder.append(20, null, utf8("b"));
            RecordBatchReader batches = new RecordBatchReader().reset(builder.build());
            assertTrue(batches.next());
            assertEquals(TimestampType.LOG_APPEND_TIME, batches.batch().timestampType());
            records.open(batches.batch());
            while (records.next()) {
                assertEquals(5000, records.timestamp());
            }
        }
    }

    @Test
    void shouldGrowPastItsInitialBufferAndStayReusable() {
        try (RecordBatchBuilder builder = new RecordBatchBuilder(); RecordReader records = new RecordReader()) {
            byte[] value = new byte[10_000];
            for (int round = 0; round < 3; round++) {
                builder.reset(round * 100L);
                for (int i = 0; i < 50; i++) {
                    value[0] = (byte) i;
                    builder.append(i, null, value);
                }
                RecordBatchReader batches = new RecordBatchReader().reset(builder.build());
                assertTrue(batches.next());
                assertEquals(round * 100L + 49, batches.batch().lastOffset());
                records.open(batches.batch());
                int count = 0;
                while (records.next()) {
                    assertEquals((byte) count, records.value()[0]);
                    count++;
                }
                assertEquals(50, count);
            }
        }
    }
}
