package dev.varve.engine.segmented;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.LogConfigKey;
import dev.varve.engine.api.LogSlice;
import dev.varve.engine.log.DurableFile;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * The segments of one partition folder by base offset, the last one active: which segment holds an
 * offset, and every change to the set (roll, delete from either end, swap a cleaned segment in), each
 * leaving the folder in a state a crash at any instant can be loaded from. Tracks whether the set
 * changed since the folder was last fsynced. Never empty once constructed.
 *
 * <p>Thread-safety: the owning log serialises changes (its write lock); lookups and iteration are
 * safe from concurrent readers (a concurrent skip list).
 */
final class SegmentSet {
    private final Path dir;
    private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
    /** Segments a swap replaced, whose {@code .log} stays open for slices in flight, with the time they went. */
    private final ArrayDeque<Retired> retired = new ArrayDeque<>();
    private SegmentSwap.StepHook swapHook = SegmentSwap.StepHook.NONE;
    private boolean changedSinceSync;

    SegmentSet(Path dir, NavigableMap<Long, LogSegment> loaded) {
        this.dir = dir;
        this.segments.putAll(loaded);
        boundSegments();
    }

    /**
     * Tells every segment the offset its batches must stay below (the next segment's base, none for the
     * last), after any change to the set: a batch reaching into the next segment's range is corrupt.
     */
    private void boundSegments() {
        for (Map.Entry<Long, LogSegment> entry : segments.entrySet()) {
            Long next = segments.higherKey(entry.getKey());
            entry.getValue().boundOffsets(next == null ? Long.MAX_VALUE : next);
        }
    }

    Path dir() {
        return dir;
    }

    LogSegment active() {
        return segments.lastEntry().getValue();
    }

    LogSegment first() {
        return segments.firstEntry().getValue();
    }

    long firstBase() {
        return segments.firstKey();
    }

    /** The segment that holds {@code offset} (the last with a base at or below it), or null below the first. */
    Map.Entry<Long, LogSegment> floor(long offset) {
        return segments.floorEntry(offset);
    }

    /** The next segment after the one at {@code base}, or null after the active one. */
    Map.Entry<Long, LogSegment> next(long base) {
        return segments.higherEntry(base);
    }

    /** Base of the segment after the one at {@code base}, or null. */
    Long nextBase(long base) {
        return segments.higherKey(base);
    }

    Collection<LogSegment> all() {
        return segments.values();
    }

    /** The segments from the one holding {@code offset} (or the first) to the active one. */
    Collection<LogSegment> from(long offset) {
        Long floor = segments.floorKey(offset);
        return segments.tailMap(floor == null ? segments.firstKey() : floor, true).values();
    }

    int count() {
        return segments.size();
    }

    long sizeInBytes() {
        long size = 0;
        for (LogSegment segment : segments.values()) {
            size += segment.sizeInBytes();
        }
        return size;
    }

    /** What the cleaner sees of the closed segments, oldest first. */
    List<CleanableLog.ClosedSegment> closedSegments() {
        List<CleanableLog.ClosedSegment> closed = new ArrayList<>(segments.size());
        for (LogSegment segment : segments.values()) {
            Long next = segments.higherKey(segment.baseOffset());
            if (next != null) {
                closed.add(new CleanableLog.ClosedSegment(segment.baseOffset(), segment.file().path(), segment.sizeInBytes(),
                        segment.offsetIndex().sizeInBytes(), segment.timeIndex().sizeInBytes(), segment.largestTimestamp(), next));
            }
        }
        return closed;
    }

    /** An empty slice of the active segment's file, for reads that return nothing. */
    LogSlice emptySlice() {
        return active().file().slice(0, 0);
    }

    /**
     * Makes the active segment inactive and opens a new active one at {@code nextOffset}. When the new
     * segment cannot be created, whatever files of it were created are removed (best effort; an empty
     * segment left behind loads as an empty active segment) and the caller restores the old one.
     */
    LogSegment roll(long nextOffset, LogConfig config, long nowMs) {
        active().onBecomeInactive();
        LogSegment opened;
        try {
            opened = LogSegment.open(dir, nextOffset, config, nowMs);
        } catch (RuntimeException e) {
            try {
                SegmentFiles.delete(dir, nextOffset);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return add(opened);
    }

    /** Adds a segment (the new active one when its base is the highest). */
    LogSegment add(LogSegment segment) {
        segments.put(segment.baseOffset(), segment);
        changedSinceSync = true;
        boundSegments();
        return segment;
    }

    /** Deletes the oldest segment. */
    void deleteFirst() {
        delete(segments.headMap(segments.firstKey(), true));
    }

    /** Deletes every segment with a base at or above {@code offset}. */
    void deleteFrom(long offset) {
        delete(segments.tailMap(offset, true));
    }

    /**
     * Takes the segments out of the set first, then deletes their files: a deletion that fails part-way
     * (the error is thrown after trying every segment) leaves files the next load removes or recovers,
     * never a closed segment in the set.
     */
    private void delete(Map<Long, LogSegment> doomed) {
        List<LogSegment> removed = new ArrayList<>(doomed.values());
        doomed.clear();
        changedSinceSync = true;
        RuntimeException failure = null;
        for (LogSegment segment : removed) {
            try {
                segment.delete(dir);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        boundSegments();
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The closed segments at {@code bases}, checked to be consecutive and closed.
     *
     * @throws IllegalArgumentException when they are not
     */
    List<LogSegment> consecutiveClosed(List<Long> bases) {
        List<LogSegment> found = new ArrayList<>(bases.size());
        for (long base : bases) {
            LogSegment segment = segments.get(base);
            boolean follows = found.isEmpty() || segments.higherKey(found.get(found.size() - 1).baseOffset()) == base;
            if (segment == null || segment == active() || !follows) {
                throw new IllegalArgumentException("not the next closed segment of " + dir + ": baseOffset=" + base);
            }
            found.add(segment);
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no segments to replace in " + dir);
        }
        return found;
    }

    /** Refuses the cleaned segment for {@code replaced} when it ends before them (see {@link SegmentSwap}). */
    void checkCleanedEnd(List<LogSegment> replaced) {
        SegmentSwap.checkEndsWhereReplacedEnded(dir, replaced.get(0).baseOffset(), replaced);
    }

    /**
     * Swaps the cleaned segment at the first replaced base in for {@code replaced} (consecutive closed
     * segments of the set, see {@link #consecutiveClosed}) through {@link SegmentSwap}, then opens it in
     * their place and removes their files.
     */
    void replace(List<LogSegment> replaced, LogConfig config, long nowMs) {
        long base = replaced.get(0).baseOffset();
        closeRetired(nowMs, config.getLong(LogConfigKey.FILE_DELETE_DELAY_MS));
        replaced.forEach(segment -> retired.add(new Retired(segment, nowMs)));
        List<Path> doomed = SegmentSwap.swap(dir, base, replaced, swapHook);
        replaced.forEach(segment -> segments.remove(segment.baseOffset()));
        LogSegment cleaned = LogSegment.open(dir, base, config, nowMs);
        cleaned.onBecomeInactive();
        segments.put(base, cleaned);
        boundSegments();
        SegmentFiles.removeAll(doomed);
        swapHook.reached("remove .deleted");
    }

    private record Retired(LogSegment segment, long sinceMs) {
    }

    /**
     * Closes the {@code .log} of every replaced segment retired at least {@code delayMs}
     * ({@code file.delete.delay.ms}) ago: from then on, a slice of it fails with a typed error.
     */
    void closeRetired(long nowMs, long delayMs) {
        while (!retired.isEmpty() && nowMs - retired.peekFirst().sinceMs() >= delayMs) {
            retired.pollFirst().segment().file().close();
        }
    }

    /** Fsyncs the folder if segments were added or removed since the last time. */
    void syncIfChanged() {
        if (changedSinceSync) {
            DurableFile.syncDirectory(dir);
            changedSinceSync = false;
        }
    }

    /**
     * Releases every segment's files with {@code release} (close, halt, power loss), all of them even when
     * some fail; then throws the first failure, the others suppressed in it.
     */
    void release(Consumer<LogSegment> release) {
        RuntimeException failure = null;
        for (LogSegment segment : segments.values()) {
            try {
                release.accept(segment);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        closeRetired(Long.MAX_VALUE, 0);
        if (failure != null) {
            throw failure;
        }
    }

    /** For crash tests: called after every step of a swap. */
    void swapHook(SegmentSwap.StepHook hook) {
        this.swapHook = hook;
    }
}
