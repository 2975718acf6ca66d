package dev.varve.replication;

import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.ReadResult;
import dev.varve.engine.record.RecordBatchReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds a replica's leader epochs from the batches of its log, for a {@code leader-epoch-checkpoint}
 * that does not parse: each batch carries the epoch of the leader that appended it
 * ({@code partitionLeaderEpoch}), so the first batch of every higher epoch is where that epoch began.
 * Epochs whose leader wrote nothing are not in the log and stay unknown, as in Kafka after recovery;
 * a follower asking about one gets the start of the next known epoch, which only makes it truncate
 * less precisely, never keep a divergent record. Stateless; reads the log as any reader does.
 */
public final class LeaderEpochRebuild {
    private static final int READ_BYTES = 1 << 20;

    private LeaderEpochRebuild() {
    }

    /** The epochs of {@code log}'s batches from its log start to its end, oldest first, both columns increasing. */
    public static List<EpochEntry> fromBatches(PartitionLog log) {
        List<EpochEntry> entries = new ArrayList<>();
        RecordBatchReader reader = new RecordBatchReader();
        long offset = log.logStartOffset();
        long end = log.logEndOffset();
        while (offset < end) {
            ReadResult result = log.read(offset, READ_BYTES, end);
            if (result.status() != ReadResult.Status.OK || result.records().sizeInBytes() == 0) {
                break;
            }
            reader.reset(result.records().toBuffer());
            while (reader.next()) {
                int epoch = reader.batch().partitionLeaderEpoch();
                EpochEntry latest = entries.isEmpty() ? null : entries.get(entries.size() - 1);
                if (epoch >= 0 && (latest == null || epoch > latest.epoch())) {
                    entries.add(new EpochEntry(epoch, reader.batch().baseOffset()));
                }
                offset = reader.batch().nextOffset();
            }
        }
        return entries;
    }
}
