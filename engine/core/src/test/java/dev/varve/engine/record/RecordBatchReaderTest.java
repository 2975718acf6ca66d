package dev.varve.engine.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.api.CorruptRecordException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordBatchReaderTest {

    /** Two batches back to back: offsets 0-1 and 2-2. */
    private static ByteBuffer twoBatches() {
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(0);
            builder.append(1, "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
            builder.append(2, null, "w".getBytes(StandardCharsets.UTF_8));
            ByteBuffer first = builder.build();
            ByteBuffer both = ByteBuffer.allocate(first.remaining() * 2);
            both.put(first);
            builder.reset(2);
            builder.append(3, null, "x".getBytes(StandardCharsets.UTF_8));
            both.put(builder.build());
            return both.flip();
        }
    }

    private static CorruptRecordException readAll(ByteBuffer bytes) {
        RecordBatchReader batches = new RecordBatchReader().reset(bytes);
        try (RecordReader records = new RecordReader()) {
            return assertThrows(CorruptRecordException.class, () -> {
                while (batches.next()) {
                    records.open(batches.batch());
                    while (records.next()) {
                        records.headers();
                    }
                }
            });
        }
    }

    @Test
    void shouldReadBatchesBackToBackAndStopAtTheExactEnd() {
        RecordBatchReader batches = new RecordBatchReader().reset(twoBatches());
        assertTrue(batches.next());
        assertEquals(0, batches.batch().baseOffset());
        assertEquals(1, batches.batch().lastOffset());
        assertTrue(batches.next());
        assertEquals(2, batches.batch().baseOffset());
        assertFalse(batches.next());
        assertEquals(twoBatches().remaining(), batches.validBytes());
    }

    @Test
    void shouldReportATornTailAsTruncatedAtTheStartOfTheTornBatch() {
        ByteBuffer bytes = twoBatches();
        int firstSize = bytes.getInt(RecordBatchDescriptor.BATCH_LENGTH_OFFSET) + RecordBatchDescriptor.LOG_OVERHEAD;
        bytes.limit(bytes.limit() - 1);
        CorruptRecordException e = readAll(bytes);
        assertEquals(Reason.TRUNCATED, e.reason());
        assertEquals(firstSize, e.position());
    }

    @Test
    void shouldReportAFlippedBitAsABadCrc() {
        ByteBuffer bytes = twoBatches();
        int last = bytes.limit() - 1;
        bytes.put(last, (byte) (bytes.get(last) ^ 1));
        assertEquals(Reason.BAD_CRC, readAll(bytes).reason());
    }

    @Test
    void shouldAcceptAChangedLeaderEpochBecauseItIsOutsideTheCrc() {
        ByteBuffer bytes = twoBatches();
        bytes.putInt(RecordBatchDescriptor.PARTITION_LEADER_EPOCH_OFFSET, 77);
        RecordBatchReader batches = new RecordBatchReader().reset(bytes);
        assertTrue(batches.next());
        assertEquals(77, batches.batch().partitionLeaderEpoch());
    }

    @Test
    void shouldReportAWrongMagic() {
        ByteBuffer bytes = twoBatches();
        bytes.put(RecordBatchDescriptor.MAGIC_OFFSET, (byte) 1);
        assertEquals(Reason.BAD_MAGIC, readAll(bytes).reason());
    }

    @Test
    void shouldRefuseAHugeDeclaredLengthWithoutAllocating() {
        ByteBuffer bytes = twoBatches();
        bytes.putInt(RecordBatchDescriptor.BATCH_LENGTH_OFFSET, Integer.MAX_VALUE);
        CorruptRecordException e = readAll(bytes);
        assertEquals(Reason.TRUNCATED, e.reason());
        assertEquals(0, e.position());
    }

    @Test
    void shouldRefuseALengthBelowTheHeader() {
        ByteBuffer bytes = twoBatches();
        bytes.putInt(RecordBatchDescriptor.BATCH_LENGTH_OFFSET, 3);
        assertEquals(Reason.LENGTH_OUT_OF_BOUNDS, readAll(bytes).reason());
    }

    @Test
    void shouldRefuseAnUnknownCodecEvenWithAValidCrc() {
        ByteBuffer bytes = twoBatches();
        bytes.putShort(RecordBatchDescriptor.ATTRIBUTES_OFFSET, (short) 6);
        new RecordBatchFlyweight().wrap(bytes, 0).writeCrc();
        assertEquals(Reason.BAD_CODEC, readAll(bytes).reason());
    }

    @Test
    void shouldRefuseARecordCountTheBytesCannotHold() {
        ByteBuffer bytes = twoBatches();
        bytes.putInt(RecordBatchDescriptor.RECORDS_COUNT_OFFSET, 1_000_000);
        new RecordBatchFlyweight().wrap(bytes, 0).writeCrc();
        assertEquals(Reason.LENGTH_OUT_OF_BOUNDS, readAll(bytes).reason());
    }

    @Test
    void shouldRefuseFewerRecordsThanDeclared() {
        ByteBuffer bytes;
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(0);
            builder.append(1, null, new byte[40]);
            builder.append(2, null, new byte[40]);
            bytes = builder.build();
        }
        bytes.putInt(RecordBatchDescriptor.RECORDS_COUNT_OFFSET, 3);
        bytes.putInt(RecordBatchDescriptor.LAST_OFFSET_DELTA_OFFSET, 2);
        new RecordBatchFlyweight().wrap(bytes, 0).writeCrc();
        assertEquals(Reason.BAD_RECORD, readAll(bytes).reason());
    }

    @Test
    void shouldRefuseBytesLeftAfterTheDeclaredRecords() {
        ByteBuffer bytes = twoBatches();
        bytes.putInt(RecordBatchDescriptor.RECORDS_COUNT_OFFSET, 1);
        new RecordBatchFlyweight().wrap(bytes, 0).writeCrc();
        assertEquals(Reason.BAD_RECORD, readAll(bytes).reason());
    }

    @Test
    void shouldRefuseAKeyLengthPastTheRecord() {
        ByteBuffer bytes = twoBatches();
        int keyLength = RecordBatchDescriptor.RECORDS_OFFSET + 4; // length, attributes, ts delta, offset delta
        bytes.put(keyLength, (byte) 0x7e); // zigzag 63: far past the 1-byte key
        new RecordBatchFlyweight().wrap(bytes, 0).writeCrc();
        CorruptRecordException e = readAll(bytes);
        assertEquals(Reason.LENGTH_OUT_OF_BOUNDS, e.reason());
        assertEquals(keyLength, e.position());
    }

    @Test
    void shouldRefuseAVarintWiderThanFiveBytes() {
        ByteBuffer bytes = ByteBuffer.wrap(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0});
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> Varint.readVarint(bytes, 0, 6));
        assertEquals(Reason.BAD_VARINT, e.reason());
    }

    @Test
    void shouldRoundTripVarintsAtTheirExtremes() {
        ByteBuffer bytes = ByteBuffer.allocate(10);
        for (int value : new int[] {0, -1, 1, 63, -64, 64, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            int end = Varint.writeVarint(bytes, 0, value);
            assertEquals(Varint.sizeOfVarint(value), end);
            long packed = Varint.readVarint(bytes, 0, end);
            assertEquals(value, Varint.value(packed));
            assertEquals(end, Varint.width(packed));
        }
        for (long value : new long[] {0, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40}) {
            int end = Varint.writeVarlong(bytes, 0, value);
            assertEquals(Varint.sizeOfVarlong(value), end);
            assertEquals(value, Varint.readVarlong(bytes, 0, end));
            assertEquals(end, Varint.sizeOfVarlongAt(bytes, 0));
        }
    }

    @Test
    void shouldReportPositionsRelativeToWhereReadingStarted() {
        ByteBuffer bytes = twoBatches();
        ByteBuffer shifted = ByteBuffer.allocate(bytes.remaining() + 5);
        shifted.position(5);
        shifted.put(bytes.duplicate()).position(5);
        shifted.put(shifted.limit() - 1, (byte) 0);
        shifted.limit(shifted.limit() - 3);
        CorruptRecordException e = readAll(shifted);
        int firstSize = bytes.getInt(RecordBatchDescriptor.BATCH_LENGTH_OFFSET) + RecordBatchDescriptor.LOG_OVERHEAD;
        assertEquals(firstSize, e.position());
    }
}
