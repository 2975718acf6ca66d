package dev.varve.engine.segmented;

import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.log.CorruptCheckpointException;
import dev.varve.engine.log.OffsetCheckpointFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * A data directory's {@code recovery-point-offset-checkpoint} and {@code log-start-offset-checkpoint}:
 * what was read at start, updated per partition, written whole (each file atomically and durably, with
 * its checksummed twin, see {@code OffsetCheckpointFile}). A damaged file reads as its twin's copy (what
 * Varve wrote). A missing file, or a corrupt one (any byte a checkpoint writer never writes, see
 * {@code CheckpointFormat}) without a valid twin, reads as empty, with a warning naming the file and line:
 * after an unclean shutdown every partition then recovers from its start, and every log starts at its first
 * segment; slower, never wrong. Thread-safe.
 */
final class LogDirCheckpoints {
    private static final Logger LOG = Logger.getLogger(LogDirCheckpoints.class.getName());

    private final OffsetCheckpointFile recoveryPointFile;
    private final OffsetCheckpointFile logStartFile;
    private final Map<TopicPartition, Long> recoveryPoints;
    private final Map<TopicPartition, Long> logStarts;

    LogDirCheckpoints(Path dataDirectory) {
        this.recoveryPointFile = new OffsetCheckpointFile(dataDirectory.resolve(OffsetCheckpointFile.RECOVERY_POINT));
        this.logStartFile = new OffsetCheckpointFile(dataDirectory.resolve(OffsetCheckpointFile.LOG_START_OFFSET));
        this.recoveryPoints = readOrEmpty(recoveryPointFile, "after an unclean shutdown every partition is recovered from its start");
        this.logStarts = readOrEmpty(logStartFile, "every log starts at its first segment");
    }

    private static Map<TopicPartition, Long> readOrEmpty(OffsetCheckpointFile file, String consequence) {
        if (!Files.exists(file.file())) {
            return new HashMap<>();
        }
        try {
            return new HashMap<>(file.read());
        } catch (CorruptCheckpointException e) {
            LOG.warning(() -> "ignoring a corrupt checkpoint, " + consequence + ": " + e.getMessage());
            return new HashMap<>();
        }
    }

    synchronized long recoveryPoint(TopicPartition partition) {
        return recoveryPoints.getOrDefault(partition, 0L);
    }

    synchronized long logStart(TopicPartition partition) {
        return logStarts.getOrDefault(partition, 0L);
    }

    /** Records a log's current recovery point and log start, to be written by {@link #write()}. */
    synchronized void record(SegmentedPartitionLog log) {
        recoveryPoints.put(log.topicPartition(), log.recoveryPoint());
        logStarts.put(log.topicPartition(), log.logStartForCheckpoint());
    }

    /** Forgets a deleted partition. */
    synchronized void remove(TopicPartition partition) {
        recoveryPoints.remove(partition);
        logStarts.remove(partition);
    }

    /** Writes both files with every partition recorded so far. */
    synchronized void write() {
        recoveryPointFile.write(new HashMap<>(recoveryPoints));
        logStartFile.write(new HashMap<>(logStarts));
    }
}
