/**
 * Tiered storage: closed segments copied to an S3-compatible object store, behind a small seam.
 *
 * <p>{@link dev.varve.tiered.RemoteStore} is the seam: put a file, read a byte range, head, delete, list.
 * {@link dev.varve.tiered.RemoteSegmentKey} is the one definition of the bucket layout
 * ({@code [<prefix>/]<topic>-<partition>/<20-digit base offset>-<segment id>.<log|index|timeindex>}).
 * The S3 implementation lives in {@link dev.varve.tiered.s3}.
 *
 * <p>{@link dev.varve.tiered.TieredStorage} wires it together beside the {@code segmented} engine: the copy
 * path (closed segments with their indexes, each attempt recorded COPY_SEGMENT_STARTED before the first
 * byte and COPY_SEGMENT_FINISHED only after every object was checked whole, in the LMDB
 * {@link dev.varve.lmdb.RemoteLogMetadataStore}), the delete path (DELETE_SEGMENT_STARTED, objects,
 * DELETE_SEGMENT_FINISHED) for total retention and for orphans found on start, local retention bounded by
 * what is uploaded (a {@link dev.varve.engine.segmented.LocalDeletionBound}), and a partition log that reads
 * below the local log start from the store: offset index, ranged chunk reads, a bounded cache. Callers get
 * logs from {@link dev.varve.tiered.TieredStorage#open(String, int)}; the CLI composes it in its embedded store.
 *
 * <p>Design charter. Priorities: never wrong bytes, then bounded waiting, then speed. Uploads are checked
 * whole (size and checksum) before they count; reads are checked by length, whole-object reads also by
 * checksum. Error policy: expected outcomes are results ({@code head} of a missing key is empty, a read
 * past the end is -1, deleting a missing key succeeds); everything else is one
 * {@link dev.varve.tiered.RemoteStoreException} subtype per cause a caller can act on, carrying the key
 * and the operation. Transient failures are retried inside the store, within a time budget; optional S3
 * calls a store lacks are skipped. Opening never calls the store: only remote reads, runs and deletes do.
 * Threading: stores are thread-safe and hold no local state, so a crash loses only calls in flight.
 */
package dev.varve.tiered;
