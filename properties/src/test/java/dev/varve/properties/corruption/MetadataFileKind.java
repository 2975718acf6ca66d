package dev.varve.properties.corruption;

import dev.varve.engine.log.CleanShutdownMarker;
import dev.varve.engine.log.OffsetCheckpointFile;
import dev.varve.engine.topic.TopicMetadataFile;
import dev.varve.replication.LeaderEpochCheckpointFile;
import java.nio.file.Path;
import java.util.List;

/**
 * Every kind of file of a data directory that is not a segment or an index, with the one of each that
 * {@link MetadataDirectory} writes, and the topic that owns it ({@code null}: shared by every topic).
 */
enum MetadataFileKind {
    RECOVERY_POINT(OffsetCheckpointFile.RECOVERY_POINT, null),
    LOG_START(OffsetCheckpointFile.LOG_START_OFFSET, null),
    CLEANER_OFFSET(OffsetCheckpointFile.CLEANER_OFFSET, null),
    RECOVERY_POINT_TWIN(OffsetCheckpointFile.RECOVERY_POINT + OffsetCheckpointFile.TWIN_SUFFIX, null),
    LOG_START_TWIN(OffsetCheckpointFile.LOG_START_OFFSET + OffsetCheckpointFile.TWIN_SUFFIX, null),
    CLEANER_OFFSET_TWIN(OffsetCheckpointFile.CLEANER_OFFSET + OffsetCheckpointFile.TWIN_SUFFIX, null),
    LEADER_EPOCH(MetadataDirectory.EPOCHS_PARTITION.folderName() + "/" + LeaderEpochCheckpointFile.FILE_NAME,
            MetadataDirectory.EPOCHS),
    CLEAN_SHUTDOWN_MARKER(CleanShutdownMarker.FILE_NAME, null),
    PLAIN_METADATA(TopicMetadataFile.DIRECTORY + "/" + MetadataDirectory.PLAIN + TopicMetadataFile.SUFFIX,
            MetadataDirectory.PLAIN),
    COMPACTED_METADATA(TopicMetadataFile.DIRECTORY + "/" + MetadataDirectory.COMPACTED + TopicMetadataFile.SUFFIX,
            MetadataDirectory.COMPACTED),
    EPOCHS_METADATA(TopicMetadataFile.DIRECTORY + "/" + MetadataDirectory.EPOCHS + TopicMetadataFile.SUFFIX,
            MetadataDirectory.EPOCHS);

    /** The checkpoint kinds, their twins and the marker: small files, every byte of which the exhaustive test flips. */
    static final List<MetadataFileKind> CHECKPOINTS = List.of(RECOVERY_POINT, LOG_START, CLEANER_OFFSET, RECOVERY_POINT_TWIN,
            LOG_START_TWIN, CLEANER_OFFSET_TWIN, LEADER_EPOCH, CLEAN_SHUTDOWN_MARKER);
    /**
     * The checkpoints read without an engine: cheap enough to set every byte to every value in the default run
     * (the twins get their one-bit flips, every value under {@code -Pdeep}).
     */
    static final List<MetadataFileKind> OFFSET_AND_EPOCH_CHECKPOINTS = List.of(RECOVERY_POINT, LOG_START, CLEANER_OFFSET,
            LEADER_EPOCH);
    /** The offset checkpoints and their twins, in pairs: {@link #pair} maps one to the other. */
    static final List<MetadataFileKind> OFFSET_CHECKPOINTS_AND_TWINS = List.of(RECOVERY_POINT, LOG_START, CLEANER_OFFSET,
            RECOVERY_POINT_TWIN, LOG_START_TWIN, CLEANER_OFFSET_TWIN);

    private final String relativePath;
    private final String owner;

    MetadataFileKind(String relativePath, String owner) {
        this.relativePath = relativePath;
        this.owner = owner;
    }

    /** The file in the data directory {@code dir}. */
    Path in(Path dir) {
        return dir.resolve(relativePath);
    }

    /** The twin of an offset checkpoint, or the checkpoint of a twin. */
    MetadataFileKind pair() {
        int index = OFFSET_CHECKPOINTS_AND_TWINS.indexOf(this);
        if (index < 0) {
            throw new IllegalArgumentException("not an offset checkpoint or twin: " + this);
        }
        return OFFSET_CHECKPOINTS_AND_TWINS.get((index + 3) % 6);
    }

    /** Whether this is the Varve-only twin of an offset checkpoint. */
    boolean isTwin() {
        return OFFSET_CHECKPOINTS_AND_TWINS.indexOf(this) >= 3;
    }

    /** The topic whose file this is, or null when it is the whole directory's. */
    String owner() {
        return owner;
    }
}
