package dev.varve.replication;

import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.ReadResult;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a replica's leader epochs against the batches of its log, and rebuilds them from the batches
 * for a {@code leader-epoch-checkpoint} that does not parse or does not agree with the log (Kafka's file
 * has no checksum, so a changed digit still parses). Each batch carries the epoch of the leader that
 * appended it ({@code partitionLeaderEpoch}), so the first batch of every higher epoch is where that epoch
 * began. Epochs whose leader wrote nothing are not in the log and stay unknown, as in Kafka after
 * recovery; a follower asking about one gets the start of the next known epoch, which only makes it
 * truncate less precisely, never keep a divergent record. Stateless; reads the log as any reader does.
 */
public final class LeaderEpochRebuild {
    private static final int READ_BYTES = 1 << 20;

    private LeaderEpochRebuild() {
    }

    /**
     * Why {@code entries}, as read from the checkpoint before any truncation, cannot be {@code log}'s
     * epochs, or null when they can: both columns must strictly increase; each entry (E, S) inside the log
     * must start at a batch boundary with a batch of epoch E (or, where compaction removed it, of a later
     * epoch) after a batch of an earlier epoch; and the last batch must carry the epoch in force at its
     * offset. Costs two small reads per entry, never a scan.
     */
    public static String inconsistency(List<EpochEntry> entries, PartitionLog log) {
        RecordBatchReader reader = new RecordBatchReader();
        long logStart = log.logStartOffset();
        long logEnd = log.logEndOffset();
        EpochEntry previous = null;
        int lastEpochInLog = EpochEntry.UNDEFINED_EPOCH;
        for (EpochEntry entry : entries) {
            if (previous != null && (entry.epoch() <= previous.epoch() || entry.startOffset() <= previous.startOffset())) {
                return "entries do not increase: " + previous + " then " + entry;
            }
            previous = entry;
            long start = entry.startOffset();
            if (start >= logStart && start < logEnd) {
                RecordBatchFlyweight at = firstBatch(log, start, reader);
                if (at.baseOffset() < start || at.partitionLeaderEpoch() < entry.epoch()
                        || at.baseOffset() == start && at.partitionLeaderEpoch() != entry.epoch()) {
                    return "entry " + entry + " disagrees with the batch at offset " + at.baseOffset() + " of epoch "
                            + at.partitionLeaderEpoch();
                }
            }
            if (start > logStart && start <= logEnd) {
                RecordBatchFlyweight before = firstBatch(log, start - 1, reader);
                if (before.baseOffset() < start && before.partitionLeaderEpoch() >= entry.epoch()) {
                    return "entry " + entry + " follows a batch of epoch " + before.partitionLeaderEpoch() + " at offset "
                            + before.baseOffset();
                }
            }
            if (start < logEnd) {
                lastEpochInLog = entry.epoch();
            }
        }
        if (logEnd > logStart) {
            RecordBatchFlyweight last = firstBatch(log, logEnd - 1, reader);
            if (last.partitionLeaderEpoch() >= 0 && last.partitionLeaderEpoch() != lastEpochInLog) {
                return "the last batch, at offset " + last.baseOffset() + ", has epoch " + last.partitionLeaderEpoch()
                        + " but the entries say " + lastEpochInLog;
            }
        }
        return null;
    }

    private static RecordBatchFlyweight firstBatch(PartitionLog log, long offset, RecordBatchReader reader) {
        ReadResult result = log.read(offset, 1, log.logEndOffset());
        reader.reset(result.records().toBuffer());
        if (result.status() != ReadResult.Status.OK || !reader.next()) {
            throw new IllegalStateException("no batch at an offset inside the log: offset=" + offset);
        }
        return reader.batch();
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
