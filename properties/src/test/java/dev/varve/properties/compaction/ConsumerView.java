package dev.varve.properties.compaction;

import static dev.varve.properties.engine.StepTrace.check;

import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.ReadResult;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import dev.varve.properties.compaction.CompactedLogModel.Written;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a partition as a consumer does: fetches of at most {@code maxBytes} from the log start, each from
 * the offset after the last batch served (often inside a hole a cleaning left), every batch's CRC
 * checked, until the log end; control batches (transaction markers) are skipped, as consumers skip them. Fails when a fetch inside the log serves nothing.
 */
final class ConsumerView {
    private ConsumerView() {
    }

    static List<Written> readAll(PartitionLog log, int maxBytes) {
        List<Written> out = new ArrayList<>();
        long next = log.logStartOffset();
        long end = log.logEndOffset();
        RecordBatchReader batches = new RecordBatchReader();
        try (RecordReader records = new RecordReader()) {
            while (next < end) {
                ReadResult result = log.read(next, maxBytes, Long.MAX_VALUE);
                check(result.status() == ReadResult.Status.OK, "read(" + next + ") status " + result.status());
                batches.reset(result.records().toBuffer());
                long before = next;
                while (batches.next()) {
                    records.open(batches.batch());
                    while (!batches.batch().isControl() && records.next()) {
                        if (records.offset() >= next) {
                            out.add(new Written(records.offset(), new String(records.key(), StandardCharsets.UTF_8), records.value(),
                                    batches.batch().isTransactional()));
                        }
                    }
                    next = batches.batch().nextOffset();
                }
                check(next > before, "read(" + before + ") below the log end " + end + " served no batch");
            }
        } catch (CorruptRecordException e) {
            throw new AssertionError("the log served corrupt bytes: " + e.getMessage(), e);
        }
        return out;
    }
}
