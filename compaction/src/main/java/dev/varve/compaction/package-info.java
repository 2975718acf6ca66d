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
 *       when nothing in them changes. A batch left empty is dropped unless it is an active producer's
 *       last batch ({@link dev.varve.compaction.ActiveProducers}), kept as a 61-byte header.</li>
 *   <li>Output is Kafka v2 with valid CRCs, readable by Kafka's {@code FileRecords}, and indexed as
 *       Kafka indexes a segment.</li>
 * </ul>
 *
 * <h2>Not yet (later increments of issue 5)</h2>
 * Transactions: control batches are copied whole and aborted data batches are neither skipped nor
 * removed; Kafka's rule for markers (and the {@code .txnindex} of the cleaned segment) is to come.
 * Kafka also keeps the last batch of a cleaning round even when empty; we do not: the log end offset
 * lives in the active segment, which is never cleaned.
 *
 * <h2>What the caller (the engine) must do</h2>
 * Choose the log and its range (checkpoint, {@code min.cleanable.dirty.ratio}, compaction lags, last
 * stable offset, never the active segment), group segments ({@code segment.bytes},
 * {@code segment.index.bytes}, offset span within {@code Integer.MAX_VALUE}), build the map, call
 * {@link dev.varve.compaction.SegmentCleaner#clean} per group, then swap each result in as Kafka does:
 * rename {@code .cleaned} to {@code .swap}, rename the replaced segments to {@code .deleted}, rename
 * {@code .swap} to the live names, delete the {@code .deleted} files, write the cleaner checkpoint
 * ({@code map.latestOffset() + 1}). This increment does none of that: it leaves {@code .cleaned}
 * files, which a log load deletes, so a crash during a pass loses nothing.
 *
 * <h2>Threading and errors</h2>
 * Every class is single-threaded; run one pass per thread with its own map. I/O failures are
 * {@link dev.varve.engine.api.LogStorageException}; corrupt sources are
 * {@link dev.varve.engine.api.CorruptRecordException} with the file and position; on either the pass
 * deletes its {@code .cleaned} files.
 */
package dev.varve.compaction;
