package dev.varve.engine.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.CorruptRecordException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by properties/ HostileInputTest, seed 798868574685): a record-level error in an
 * uncompressed batch read from a buffer whose position is not 0 reported its position from index 0,
 * while batch-level errors count from the reader's start, so the same bytes gave 62 or 61 depending
 * on where they sat.
 */
class RecordReaderPositionTest {

    @Test
    void shouldReportRecordErrorPositionsFromWhereReadingStarted() {
        ByteBuffer batch;
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(0).append(1, new byte[] {1}, new byte[0]);
            batch = builder.build();
        }
        byte[] bytes = new byte[1 + batch.remaining()];
        batch.get(0, bytes, 1, batch.remaining());
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        buffer.put(1 + RecordBatchDescriptor.RECORDS_OFFSET, (byte) 0x0f); // record length -8
        new RecordBatchFlyweight().wrap(buffer, 1).writeCrc();

        RecordBatchReader batches = new RecordBatchReader().reset(buffer.position(1));
        assertTrue(batches.next());
        try (RecordReader records = new RecordReader()) {
            records.open(batches.batch());
            CorruptRecordException e = assertThrows(CorruptRecordException.class, records::next);
            assertEquals(CorruptRecordException.Reason.LENGTH_OUT_OF_BOUNDS, e.reason());
            assertEquals(RecordBatchDescriptor.RECORDS_OFFSET, e.position());
        }
    }
}
