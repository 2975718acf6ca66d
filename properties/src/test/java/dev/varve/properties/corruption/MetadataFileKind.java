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
    LEADER_EPOCH(MetadataDirectory.EPOCHS_PARTITION.folderName() + "/" + LeaderEpochCheckpointFile.FILE_NAME,
            MetadataDirectory.EPOCHS),
    CLEAN_SHUTDOWN_MARKER(CleanShutdownMarker.FILE_NAME, null),
    PLAIN_METADATA(TopicMetadataFile.DIRECTORY + "/" + MetadataDirectory.PLAIN + TopicMetadataFile.SUFFIX,
            MetadataDirectory.PLAIN),
    COMPACTED_METADATA(TopicMetadataFile.DIRECTORY + "/" + MetadataDirectory.COMPACTED + TopicMetadataFile.SUFFIX,
            MetadataDirectory.COMPACTED),
    EPOCHS_METADATA(TopicMetadataFile.DIRECTORY + "/" + MetadataDirectory.EPOCHS + TopicMetadataFile.SUFFIX,
            MetadataDirectory.EPOCHS);

    /** The checkpoint kinds and the marker: small files, every byte of which the exhaustive test flips. */
    static final List<MetadataFileKind> CHECKPOINTS = List.of(RECOVERY_POINT, LOG_START, CLEANER_OFFSET, LEADER_EPOCH,
            CLEAN_SHUTDOWN_MARKER);
    /** The checkpoints parsed in memory: cheap enough to set every byte to every value in the default run. */
    static final List<MetadataFileKind> OFFSET_AND_EPOCH_CHECKPOINTS = List.of(RECOVERY_POINT, LOG_START, CLEANER_OFFSET,
            LEADER_EPOCH);

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

    /** The topic whose file this is, or null when it is the whole directory's. */
    String owner() {
        return owner;
    }
}
