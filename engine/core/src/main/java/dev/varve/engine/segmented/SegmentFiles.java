package dev.varve.engine.segmented;

import dev.varve.engine.api.LogStorageException;
import dev.varve.engine.log.DurableFile;
import dev.varve.engine.log.LogFileName;
import dev.varve.engine.log.LogFileType;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The files of one partition folder as a set of segments: which segments exist, which files are
 * leftovers of an interrupted operation, and how a segment's files are removed so a crash at any
 * instant leaves either the whole segment or a {@code .deleted} leftover that the next load removes.
 */
final class SegmentFiles {
    private SegmentFiles() {
    }

    /**
     * Removes what interrupted operations leave: {@code .deleted} and {@code .cleaned} files, and
     * indexes without a {@code .log}. Returns the base offsets of the segments that remain, ascending.
     */
    static TreeSet<Long> loadableSegments(Path dir) {
        List<LogFileName> names = list(dir);
        TreeSet<Long> logs = new TreeSet<>();
        for (LogFileName name : names) {
            if (name.type() == LogFileType.LOG && name.suffix() == LogFileName.Suffix.NONE) {
                logs.add(name.baseOffset());
            }
        }
        for (LogFileName name : names) {
            boolean leftover = name.suffix() == LogFileName.Suffix.DELETED || name.suffix() == LogFileName.Suffix.CLEANED;
            boolean orphan = name.suffix() == LogFileName.Suffix.NONE && !logs.contains(name.baseOffset());
            if (leftover || orphan) {
                remove(name.resolveIn(dir));
            }
        }
        return logs;
    }

    /** Renames every file of the segment at {@code baseOffset} to {@code .deleted}, then removes them. */
    static void delete(Path dir, long baseOffset) {
        List<Path> renamed = new ArrayList<>();
        for (LogFileType type : LogFileType.values()) {
            LogFileName live = LogFileName.of(baseOffset, type);
            Path source = live.resolveIn(dir);
            if (Files.exists(source)) {
                Path target = live.withSuffix(LogFileName.Suffix.DELETED).resolveIn(dir);
                try {
                    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new LogStorageException("rename to .deleted", source.toString(), e);
                }
                renamed.add(target);
            }
        }
        DurableFile.syncDirectory(dir);
        renamed.forEach(SegmentFiles::remove);
    }

    private static List<LogFileName> list(Path dir) {
        List<LogFileName> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Optional<LogFileName> name = LogFileName.parse(file.getFileName().toString());
                name.ifPresent(names::add);
            }
        } catch (IOException e) {
            throw new LogStorageException("list segments", dir.toString(), e);
        }
        return names;
    }

    private static void remove(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new LogStorageException("delete", file.toString(), e);
        }
    }
}
