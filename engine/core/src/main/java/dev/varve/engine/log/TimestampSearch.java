package dev.varve.engine.log;

import dev.varve.engine.api.TimestampOffset;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordReader;

/**
 * The record-level half of a lookup by timestamp, shared by engines: within one batch, the first record
 * at or above a minimum offset (the log start) whose timestamp is at or after the target, as Kafka's
 * {@code FileRecords.searchForTimestamp} finds it. Engines pick the batches (skipping any whose max
 * timestamp is below the target); this scans one. Stateless; thread-safe as long as the reader is not
 * shared.
 */
public final class TimestampSearch {
    private TimestampSearch() {
    }

    /**
     * @return the first matching record's timestamp and offset, or null when the batch has none
     */
    public static TimestampOffset firstAtOrAfter(RecordBatchFlyweight batch, RecordReader records,
            long targetTimestamp, long minOffset) {
        if (batch.maxTimestamp() < targetTimestamp || batch.lastOffset() < minOffset) {
            return null;
        }
        records.open(batch);
        while (records.next()) {
            if (records.offset() >= minOffset && records.timestamp() >= targetTimestamp) {
                return new TimestampOffset(records.timestamp(), records.offset());
            }
        }
        return null;
    }
}
