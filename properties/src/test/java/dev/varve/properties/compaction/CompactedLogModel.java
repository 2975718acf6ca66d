package dev.varve.properties.compaction;

import dev.varve.engine.segmented.CleanableLog.ClosedSegment;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a compacted log must hold, by Kafka's cleaning rules applied to everything written. A pass covers
 * {@code [firstDirty, cleanedUpTo)} with its offset map (each key's latest offset there) and rewrites every
 * closed segment below {@code cleanedUpTo}: a record in them stays when it is above the map's reach, or
 * it is its key's latest (the map's offset or none), unless it is a tombstone whose delete horizon has
 * passed. A tombstone's horizon is {@code now + delete.retention.ms} of the first pass that rewrote its
 * segment and kept it. Transactional records are kept whole and never in the map (the cleaner cannot tell
 * aborted from committed without a transaction index); markers are offsets no consumer sees. Offsets
 * never move; a crash keeps a prefix that holds at least what was durable.
 * Not thread-safe.
 */
final class CompactedLogModel {
    /** One record as written; {@code value} null for a tombstone. */
    record Written(long offset, String key, byte[] value, boolean transactional) {
        boolean tombstone() {
            return value == null;
        }

        boolean sameAs(Written other) {
            return offset == other.offset && key.equals(other.key) && Arrays.equals(value, other.value)
                    && transactional == other.transactional;
        }

        @Override
        public String toString() {
            return offset + ":" + key + "=" + (value == null ? "tombstone" : value.length + "B") + (transactional ? "(txn)" : "");
        }
    }

    private final long deleteRetentionMs;
    /** Everything written and not lost in a crash, by offset. */
    final NavigableMap<Long, Written> written = new TreeMap<>();
    /** The offsets the log must still hold. */
    final NavigableSet<Long> live = new TreeSet<>();
    /** Each tombstone's delete horizon, once a pass stamped it (kept after the tombstone goes). */
    final Map<Long, Long> horizons = new HashMap<>();
    /** The offsets where a batch ends: a crash may only cut the log there. */
    private final NavigableSet<Long> batchEnds = new TreeSet<>();
    long logEndOffset;
    /** What a crash may not lose: the log end at the last flush, or the end of the last segment a pass swapped in. */
    long durableEndOffset;

    CompactedLogModel(long deleteRetentionMs) {
        this.deleteRetentionMs = deleteRetentionMs;
    }

    void append(List<Written> batch) {
        for (Written record : batch) {
            written.put(record.offset(), record);
            live.add(record.offset());
        }
        appendMarker(batch.get(batch.size() - 1).offset());
    }

    /** A batch at {@code lastOffset} no consumer sees (a transaction marker), or the end of a batch appended. */
    void appendMarker(long lastOffset) {
        logEndOffset = lastOffset + 1;
        batchEnds.add(logEndOffset);
    }

    void flush() {
        durableEndOffset = logEndOffset;
    }

    /**
     * Applies a pass that covered {@code [firstDirty, cleanedUpTo)} at {@code nowMs} over {@code closed}, the
     * closed segments when it started.
     */
    void clean(List<ClosedSegment> closed, long firstDirty, long cleanedUpTo, long nowMs) {
        long rewrittenEnd = closed.stream().filter(segment -> segment.baseOffset() < cleanedUpTo)
                .mapToLong(ClosedSegment::nextBaseOffset).max().orElse(-1);
        Map<String, Long> map = new HashMap<>();
        for (long offset : live.subSet(firstDirty, cleanedUpTo)) {
            if (!written.get(offset).transactional()) {
                map.put(written.get(offset).key(), offset);
            }
        }
        for (long offset : List.copyOf(live.headSet(rewrittenEnd))) {
            Written record = written.get(offset);
            if (record.transactional()) {
                continue;
            }
            Long horizon = horizons.get(offset);
            boolean covered = offset < cleanedUpTo;
            boolean latest = offset >= map.getOrDefault(record.key(), -1L);
            boolean expired = record.tombstone() && horizon != null && nowMs >= horizon;
            if (covered && (!latest || expired)) {
                live.remove(offset);
            } else if (record.tombstone() && horizon == null) {
                horizons.put(offset, nowMs + deleteRetentionMs);
            }
        }
        durableEndOffset = Math.max(durableEndOffset, Math.min(rewrittenEnd, logEndOffset));
    }

    /** Whether a crash may leave the log ending at {@code offset}. */
    boolean isBatchBoundary(long offset) {
        return offset == 0 || batchEnds.contains(offset);
    }

    /** Adopts the log end a crash left (already checked to be allowed). */
    void recovered(long endOffset) {
        written.tailMap(endOffset, true).clear();
        live.tailSet(endOffset, true).clear();
        horizons.keySet().removeIf(offset -> offset >= endOffset);
        batchEnds.tailSet(endOffset, false).clear();
        logEndOffset = endOffset;
        durableEndOffset = Math.min(durableEndOffset, endOffset);
    }

    /** Each key's last record written, by key. */
    Map<String, Written> lastByKey() {
        Map<String, Written> last = new HashMap<>();
        written.values().forEach(record -> last.put(record.key(), record));
        return last;
    }

    @Override
    public String toString() {
        return "CompactedLogModel(logEndOffset=" + logEndOffset + ", durableEndOffset=" + durableEndOffset + ", live="
                + live + ", horizons=" + new TreeMap<>(horizons) + ")";
    }
}
