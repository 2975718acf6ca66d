package dev.varve.engine.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by properties/ HostileInputTest.damagedInputWeAcceptShouldReadTheSameInKafka,
 * seed 833435887387): a CRC-valid batch with base sequence -16777217 (one bit of -1 flipped) gave
 * its record sequence -16777217, where Kafka's reader gives -1 (NO_SEQUENCE) for any negative base.
 */
class RecordReaderSequenceTest {

    @Test
    void shouldReportNoSequenceForAnyNegativeBaseSequence() {
        ByteBuffer batch;
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(0).append(1, new byte[0], new byte[0]);
            builder.append(2, new byte[0], new byte[0]);
            batch = builder.build();
        }
        batch.putInt(RecordBatchDescriptor.BASE_SEQUENCE_OFFSET, -16777217);
        new RecordBatchFlyweight().wrap(batch, 0).writeCrc();
        RecordBatchReader batches = new RecordBatchReader().reset(batch);
        assertTrue(batches.next());
        try (RecordReader records = new RecordReader()) {
            records.open(batches.batch());
            while (records.next()) {
                assertEquals(-1, records.sequence());
            }
        }
    }
}
