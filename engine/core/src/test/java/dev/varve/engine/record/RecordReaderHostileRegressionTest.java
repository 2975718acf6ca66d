package dev.varve.engine.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.record.codec.CompressionCodec;
import dev.varve.engine.record.codec.Compressor;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Regressions found by properties/ HostileInputTest; each names its seed and shrunk case. */
class RecordReaderHostileRegressionTest {

    /**
     * Seed 899970585954: a gzip batch whose record section (re-compressed, CRC re-stamped) ends inside
     * a varint reported BAD_VARINT at the index into the decompressed section (882), outside the
     * 871-byte buffer, instead of at the batch's start like every other compressed-section error.
     */
    @Test
    void shouldLocateAVarintErrorInACompressedSectionAtTheBatchStart() {
        ByteBuffer section = ByteBuffer.allocate(RecordBatchDescriptor.RECORDS_OFFSET);
        // one minimal record (length 6, attributes, deltas 0, null key and value, no headers), then a
        // varint that runs past the end of the section at decompressed index 7
        section.put(new byte[] {0x0c, 0, 0, 0, 0x01, 0x01, 0, (byte) 0x80}).flip();
        ByteBuffer batch = ByteBuffer.allocate(1024);
        try (RecordBatchBuilder builder = new RecordBatchBuilder(); Compressor gzip = CompressionCodec.GZIP.newCompressor()) {
            builder.reset(0).append(0, null, null);
            builder.append(0, null, null);
            batch.put(builder.build());
            batch.position(RecordBatchDescriptor.RECORDS_OFFSET);
            gzip.compress(section, batch);
        }
        batch.flip();
        batch.putShort(RecordBatchDescriptor.ATTRIBUTES_OFFSET, (short) CompressionCodec.GZIP.id());
        batch.putInt(RecordBatchDescriptor.BATCH_LENGTH_OFFSET, batch.limit() - RecordBatchDescriptor.LOG_OVERHEAD);
        new RecordBatchFlyweight().wrap(batch, 0).writeCrc();

        RecordBatchReader batches = new RecordBatchReader().reset(batch);
        assertTrue(batches.next());
        try (RecordReader records = new RecordReader()) {
            records.open(batches.batch());
            assertTrue(records.next());
            CorruptRecordException e = assertThrows(CorruptRecordException.class, records::next);
            assertEquals(CorruptRecordException.Reason.BAD_VARINT, e.reason());
            assertEquals(0, e.position());
        }
    }

    /**
     * Seed 898006330622: a CRC-valid batch with base sequence 0 whose record's offset delta is -2
     * read as sequence -2, where Kafka's reader gives 2147483646 (its incrementSequence wraps). Such a
     * record's offset lies outside its batch: it is now refused (offset deltas must rise within the
     * batch's last offset delta), stricter than Kafka, as the differential property allows.
     */
    @Test
    void shouldRefuseANegativeOffsetDeltaThatKafkaReadsAsAWrappedSequence() {
        ByteBuffer batch;
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(0).producer(0, (short) 0, 0).append(0, null, null);
            batch = builder.build();
        }
        int offsetDelta = RecordBatchDescriptor.RECORDS_OFFSET + 3; // length, attributes, timestamp delta
        batch.put(offsetDelta, (byte) 0x03); // zigzag -2
        new RecordBatchFlyweight().wrap(batch, 0).writeCrc();
        RecordBatchReader batches = new RecordBatchReader().reset(batch);
        assertTrue(batches.next());
        try (RecordReader records = new RecordReader()) {
            records.open(batches.batch());
            CorruptRecordException e = assertThrows(CorruptRecordException.class, records::next);
            assertEquals(CorruptRecordException.Reason.BAD_RECORD, e.reason());
            assertEquals(RecordBatchDescriptor.RECORDS_OFFSET, e.position());
        }
    }
}
