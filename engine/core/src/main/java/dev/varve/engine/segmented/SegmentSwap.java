package dev.varve.engine.segmented;

import dev.varve.engine.api.LogStorageException;
import dev.varve.engine.log.DurableFile;
import dev.varve.engine.log.LogFileName;
import dev.varve.engine.log.LogFileType;
import dev.varve.engine.log.SegmentFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Swaps a cleaned segment in for the segments it replaces with renames that are safe to interrupt at
 * any instant, and finishes or rolls back an interrupted swap when the folder is next loaded: Kafka's
 * {@code .cleaned} / {@code .swap} / {@code .deleted} scheme. {@code B} is the base offset of the first
 * replaced segment, which the cleaned segment takes.
 *
 * <pre>
 * step  on disk afterwards                                        a crash here leaves, after the next load
 *  1    fsync B.{log,index,timeindex}.cleaned                      the original segments (cleaned deleted)
 *  2    rename them to .swap (.log last); fsync the folder         the original segments (a .cleaned left: roll back)
 *  3    rename each replaced segment's files to .deleted; fsync    the cleaned segment (the .swap wins)
 *  4    rename B.log.swap to B.log, then the indexes; fsync        the cleaned segment
 *  5    remove the .deleted files                                  the cleaned segment
 * </pre>
 *
 * <p>The rule at load ({@link #finishInterrupted}), N being the offset after the last batch of
 * {@code B.log.swap}: a {@code .swap} at or above the smallest {@code .cleaned} base offset belongs to a
 * swap whose step 2 did not finish, so step 3 never began: it is removed and the originals stay. Any
 * other {@code B.log.swap} is complete: every live segment with a base in {@code [B, max(N, B+1))} is
 * renamed {@code .deleted} (step 3 may have stopped part-way), then every {@code .swap} at B is renamed
 * to its live name. Index {@code .swap} files alone at B (step 4 stopped after the {@code .log}) are
 * renamed live. So every offset is served by exactly one segment: the cleaned one up to N, the
 * originals above it. A swap refuses a cleaned segment that ends before the replaced ones
 * ({@link #checkEndsWhereReplacedEnded}), so N is the group's end; for a folder an older version left
 * with a shorter one, a replaced segment above N that step 3 had not renamed yet stays live: it holds
 * only records superseded later in the log (or expired tombstones), never a key's latest value, and
 * the next pass removes it. Not thread-safe: the log's write lock (or the loader) serialises it.
 */
final class SegmentSwap {
    /** The three files a cleaned segment has, in the order step 2 renames them (the {@code .log} last). */
    private static final List<LogFileType> TO_SWAP = List.of(LogFileType.OFFSET_INDEX, LogFileType.TIME_INDEX, LogFileType.LOG);
    /** The order step 4 renames them to their live names (the {@code .log} first). */
    private static final List<LogFileType> TO_LIVE = List.of(LogFileType.LOG, LogFileType.OFFSET_INDEX, LogFileType.TIME_INDEX);

    /** Called after every rename and fsync of a swap; crash tests throw from it. */
    @FunctionalInterface
    interface StepHook {
        StepHook NONE = step -> { };

        void reached(String step);
    }

    private SegmentSwap() {
    }

    /**
     * Steps 1 to 4: the cleaned files at {@code base} replace {@code replaced} (retired here: indexes
     * closed, {@code .log} left open for slices in flight); the caller checked the cleaned segment first
     * ({@link #checkEndsWhereReplacedEnded}). The caller then opens the new segment and
     * removes the returned {@code .deleted} files (step 5).
     *
     * @throws LogStorageException on an I/O error; the folder is then in one of the states the next
     *     load finishes or rolls back, and the log must not be used further
     */
    static List<Path> swap(Path dir, long base, Collection<LogSegment> replaced, StepHook hook) {
        for (LogFileType type : TO_SWAP) {
            fsync(name(base, type, LogFileName.Suffix.CLEANED).resolveIn(dir));
        }
        hook.reached("fsync .cleaned");
        for (LogFileType type : TO_SWAP) {
            rename(dir, base, type, LogFileName.Suffix.CLEANED, LogFileName.Suffix.SWAP, hook);
        }
        syncDirectory(dir, hook);
        List<Path> doomed = new ArrayList<>();
        for (LogSegment segment : replaced) {
            segment.retire();
            doomed.addAll(SegmentFiles.renameToDeleted(dir, segment.baseOffset()));
            hook.reached("rename segment " + segment.baseOffset() + " to .deleted");
        }
        syncDirectory(dir, hook);
        for (LogFileType type : TO_LIVE) {
            rename(dir, base, type, LogFileName.Suffix.SWAP, LogFileName.Suffix.NONE, hook);
        }
        syncDirectory(dir, hook);
        return doomed;
    }

    /**
     * Refuses a cleaned segment that ends before the last replaced one did: recovery, which drops every
     * segment after one ending short of the next base (a lost unflushed tail), would take the hole for
     * lost data whenever it re-validates the segment (a lost or corrupt recovery-point checkpoint).
     *
     * @throws IllegalStateException when {@code <base>.log.cleaned} ends before the last of {@code replaced}
     */
    static void checkEndsWhereReplacedEnded(Path dir, long base, Collection<LogSegment> replaced) {
        LogSegment last = null;
        for (LogSegment segment : replaced) {
            last = segment;
        }
        Path cleanedLog = name(base, LogFileType.LOG, LogFileName.Suffix.CLEANED).resolveIn(dir);
        long replacedEnd = last.readNextOffset(new BatchHeaderScanner());
        long cleanedEnd = nextOffset(cleanedLog, base);
        if (cleanedEnd < replacedEnd) {
            throw new IllegalStateException("cleaned segment ends at offset " + cleanedEnd + " before the replaced segments' end "
                    + replacedEnd + " (a cleaner must keep their last batch, empty if need be): file=" + cleanedLog);
        }
    }

    /**
     * Finishes or rolls back every interrupted swap among {@code names} (the folder's files), by the
     * rule in the class documentation. Leaves {@code .cleaned} and {@code .deleted} files for the caller.
     *
     * @return whether anything was renamed or removed (the caller then fsyncs the folder)
     */
    static boolean finishInterrupted(Path dir, List<LogFileName> names) {
        long smallestCleaned = Long.MAX_VALUE;
        TreeSet<Long> swapBases = new TreeSet<>();
        TreeSet<Long> liveLogs = new TreeSet<>();
        for (LogFileName name : names) {
            if (name.suffix() == LogFileName.Suffix.CLEANED) {
                smallestCleaned = Math.min(smallestCleaned, name.baseOffset());
            } else if (name.suffix() == LogFileName.Suffix.SWAP) {
                swapBases.add(name.baseOffset());
            } else if (name.suffix() == LogFileName.Suffix.NONE && name.type() == LogFileType.LOG) {
                liveLogs.add(name.baseOffset());
            }
        }
        for (long base : swapBases) {
            if (base >= smallestCleaned) {
                for (LogFileName name : names) {
                    if (name.baseOffset() == base && name.suffix() == LogFileName.Suffix.SWAP) {
                        SegmentFiles.removeAll(List.of(name.resolveIn(dir)));
                    }
                }
                continue;
            }
            Path logSwap = name(base, LogFileType.LOG, LogFileName.Suffix.SWAP).resolveIn(dir);
            if (Files.exists(logSwap)) {
                long end = Math.max(nextOffset(logSwap, base), base + 1);
                for (long replaced : liveLogs.subSet(base, end)) {
                    SegmentFiles.renameToDeleted(dir, replaced);
                }
            }
            for (LogFileType type : TO_LIVE) {
                Path swap = name(base, type, LogFileName.Suffix.SWAP).resolveIn(dir);
                if (Files.exists(swap)) {
                    SegmentFiles.rename(swap, LogFileName.of(base, type).resolveIn(dir));
                }
            }
        }
        return !swapBases.isEmpty();
    }

    /** The offset after the last batch of a complete segment file (a {@code .swap} or {@code .cleaned} one), or its base when it is empty. */
    static long nextOffset(Path log, long base) {
        SegmentFile file = SegmentFile.open(log);
        try {
            BatchHeaderScanner scanner = new BatchHeaderScanner().reset(file, 0, file.sizeInBytes());
            long next = base;
            while (scanner.next()) {
                next = scanner.lastOffset() + 1;
            }
            return next;
        } finally {
            file.close();
        }
    }

    private static void rename(Path dir, long base, LogFileType type, LogFileName.Suffix from, LogFileName.Suffix to,
            StepHook hook) {
        SegmentFiles.rename(name(base, type, from).resolveIn(dir), name(base, type, to).resolveIn(dir));
        hook.reached("rename " + name(base, type, from) + " to " + to);
    }

    private static void syncDirectory(Path dir, StepHook hook) {
        DurableFile.syncDirectory(dir);
        hook.reached("fsync folder");
    }

    private static LogFileName name(long base, LogFileType type, LogFileName.Suffix suffix) {
        return LogFileName.of(base, type).withSuffix(suffix);
    }

    private static void fsync(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (IOException e) {
            throw new LogStorageException("fsync", file.toString(), e);
        }
    }
}
