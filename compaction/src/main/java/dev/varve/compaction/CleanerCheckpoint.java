package dev.varve.compaction;

import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.log.CorruptCheckpointException;
import dev.varve.engine.log.OffsetCheckpointFile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * A data directory's {@code cleaner-offset-checkpoint}, Kafka's file and format (the format of
 * {@code recovery-point-offset-checkpoint}): per partition, the first dirty offset, below which the log
 * has been cleaned. Read once when constructed, written whole (atomically and durably) on every
 * update. A damaged file reads as its checksummed twin's copy ({@code OffsetCheckpointFile}); a missing
 * file, or a corrupt one without a valid twin, reads as empty: every partition is then dirty from its log
 * start, which costs a longer pass, never a wrong one. Thread-safe; use one instance per data directory (it
 * writes every partition it knows, so two instances would overwrite each other's entries).
 */
public final class CleanerCheckpoint {
    private static final Logger LOG = Logger.getLogger(CleanerCheckpoint.class.getName());

    private final OffsetCheckpointFile file;
    private final Map<TopicPartition, Long> offsets;

    public CleanerCheckpoint(Path dataDirectory) {
        this.file = new OffsetCheckpointFile(dataDirectory.resolve(OffsetCheckpointFile.CLEANER_OFFSET));
        this.offsets = readOrEmpty(file);
    }

    private static Map<TopicPartition, Long> readOrEmpty(OffsetCheckpointFile file) {
        try {
            return new HashMap<>(file.read());
        } catch (CorruptCheckpointException e) {
            LOG.warning(() -> "ignoring a corrupt cleaner checkpoint, every compacted partition is dirty from its start: " + e.getMessage());
            return new HashMap<>();
        }
    }

    /**
     * The first dirty offset of {@code partition}, Kafka's rule: the checkpointed offset, or
     * {@code logStartOffset} when there is none or it lies below the log start or above {@code maxOffset}
     * (the log was truncated or recreated under it).
     */
    public synchronized long firstDirtyOffset(TopicPartition partition, long logStartOffset, long maxOffset) {
        Long checkpointed = offsets.get(partition);
        return checkpointed == null || checkpointed < logStartOffset || checkpointed > maxOffset ? logStartOffset : checkpointed;
    }

    /** Records that {@code partition} is clean below {@code firstDirtyOffset}, and writes the file. */
    public synchronized void update(TopicPartition partition, long firstDirtyOffset) {
        offsets.put(partition, firstDirtyOffset);
        file.write(new HashMap<>(offsets));
    }
}
