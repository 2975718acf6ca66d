package dev.varve.replication;

import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.log.CorruptCheckpointException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Which leader epoch began at which offset in one replica's log, as Kafka's {@code LeaderEpochFileCache}
 * keeps it: epochs and start offsets both strictly increase. Every change is written through to its
 * {@link LeaderEpochCheckpoint} before the method returns, so after a crash the cache is what was last
 * written; the owner then calls {@link #truncateFromEnd} with the recovered log end, as Kafka's log loader
 * does, so no entry starts beyond the log.
 *
 * <p>Answers {@link #endOffsetFor} as a leader answers OffsetsForLeaderEpoch (KIP-101 with KIP-279's
 * epoch in the reply). Not thread-safe: the replica that owns it is single-threaded.
 */
public final class LeaderEpochCache {
    private static final Logger LOG = Logger.getLogger(LeaderEpochCache.class.getName());
    private final LeaderEpochCheckpoint checkpoint;
    private final List<EpochEntry> entries;

    /**
     * A cache holding what {@code checkpoint} holds.
     *
     * @throws CorruptCheckpointException when the checkpoint does not parse
     */
    public LeaderEpochCache(LeaderEpochCheckpoint checkpoint) {
        this.checkpoint = checkpoint;
        this.entries = new ArrayList<>(checkpoint.read());
    }

    private LeaderEpochCache(LeaderEpochCheckpoint checkpoint, List<EpochEntry> entries) {
        this.checkpoint = checkpoint;
        this.entries = new ArrayList<>(entries);
    }

    /**
     * A cache holding what {@code checkpoint} holds, without entries from the log end on (Kafka's loader
     * truncates them so), or, when it does not parse or disagrees with the
     * batches of {@code log} (a damaged file: see {@link LeaderEpochRebuild#inconsistency}), the epochs
     * found in the log's batches, written back at once: one bad byte costs a scan of the log, never the
     * partition. A warning names the file and what is wrong.
     */
    public static LeaderEpochCache readOrRebuild(LeaderEpochCheckpoint checkpoint, PartitionLog log) {
        String problem;
        try {
            List<EpochEntry> stored = checkpoint.read();
            problem = LeaderEpochRebuild.inconsistency(stored, log);
            if (problem == null) {
                LeaderEpochCache read = new LeaderEpochCache(checkpoint, stored);
                read.truncateFromEnd(log.logEndOffset());
                return read;
            }
            problem = checkpoint + ": " + problem;
        } catch (CorruptCheckpointException e) {
            problem = e.getMessage();
        }
        String reason = problem;
        LOG.warning(() -> "rebuilding the leader epochs from the log's batches: " + reason);
        List<EpochEntry> rebuilt = LeaderEpochRebuild.fromBatches(log);
        checkpoint.write(rebuilt);
        return new LeaderEpochCache(checkpoint, rebuilt);
    }

    /**
     * Records that {@code epoch} starts at {@code startOffset}. A no-op when the latest entry has this
     * epoch and does not start later; otherwise every entry at the tail with an epoch at or above
     * {@code epoch}, or a start offset at or above {@code startOffset}, is removed first, so both columns
     * stay strictly increasing (Kafka's {@code assign}).
     */
    public void assign(int epoch, long startOffset) {
        if (epoch < 0) {
            throw new IllegalArgumentException("a leader epoch must not be negative: epoch=" + epoch);
        }
        EpochEntry latest = latest();
        if (latest != null && latest.epoch() == epoch && latest.startOffset() <= startOffset) {
            return;
        }
        while (!entries.isEmpty()) {
            EpochEntry last = entries.get(entries.size() - 1);
            if (last.epoch() < epoch && last.startOffset() < startOffset) {
                break;
            }
            entries.remove(entries.size() - 1);
        }
        entries.add(new EpochEntry(epoch, startOffset));
        checkpoint.write(entries);
    }

    /** The latest epoch, or {@link EpochEntry#UNDEFINED_EPOCH} when the cache is empty. */
    public int latestEpoch() {
        EpochEntry latest = latest();
        return latest == null ? EpochEntry.UNDEFINED_EPOCH : latest.epoch();
    }

    private EpochEntry latest() {
        return entries.isEmpty() ? null : entries.get(entries.size() - 1);
    }

    /**
     * Where {@code requestedEpoch} ends in this log: the largest epoch at or below it and the start offset
     * of the next epoch, or the log end for the latest epoch (Kafka's {@code endOffsetFor}).
     *
     * @return (UNDEFINED, UNDEFINED) for an undefined request or when no epoch above it is known and it is
     *     not the latest; (requested, start of the first later epoch) when no epoch at or below it is known
     */
    public EpochEndOffset endOffsetFor(int requestedEpoch, long logEndOffset) {
        if (requestedEpoch == EpochEntry.UNDEFINED_EPOCH || entries.isEmpty()) {
            return EpochEndOffset.UNDEFINED;
        }
        if (requestedEpoch == latestEpoch()) {
            return new EpochEndOffset(requestedEpoch, logEndOffset);
        }
        EpochEntry floor = null;
        for (EpochEntry entry : entries) {
            if (entry.epoch() > requestedEpoch) {
                return new EpochEndOffset(floor == null ? requestedEpoch : floor.epoch(), entry.startOffset());
            }
            floor = entry;
        }
        return EpochEndOffset.UNDEFINED;
    }

    /** Removes every entry that starts at or after {@code endOffset}: the log was truncated there. */
    public void truncateFromEnd(long endOffset) {
        boolean changed = entries.removeIf(entry -> entry.startOffset() >= endOffset);
        if (changed) {
            checkpoint.write(entries);
        }
    }

    /** The entries, oldest first (a copy). */
    public List<EpochEntry> entries() {
        return List.copyOf(entries);
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
