package dev.varve.lmdb;

import dev.varve.engine.api.LogStorageException;
import dev.varve.engine.api.TopicPartition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.KeyRange;
import org.lmdbjava.Txn;

/**
 * The durable record of every remote segment of a data directory: per partition, each upload attempt's offsets,
 * objects and {@link RemoteSegmentState}, in one LMDB environment (by convention {@code <data>/}{@value
 * #DIRECTORY_NAME}). What tiered storage asks of KIP-405's {@code RemoteLogMetadataManager}, for one broker.
 *
 * <p><b>Transitions.</b> {@link #addCopyStarted}, {@link #copyFinished}, {@link #deleteStarted} and
 * {@link #deleteFinished} each move one segment along its life and commit one LMDB write transaction, synced
 * to disk before they return. A move the life does not allow throws
 * {@link IllegalSegmentStateTransitionException}, an unknown segment {@link RemoteSegmentNotFoundException};
 * either way nothing is written. {@link #purgeDeleted} forgets the segments whose deletion finished.
 *
 * <p><b>Crashes.</b> After a crash the store holds exactly the transitions that returned, none half-applied
 * (LMDB commits atomically). Uploads and deletes that were in flight are the records
 * {@link #inFlight()} returns on the next start: delete their objects, then finish the delete.
 *
 * <p><b>Queries</b> for reads ({@link #readableSegments}, {@link #segmentForOffset},
 * {@link #segmentForTimestamp}, {@link #logStartOffset}, {@link #endOffset}) and retention ({@link #sizeBytes})
 * see only {@link RemoteSegmentState#COPY_SEGMENT_FINISHED} segments; {@link #segments} sees every state. Each
 * is one read transaction over the partition's key range, so it costs a scan of that partition's records.
 *
 * <p><b>Damage.</b> Each value carries a CRC-32C over key and value; the tables together carry a witness (count
 * and summed hashes, updated in every write transaction) that {@link #open} and {@link #verify} check with a
 * full scan, so a damaged B-tree page that drops or swaps records is a {@link CorruptRemoteMetadataException},
 * not a silently shorter answer. A store written before the witness gets one, computed from its tables, on its
 * first open by this version.
 *
 * <p>Thread-safe: calls are serialized on the store. One process may open a directory once at a time (a file
 * lock, released by the OS when the process dies; a second opener gets a {@link LogStorageException}).
 */
public final class RemoteLogMetadataStore implements AutoCloseable {
    /** The folder name of the store inside a data directory. */
    public static final String DIRECTORY_NAME = "__varve_remote_metadata";

    private final LmdbEnvironment environment;
    private final Dbi<byte[]> segments;
    private final Dbi<byte[]> segmentIds;
    private final StoreWitness witness;
    private boolean closed;

    private RemoteLogMetadataStore(LmdbEnvironment environment) {
        this.environment = environment;
        this.segments = environment.database("segments");
        this.segmentIds = environment.database("segment-ids");
        this.witness = new StoreWitness(environment.database(StoreWitness.DATABASE), List.of(segments, segmentIds),
                List.of("segments", "segment-ids"), environment.dataFile());
        environment.write(txn -> {
            witness.verifyOrCreate(txn);
            return null;
        });
    }

    /**
     * Opens the store in {@code directory}, creating the directory (not its parent) and the store if absent.
     *
     * @throws LogStorageException when the parent directory is missing, the path is not a directory, the
     *                             directory is open elsewhere (in this process or another), or LMDB cannot open it
     * @throws CorruptRemoteMetadataException naming the data file when its meta pages are damaged (checked before
     *                             LMDB maps it), LMDB finds it invalid, or a table disagrees with the witness
     *                             (see {@link #verify}); a store written before the witness gets it on this open
     */
    public static RemoteLogMetadataStore open(Path directory, RemoteMetadataStoreOptions options) {
        LmdbEnvironment environment = LmdbEnvironment.open(directory, options.mapBytes(), options.maxMapBytes(), 3);
        try {
            return new RemoteLogMetadataStore(environment);
        } catch (RuntimeException e) {
            environment.close();
            throw e;
        }
    }

    /**
     * Records that the upload of {@code segment} starts; its state must be
     * {@link RemoteSegmentState#COPY_SEGMENT_STARTED} and its objects pending (see
     * {@link RemoteSegmentMetadata#copyStarted}). Call it before the first byte is uploaded.
     *
     * @throws IllegalSegmentStateTransitionException when the segment id is already stored
     * @throws IllegalArgumentException               when {@code segment} is not in COPY_SEGMENT_STARTED
     */
    public synchronized RemoteSegmentMetadata addCopyStarted(RemoteSegmentMetadata segment) {
        ensureOpen();
        if (segment.state() != RemoteSegmentState.COPY_SEGMENT_STARTED) {
            throw new IllegalArgumentException("a new remote segment starts in COPY_SEGMENT_STARTED: partition="
                    + segment.topicPartition() + ", segmentId=" + segment.segmentId() + ", state=" + segment.state());
        }
        return environment.write(txn -> {
            byte[] idKey = SegmentKeyDescriptor.idKey(segment.segmentId());
            byte[] existing = segmentIds.get(txn, idKey);
            if (existing != null) {
                RemoteSegmentMetadata stored = load(txn, existing);
                throw new IllegalSegmentStateTransitionException(environment.directory().toString(),
                        stored.topicPartition(), stored.segmentId(), stored.state(), segment.state());
            }
            byte[] key = SegmentKeyDescriptor.key(segment.topicPartition(), segment.baseOffset(), segment.segmentId());
            witness.put(txn, segments, key, SegmentValueCodec.encode(segment));
            witness.put(txn, segmentIds, idKey, key);
            return segment;
        });
    }

    /**
     * Records that every object of the upload is whole in the remote store: the segment becomes readable.
     * {@code objects} are the objects named when the copy started, in the same order, now with their sizes and
     * checksums. Call it only after the uploads were checked.
     *
     * @throws IllegalArgumentException when the keys differ from those recorded at the start, or an object is pending
     */
    public synchronized RemoteSegmentMetadata copyFinished(TopicPartition partition, UUID segmentId,
            List<RemoteObject> objects, long nowMs) {
        return transition(partition, segmentId, RemoteSegmentState.COPY_SEGMENT_FINISHED, nowMs, started -> {
            List<String> startedKeys = started.objects().stream().map(RemoteObject::key).toList();
            if (!objects.stream().map(RemoteObject::key).toList().equals(startedKeys)) {
                throw new IllegalArgumentException("finished objects must be those started, in order: partition="
                        + partition + ", segmentId=" + segmentId + ", started=" + startedKeys + ", finished=" + objects);
            }
            return started.moved(RemoteSegmentState.COPY_SEGMENT_FINISHED, objects, nowMs);
        });
    }

    /**
     * Records that deletion of the segment's objects starts: from COPY_SEGMENT_FINISHED (retention) or from
     * COPY_SEGMENT_STARTED (a failed or orphaned upload). Readers stop seeing it at once.
     */
    public synchronized RemoteSegmentMetadata deleteStarted(TopicPartition partition, UUID segmentId, long nowMs) {
        return transition(partition, segmentId, RemoteSegmentState.DELETE_SEGMENT_STARTED, nowMs, null);
    }

    /** Records that every object of the segment is gone from the remote store. */
    public synchronized RemoteSegmentMetadata deleteFinished(TopicPartition partition, UUID segmentId, long nowMs) {
        return transition(partition, segmentId, RemoteSegmentState.DELETE_SEGMENT_FINISHED, nowMs, null);
    }

    /**
     * Forgets every DELETE_SEGMENT_FINISHED segment of {@code partition}, in one transaction.
     *
     * @return how many records were removed
     */
    public synchronized int purgeDeleted(TopicPartition partition) {
        ensureOpen();
        return environment.write(txn -> {
            List<RemoteSegmentMetadata> deleted = scan(txn, partition,
                    segment -> segment.state() == RemoteSegmentState.DELETE_SEGMENT_FINISHED);
            for (RemoteSegmentMetadata segment : deleted) {
                witness.delete(txn, segments, SegmentKeyDescriptor.key(partition, segment.baseOffset(), segment.segmentId()));
                witness.delete(txn, segmentIds, SegmentKeyDescriptor.idKey(segment.segmentId()));
            }
            return deleted.size();
        });
    }

    private RemoteSegmentMetadata transition(TopicPartition partition, UUID segmentId, RemoteSegmentState next,
            long nowMs, UnaryOperator<RemoteSegmentMetadata> move) {
        ensureOpen();
        return environment.write(txn -> {
            RemoteSegmentMetadata current = find(txn, partition, segmentId)
                    .orElseThrow(() -> new RemoteSegmentNotFoundException(environment.directory().toString(),
                            partition, segmentId));
            if (!current.state().canMoveTo(next)) {
                throw new IllegalSegmentStateTransitionException(environment.directory().toString(), partition,
                        segmentId, current.state(), next);
            }
            RemoteSegmentMetadata moved = move != null ? move.apply(current)
                    : current.moved(next, current.objects(), nowMs);
            witness.put(txn, segments, SegmentKeyDescriptor.key(partition, moved.baseOffset(), segmentId),
                    SegmentValueCodec.encode(moved));
            return moved;
        });
    }

    /** The segment with this id in this partition, in any state. */
    public synchronized Optional<RemoteSegmentMetadata> segment(TopicPartition partition, UUID segmentId) {
        ensureOpen();
        return environment.read(txn -> find(txn, partition, segmentId));
    }

    /** Every segment of the partition, in any state, in {@link RemoteSegmentMetadata#OFFSET_ORDER}. */
    public synchronized List<RemoteSegmentMetadata> segments(TopicPartition partition) {
        ensureOpen();
        return environment.read(txn -> scan(txn, partition, segment -> true));
    }

    /** The partition's readable (COPY_SEGMENT_FINISHED) segments in {@link RemoteSegmentMetadata#OFFSET_ORDER}. */
    public synchronized List<RemoteSegmentMetadata> readableSegments(TopicPartition partition) {
        ensureOpen();
        return environment.read(txn -> scan(txn, partition, RemoteLogMetadataStore::readable));
    }

    /**
     * The readable segment that holds {@code offset}; if several do, the one with the highest base offset (then
     * segment id). Scans backwards from {@code offset}: quick when the offset is held, a scan of the partition's
     * earlier records when it is not.
     */
    public synchronized Optional<RemoteSegmentMetadata> segmentForOffset(TopicPartition partition, long offset) {
        ensureOpen();
        if (offset < 0) {
            return Optional.empty();
        }
        KeyRange<byte[]> backwards = KeyRange.closedBackward(SegmentKeyDescriptor.highest(partition, offset),
                SegmentKeyDescriptor.lowest(partition, 0));
        return environment.read(txn -> first(txn, backwards, segment -> readable(segment) && segment.contains(offset)));
    }

    /**
     * The first readable segment, in offset order, that ends at or after {@code fromOffset} and holds a record
     * with a timestamp at or after {@code timestampMs} (its max timestamp is): where offset-for-timestamp
     * continues into its time index. Empty when no remote segment qualifies.
     */
    public synchronized Optional<RemoteSegmentMetadata> segmentForTimestamp(TopicPartition partition, long timestampMs,
            long fromOffset) {
        ensureOpen();
        return environment.read(txn -> first(txn, partitionRange(partition), segment -> readable(segment)
                && segment.endOffset() >= fromOffset && segment.maxTimestampMs() >= timestampMs));
    }

    /** The lowest base offset of the partition's readable segments: the remote log start. */
    public synchronized OptionalLong logStartOffset(TopicPartition partition) {
        return readableSegments(partition).stream().mapToLong(RemoteSegmentMetadata::baseOffset).min();
    }

    /** The highest end offset (inclusive) of the partition's readable segments: Kafka's highest offset in remote storage. */
    public synchronized OptionalLong endOffset(TopicPartition partition) {
        return readableSegments(partition).stream().mapToLong(RemoteSegmentMetadata::endOffset).max();
    }

    /** The summed {@code sizeBytes} of the partition's readable segments: what {@code retention.bytes} counts remotely. */
    public synchronized long sizeBytes(TopicPartition partition) {
        return readableSegments(partition).stream().mapToLong(RemoteSegmentMetadata::sizeBytes).sum();
    }

    /**
     * Every segment of every partition in COPY_SEGMENT_STARTED or DELETE_SEGMENT_STARTED, in
     * {@link RemoteSegmentMetadata#OFFSET_ORDER}. Called on start, before any upload runs, these are the orphans
     * of a crash: uploads that never finished and deletes that never completed.
     */
    public synchronized List<RemoteSegmentMetadata> inFlight() {
        ensureOpen();
        return environment.read(txn -> collect(txn, KeyRange.all(), segment -> segment.state().isInFlight()));
    }

    /**
     * Scans every table and checks it against the witness: the count of entries and the sum of a 64-bit hash
     * of each key and value, kept in the same write transaction as every change. LMDB keeps no page checksums,
     * so a damaged B-tree page can drop a record from every scan without an error; call this before acting on
     * a record's absence (deleting remote objects no record names). Costs one scan of the store.
     *
     * @throws CorruptRemoteMetadataException naming the data file and the table that disagrees
     */
    public synchronized void verify() {
        ensureOpen();
        environment.read(txn -> {
            witness.verify(txn);
            return null;
        });
    }

    /** The LMDB map's current size in bytes (grows by doubling when full). */
    public synchronized long mapBytes() {
        return environment.mapBytes();
    }

    /** The store's directory. */
    public Path directory() {
        return environment.directory();
    }

    /** Closes the store; later calls throw {@link IllegalStateException}. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            environment.close();
        }
    }

    private static boolean readable(RemoteSegmentMetadata segment) {
        return segment.state() == RemoteSegmentState.COPY_SEGMENT_FINISHED;
    }

    private Optional<RemoteSegmentMetadata> find(Txn<byte[]> txn, TopicPartition partition, UUID segmentId) {
        byte[] key = segmentIds.get(txn, SegmentKeyDescriptor.idKey(segmentId));
        if (key == null) {
            return Optional.empty();
        }
        RemoteSegmentMetadata segment = load(txn, key);
        if (!segment.segmentId().equals(segmentId)) {
            throw new CorruptRemoteMetadataException(environment.dataFile(), SegmentKeyDescriptor.describe(key),
                    "the segment-ids index entry of " + segmentId + " names another segment");
        }
        return segment.topicPartition().equals(partition) ? Optional.of(segment) : Optional.empty();
    }

    private RemoteSegmentMetadata load(Txn<byte[]> txn, byte[] key) {
        byte[] value = segments.get(txn, key);
        if (value == null) {
            throw new CorruptRemoteMetadataException(environment.dataFile(), SegmentKeyDescriptor.describe(key),
                    "the segment-ids index names a segment the segments database lacks");
        }
        return SegmentValueCodec.decode(key, value, environment.dataFile());
    }

    private static KeyRange<byte[]> partitionRange(TopicPartition partition) {
        return KeyRange.closed(SegmentKeyDescriptor.lowest(partition, 0),
                SegmentKeyDescriptor.highest(partition, Long.MAX_VALUE));
    }

    private List<RemoteSegmentMetadata> scan(Txn<byte[]> txn, TopicPartition partition,
            Predicate<RemoteSegmentMetadata> filter) {
        return collect(txn, partitionRange(partition), filter);
    }

    private List<RemoteSegmentMetadata> collect(Txn<byte[]> txn, KeyRange<byte[]> range,
            Predicate<RemoteSegmentMetadata> filter) {
        List<RemoteSegmentMetadata> found = new ArrayList<>();
        try (CursorIterable<byte[]> cursor = segments.iterate(txn, range)) {
            for (CursorIterable.KeyVal<byte[]> entry : cursor) {
                RemoteSegmentMetadata segment = SegmentValueCodec.decode(entry.key(), entry.val(), environment.dataFile());
                if (filter.test(segment)) {
                    found.add(segment);
                }
            }
        }
        return found;
    }

    private Optional<RemoteSegmentMetadata> first(Txn<byte[]> txn, KeyRange<byte[]> range,
            Predicate<RemoteSegmentMetadata> filter) {
        try (CursorIterable<byte[]> cursor = segments.iterate(txn, range)) {
            for (CursorIterable.KeyVal<byte[]> entry : cursor) {
                RemoteSegmentMetadata segment = SegmentValueCodec.decode(entry.key(), entry.val(), environment.dataFile());
                if (filter.test(segment)) {
                    return Optional.of(segment);
                }
            }
        }
        return Optional.empty();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("remote metadata store closed: store=" + environment.directory());
        }
    }
}
