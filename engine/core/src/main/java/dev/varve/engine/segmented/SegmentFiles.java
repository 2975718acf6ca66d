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
     * Removes what interrupted operations leave: finishes or rolls back an interrupted swap
     * ({@link SegmentSwap#finishInterrupted}), then removes {@code .deleted} and {@code .cleaned} files,
     * and indexes without a {@code .log}. Returns the base offsets of the segments that remain, ascending.
     */
    static TreeSet<Long> loadableSegments(Path dir) {
        if (SegmentSwap.finishInterrupted(dir, list(dir))) {
            DurableFile.syncDirectory(dir);
        }
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
        List<Path> renamed = renameToDeleted(dir, baseOffset);
        DurableFile.syncDirectory(dir);
        removeAll(renamed);
    }

    /**
     * Renames every live file of the segment at {@code baseOffset} to {@code .deleted}, its {@code .log}
     * first (so a crash half-way leaves only indexes, orphans the next load removes); no directory fsync.
     *
     * @return the renamed files
     */
    static List<Path> renameToDeleted(Path dir, long baseOffset) {
        List<Path> renamed = new ArrayList<>();
        for (LogFileType type : LogFileType.values()) {
            LogFileName live = LogFileName.of(baseOffset, type);
            Path source = live.resolveIn(dir);
            if (Files.exists(source)) {
                Path target = live.withSuffix(LogFileName.Suffix.DELETED).resolveIn(dir);
                rename(source, target);
                renamed.add(target);
            }
        }
        return renamed;
    }

    /** Renames {@code source} over {@code target} atomically. */
    static void rename(Path source, Path target) {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new LogStorageException("rename to " + target.getFileName(), source.toString(), e);
        }
    }

    /** Removes {@code files}, ignoring those already gone. */
    static void removeAll(List<Path> files) {
        files.forEach(SegmentFiles::remove);
    }

    static List<LogFileName> list(Path dir) {
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
