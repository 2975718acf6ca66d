/**
 * The log cleaner's core (Kafka's {@code LogCleaner}), engine-independent: it reads and writes Kafka
 * segment files and knows nothing of the engine's objects.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link dev.varve.compaction.OffsetMap}: key digest (MD5, 16 bytes) to latest offset, open
 *       addressing over a buffer sized from {@code log.cleaner.dedupe.buffer.size}, load factor 0.9;
 *       says when it is full.</li>
 *   <li>{@link dev.varve.compaction.OffsetMapBuilder}: fills the map from the dirty section
 *       {@code [firstDirtyOffset, firstUncleanableOffset)}; stops where the map fills.</li>
 *   <li>{@link dev.varve.compaction.SegmentCleaner}: rewrites one group of segments into one
 *       {@code <base>.log.cleaned} (+ {@code .index.cleaned}, {@code .timeindex.cleaned}).</li>
 *   <li>{@link dev.varve.compaction.LogCleaner}: cleans one partition of the {@code segmented} engine
 *       end to end through its {@link dev.varve.engine.segmented.CleanableLog} view: dirty section from
 *       the {@link dev.varve.compaction.CleanerCheckpoint} ({@code cleaner-offset-checkpoint}) to the
 *       first uncleanable offset, map, {@link dev.varve.compaction.SegmentGroups}, clean, crash-safe
 *       swap, checkpoint; a {@link dev.varve.compaction.CleaningSummary} says what it did.</li>
 * </ul>
 *
 * <h2>What a cleaning pass guarantees</h2>
 * <ul>
 *   <li>For every key the map covers, only the record at the map's latest offset stays; records above
 *       the map's latest offset or the cleanable end, and keys the map never saw, stay as they are.
 *       Keyless records in the covered range go (a compacted topic refuses them at append).</li>
 *   <li>Offsets and timestamps never change; order is kept; a batch keeps its base offset and last
 *       offset delta even when its first or last records go, so sequences still validate.</li>
 *   <li>Tombstones (KIP-534): the first pass that keeps a tombstone in a batch without a delete horizon
 *       stamps {@code now + delete.retention.ms} as the horizon; a pass at or after the horizon removes
 *       it. A tombstone is therefore never removed before {@code delete.retention.ms} after the pass
 *       that first cleaned it.</li>
 *   <li>Batches are re-encoded with their original codec and producer fields, or copied byte for byte
 *       when nothing in them changes. A batch left empty stays as a 61-byte header when it is an
 *       active producer's last batch ({@link dev.varve.compaction.ActiveProducers}); other emptied
 *       batches go, but each run of them in a row (of one leader epoch) leaves one 61-byte empty batch
 *       covering their offsets (the batch's own header for a run of one, else one without producer).</li>
 *   <li>A cleaned segment ends where the group it replaces ended (its last batch stays, empty if need
 *       be), so crash recovery, which drops every segment after one that ends short of the next base
 *       (a lost unflushed tail), can never take a cleaned segment for a lost tail, whatever the
 *       recovery-point checkpoint says: it may be lost or corrupt.</li>
 *   <li>A cleaned segment has no offset gap between its batches, nor before its first (whose base
 *       offset is the segment's, its file name) when the group had none: every base offset is then
 *       witnessed by the batch before it (or the file name), so a flipped bit that lowers one makes it
 *       overlap and is caught as corruption, where a gap left by compaction would have let the batch's
 *       records be served with shifted offsets (the CRC does not cover the base offset). Kafka's cleaner
 *       drops emptied batches, so segments it cleaned keep such gaps.</li>
 *   <li>Output is Kafka v2 with valid CRCs, readable by Kafka's {@code FileRecords}, and indexed as
 *       Kafka indexes a segment.</li>
 * </ul>
 *
 * <h2>Not yet (later increments of issue 5)</h2>
 * Transactions: transactional batches (data and markers) are copied whole and put no keys in the
 * offset map, so aborted data never shadows a committed value and committed data never loses its
 * marker; nothing transactional is compacted. Kafka's rules (aborted data removed by the
 * {@code .txnindex} ranges, markers removed once their data is gone and their horizon passed, the
 * cleaned segment's {@code .txnindex}) need the engine's transaction index and last stable offset first.
 * Kafka keeps the last batch of a cleaning round (the one ending at the high watermark) even when
 * empty, and drops every other emptied batch but an active producer's last; we keep an empty batch
 * for each run of emptied batches instead (see above), which covers the round's: the log end offset
 * lives in the active segment, never cleaned.
 *
 * <h2>Who does what</h2>
 * {@link dev.varve.compaction.LogCleaner} chooses the range (checkpoint, active segment,
 * {@code min.compaction.lag.ms}), groups segments ({@code segment.bytes}, {@code segment.index.bytes},
 * offset span within {@code Integer.MAX_VALUE}), builds the map, calls
 * {@link dev.varve.compaction.SegmentCleaner#clean} per group, hands each result to the engine's
 * {@link dev.varve.engine.segmented.CleanableLog#replaceSegments} (which flushes, checkpoints the
 * recovery point, renames {@code .cleaned} to {@code .swap}, the replaced segments to {@code .deleted},
 * {@code .swap} to the live names, and whose loader finishes or rolls back an interrupted swap), then
 * writes the cleaner checkpoint ({@code map.latestOffset() + 1}).
 * {@link dev.varve.compaction.CleanerScheduler} picks the log to clean ({@link dev.varve.compaction.DirtySection}:
 * dirty ratio against {@code min.cleanable.dirty.ratio}, {@code max.compaction.lag.ms}, dirtiest first)
 * and runs {@code log.cleaner.threads} threads sharing one {@link dev.varve.compaction.IoThrottle}
 * ({@code log.cleaner.io.max.bytes.per.second}, counted on reads). Not yet: the last stable offset (no
 * transactions in the engine yet); nothing starts the scheduler in a long-running process yet (the
 * CLI's commands are short-lived; a broker composes the engine's {@code cleanableLogs()} with it).
 *
 * <h2>Threading and errors</h2>
 * Every class is single-threaded; run one pass per thread with its own map. I/O failures are
 * {@link dev.varve.engine.api.LogStorageException}; corrupt sources are
 * {@link dev.varve.engine.api.CorruptRecordException} with the file and position; on either the pass
 * deletes its {@code .cleaned} files.
 */
package dev.varve.compaction;
