package dev.varve.engine.topic;

import dev.varve.engine.api.LogStorageException;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.log.LogFileName;
import dev.varve.engine.log.LogFileType;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** What a partition's folder holds on disk, for describing it: the engine's SPI does not say. */
final class PartitionFiles {
    private PartitionFiles() {
    }

    /**
     * The bytes of the partition's {@code .log} segment files (Kafka's {@code kafka-log-dirs} size), or
     * -1 when it has no folder under {@code dataDirectory} (an engine that keeps no files).
     */
    static long logBytes(Path dataDirectory, TopicPartition partition) {
        Path folder = dataDirectory.resolve(partition.folderName());
        if (!Files.isDirectory(folder)) {
            return -1;
        }
        long bytes = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                Optional<LogFileName> name = LogFileName.parse(file.getFileName().toString());
                if (name.isPresent() && name.get().type() == LogFileType.LOG && name.get().suffix() == LogFileName.Suffix.NONE) {
                    bytes += sizeOrZero(file);
                }
            }
        } catch (IOException e) {
            throw new LogStorageException("list partition files", folder.toString(), e);
        }
        return bytes;
    }

    private static long sizeOrZero(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException deletedMeanwhile) {
            return 0;
        }
    }
}
