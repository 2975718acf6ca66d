/**
 * What every log engine shares, and the files of the segmented log in Kafka's on-disk formats.
 *
 * <p>The append path ({@link dev.varve.engine.log.BatchValidator}: validate, copy, assign offsets,
 * stamp, and compute the {@link dev.varve.engine.api.AppendResult}) and the record-level lookup by
 * timestamp ({@link dev.varve.engine.log.TimestampSearch}) are shared by every engine, so the in-memory
 * engine, the segmented engine and any other accept, refuse and number records identically.
 *
 * <p>The files, so that Kafka's tools and brokers read Varve's partition folders and Varve reads
 * Kafka's: segment file names ({@link dev.varve.engine.log.LogFileName}), the segment's
 * {@link dev.varve.engine.log.SegmentFile}, the memory-mapped {@link dev.varve.engine.log.OffsetIndex}
 * and {@link dev.varve.engine.log.TimeIndex} (layouts in {@link dev.varve.engine.log.OffsetIndexDescriptor}
 * and {@link dev.varve.engine.log.TimeIndexDescriptor}), the per-log-dir
 * {@link dev.varve.engine.log.OffsetCheckpointFile} and {@link dev.varve.engine.log.CleanShutdownMarker}.
 *
 * <p>Design charter.
 * <ul>
 * <li><b>Byte compatibility first.</b> Every file is written as Kafka 4.x writes it and tests read it
 *     back with Kafka's own classes, both ways. Where Kafka is lenient on input (an index opened with
 *     its whole length counted as entries), so are we, and the javadoc says so.</li>
 * <li><b>Crash behaviour is stated per file.</b> Indexes carry no checksum and are rebuilt from the
 *     {@code .log} when in doubt; checkpoints and the marker are replaced atomically and durably
 *     (temp file, fsync, rename, directory fsync). An offset checkpoint also keeps a checksummed
 *     Varve-only twin ({@code <checkpoint>.varve}, which Kafka ignores) so that a damaged byte is
 *     detected although Kafka's format has no checksum.</li>
 * <li><b>Threads.</b> An index has one writer and many concurrent readers, under a read-write lock
 *     that also guards remapping and the deterministic unmap. Checkpoint files are synchronized.</li>
 * <li><b>Errors.</b> I/O failures are {@link dev.varve.engine.api.LogStorageException}; damaged files are
 *     {@link dev.varve.engine.log.CorruptIndexException} or {@link dev.varve.engine.log.CorruptCheckpointException};
 *     refused index appends are {@link dev.varve.engine.log.IndexAppendException}, each with a reason;
 *     use after close is an {@link java.lang.IllegalStateException}.</li>
 * </ul>
 */
package dev.varve.engine.log;
