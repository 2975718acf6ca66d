package dev.varve.tiered;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.LogStorageException;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.log.LogFileName;
import dev.varve.engine.log.LogFileType;
import dev.varve.engine.segmented.CleanableLog;
import dev.varve.engine.segmented.SegmentedLogEngine;
import dev.varve.engine.topic.TopicCatalog;
import dev.varve.engine.topic.TopicMetadata;
import dev.varve.lmdb.RemoteLogMetadataStore;
import dev.varve.lmdb.RemoteMetadataStoreOptions;
import dev.varve.lmdb.RemoteSegmentMetadata;
import dev.varve.lmdb.RemoteSegmentState;
import dev.varve.tiered.s3.S3RemoteStore;
import dev.varve.tiered.s3.S3StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Tiered storage over one data directory: the composition that callers (the CLI, a broker) use. It sits
 * beside the {@code segmented} engine and its {@link TopicCatalog}, which it does not own, and adds the
 * remote store and the LMDB metadata store ({@code <data>/}{@value RemoteLogMetadataStore#DIRECTORY_NAME}).
 *
 * <ul>
 *   <li>{@link #open(String, int)} gives the partition log callers read and write: for a topic with
 *       {@code remote.storage.enable=true} a log whose reads below the local start come from the store,
 *       whose log start is the remote one; other topics' logs unchanged.</li>
 *   <li>{@link #run} uploads closed segments (KIP-405's copy path), applies total retention to remote
 *       segments, then lets the engine apply local retention, which for tiered logs deletes only segments
 *       whose upload finished (a {@link dev.varve.engine.segmented.LocalDeletionBound} registered here).</li>
 *   <li>{@link #cleanOrphans()} cleans what a crash left: in-flight uploads and deletes, unfinished multipart
 *       uploads and objects no record names, under every tiered partition. The first {@link #run} and
 *       {@link #deleteTopic} of an instance call it first.</li>
 * </ul>
 * Opening touches only local files (the LMDB store), never the remote store: a tiered topic opens, and reads
 * at or above its local log start succeed, while the store is down or unreachable; only reads below the local
 * start, runs and topic deletion need it, and fail typed ({@link RemoteStoreUnavailableException} once the
 * retry budget {@code remote.storage.s3.retry.max.duration.ms} is spent) when it stays away.
 * Configs: the {@code remote.storage.s3.*} ones of {@link S3StoreConfig}, {@value #READER_CACHE_BYTES_CONFIG}
 * (default 64 MiB) and {@value #READER_CHUNK_BYTES_CONFIG} (default 1 MiB), and the metadata store's
 * {@code remote.log.metadata.map.*}. Thread-safe; {@link #run} calls are serialized.
 */
public final class TieredStorage implements AutoCloseable {
    /** Bytes of remote chunks and indexes kept in memory. */
    public static final String READER_CACHE_BYTES_CONFIG = "remote.log.reader.cache.bytes";
    /** Size of the ranged reads remote segments are fetched in, and cached by. */
    public static final String READER_CHUNK_BYTES_CONFIG = "remote.log.reader.chunk.bytes";
    static final long DEFAULT_READER_CACHE_BYTES = 64L << 20;
    static final int DEFAULT_READER_CHUNK_BYTES = 1 << 20;

    private final SegmentedLogEngine engine;
    private final TopicCatalog catalog;
    private final Path dataDirectory;
    private final RemoteStore store;
    private final RemoteLogMetadataStore metadata;
    private final Clock clock;
    private final RemoteChunkCache cache;
    private final RemoteSegmentReader reader;
    private final RemoteSegmentDeleter deleter;
    private final SegmentCopier copier;
    private boolean orphansSwept;

    private TieredStorage(SegmentedLogEngine engine, TopicCatalog catalog, Path dataDirectory, RemoteStore store,
            RemoteLogMetadataStore metadata, Map<String, String> configs, Clock clock, TieringHook hook) {
        this.engine = engine;
        this.catalog = catalog;
        this.dataDirectory = dataDirectory;
        this.store = store;
        this.metadata = metadata;
        this.clock = clock;
        String keyPrefix = configs.getOrDefault(S3StoreConfig.KEY_PREFIX, "");
        this.cache = new RemoteChunkCache(number(configs, READER_CACHE_BYTES_CONFIG, DEFAULT_READER_CACHE_BYTES));
        this.reader = new RemoteSegmentReader(store, cache,
                (int) number(configs, READER_CHUNK_BYTES_CONFIG, DEFAULT_READER_CHUNK_BYTES));
        this.deleter = new RemoteSegmentDeleter(store, metadata, keyPrefix, clock, hook);
        this.copier = new SegmentCopier(store, metadata, deleter, keyPrefix, clock, hook);
        tieredPartitions(Optional.empty()).forEach(this::registerBound);
    }

    /**
     * Opens tiered storage beside {@code engine}, on the S3 store {@code configs} name.
     *
     * @throws IllegalArgumentException naming a config that is missing or invalid
     */
    public static TieredStorage open(SegmentedLogEngine engine, TopicCatalog catalog, Path dataDirectory,
            Map<String, String> configs) {
        return open(engine, catalog, dataDirectory, S3RemoteStore.open(S3StoreConfig.from(configs)), configs,
                Clock.systemUTC(), TieringHook.NONE);
    }

    /**
     * Opens over any {@link RemoteStore}, which the result then owns (closed here if opening fails);
     * {@code hook} sees every step (crash tests).
     */
    static TieredStorage open(SegmentedLogEngine engine, TopicCatalog catalog, Path dataDirectory, RemoteStore store,
            Map<String, String> configs, Clock clock, TieringHook hook) {
        RemoteLogMetadataStore metadata = null;
        try {
            metadata = RemoteLogMetadataStore.open(dataDirectory.resolve(RemoteLogMetadataStore.DIRECTORY_NAME),
                    RemoteMetadataStoreOptions.fromConfig(configs));
            return new TieredStorage(engine, catalog, dataDirectory, store, metadata, configs, clock, hook);
        } catch (RuntimeException e) {
            if (metadata != null) {
                metadata.close();
            }
            store.close();
            throw e;
        }
    }

    /**
     * Finishes what a crash left, under every tiered partition: deletes the objects of in-flight uploads and
     * deletes, aborts unfinished multipart uploads (where the store can list them) and deletes objects no
     * record names. Run before uploads start; {@link #run} and {@link #deleteTopic} call it once per instance.
     *
     * @return how many orphans (in-flight segments, unfinished uploads, unnamed objects) were cleaned
     * @throws RemoteStoreException when the store fails; what was cleaned stays cleaned
     * @throws dev.varve.lmdb.CorruptRemoteMetadataException when the metadata store disagrees with its witness
     *                             (a record lost to damage): no object is deleted on the strength of its absence
     */
    public synchronized int cleanOrphans() {
        int cleaned = deleter.cleanOrphans(tieredPartitions(Optional.empty()));
        orphansSwept = true;
        return cleaned;
    }

    private int cleanOrphansOnce() {
        return orphansSwept ? 0 : cleanOrphans();
    }

    /** The partition's log: tiered when its topic has {@code remote.storage.enable=true}. */
    public PartitionLog open(String topic, int partition) {
        PartitionLog log = catalog.open(topic, partition);
        if (!log.config().remoteStorageEnabled()) {
            return log;
        }
        registerBound(log.topicPartition());
        return new TieredPartitionLog(log, metadata, reader);
    }

    /**
     * Uploads every closed segment not uploaded yet of {@code topic}'s partitions (every tiered topic's when
     * empty), deletes remote segments past {@code retention.*}, then applies local retention. The first run of
     * an instance cleans orphans first ({@link #cleanOrphans()}).
     *
     * @param uploaded hears of each segment as its upload finishes (progress)
     * @throws RemoteStoreException when the store fails; what finished before stays recorded
     */
    public synchronized TierRunSummary run(Optional<String> topic, Consumer<RemoteSegmentMetadata> uploaded) {
        int orphans = cleanOrphansOnce();
        Set<TopicPartition> partitions = tieredPartitions(topic);
        int segments = 0;
        long bytes = 0;
        int remoteDeleted = 0;
        for (TopicPartition partition : partitions) {
            PartitionLog log = open(partition.topic(), partition.partition());
            CleanableLog view = engine.cleanable(partition);
            for (CleanableLog.ClosedSegment segment : copier.pending(view)) {
                RemoteSegmentMetadata copied = copier.copy(view, segment);
                segments++;
                bytes += copied.sizeBytes();
                uploaded.accept(copied);
            }
            remoteDeleted += enforceRemoteRetention(log, view);
        }
        int localDeleted = engine.enforceRetention();
        return new TierRunSummary(partitions.size(), segments, bytes, remoteDeleted, localDeleted, orphans);
    }

    private int enforceRemoteRetention(PartitionLog log, CleanableLog view) {
        TopicPartition partition = log.topicPartition();
        List<RemoteSegmentMetadata> expired = RemoteRetention.expired(metadata.readableSegments(partition),
                log.config(), clock.millis(), localOnlyBytes(view));
        for (RemoteSegmentMetadata segment : expired) {
            deleter.delete(segment);
            segment.objects().forEach(object -> cache.invalidate(object.key()));
        }
        if (!expired.isEmpty()) {
            long newStart = Math.min(expired.get(expired.size() - 1).endOffset() + 1, log.logEndOffset());
            log.deleteRecordsBefore(newStart);
        }
        return expired.size();
    }

    /** Local bytes no readable remote segment holds: closed segments not uploaded, and the active one. */
    private long localOnlyBytes(CleanableLog view) {
        long uploadedEnd = metadata.endOffset(view.topicPartition()).orElse(-1);
        long bytes = activeBytes(view);
        for (CleanableLog.ClosedSegment segment : view.closedSegments()) {
            if (segment.baseOffset() > uploadedEnd) {
                bytes += segment.sizeInBytes();
            }
        }
        return bytes;
    }

    private long activeBytes(CleanableLog view) {
        Path active = LogFileName.of(view.activeSegmentBaseOffset(), LogFileType.LOG)
                .resolveIn(dataDirectory.resolve(view.topicPartition().folderName()));
        try {
            return Files.size(active);
        } catch (IOException e) {
            throw new LogStorageException("read size", active.toString(), e);
        }
    }

    /**
     * Deletes {@code topic} with its remote data: every remote segment of each partition goes through the
     * delete path (so a crash half-way is finished by the next open's orphan cleanup), then the catalog
     * deletes the topic and its local data. A later topic of the same name starts with no remote segment.
     *
     * @throws RemoteStoreException when the store fails; the topic then still exists
     */
    public synchronized void deleteTopic(String topic) {
        cleanOrphansOnce();
        TopicMetadata described = catalog.metadata(topic);
        for (int p = 0; p < described.partitions(); p++) {
            for (RemoteSegmentMetadata segment : metadata.segments(described.partition(p))) {
                if (segment.state() != RemoteSegmentState.DELETE_SEGMENT_FINISHED) {
                    deleter.delete(segment);
                    segment.objects().forEach(object -> cache.invalidate(object.key()));
                }
            }
        }
        catalog.delete(topic);
    }

    /** Where the partition's data lives now. */
    public PartitionTierStatus status(String topic, int partition) {
        PartitionLog log = open(topic, partition);
        CleanableLog view = engine.cleanable(log.topicPartition());
        List<CleanableLog.ClosedSegment> closed = view.closedSegments();
        long localBytes = activeBytes(view) + closed.stream().mapToLong(CleanableLog.ClosedSegment::sizeInBytes).sum();
        long localStart = log instanceof TieredPartitionLog tiered ? tiered.localLogStartOffset() : log.logStartOffset();
        return new PartitionTierStatus(log.topicPartition(), closed.size() + 1, localBytes, localStart,
                log.logEndOffset(), metadata.segments(log.topicPartition()));
    }

    private Set<TopicPartition> tieredPartitions(Optional<String> topic) {
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        List<String> topics = topic.map(List::of).orElseGet(catalog::list);
        for (String name : topics) {
            TopicMetadata described = catalog.metadata(name);
            LogConfig config = described.config();
            if (config.remoteStorageEnabled() && !described.deleting()) {
                for (int p = 0; p < described.partitions(); p++) {
                    partitions.add(described.partition(p));
                }
            }
        }
        return partitions;
    }

    private void registerBound(TopicPartition partition) {
        engine.localDeletionBound(partition, () -> metadata.endOffset(partition).orElse(-1) + 1);
    }

    /** Hits, misses and size of the remote read cache since this storage opened. */
    public ReaderCacheStats readerCacheStats() {
        return cache.stats();
    }

    /** The reader's cache, for tests. */
    RemoteChunkCache cache() {
        return cache;
    }

    private static long number(Map<String, String> configs, String name, long fallback) {
        String value = configs.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < 0 || name.equals(READER_CHUNK_BYTES_CONFIG) && (parsed < 4096 || parsed > (1 << 30))) {
                throw new IllegalArgumentException("invalid value for " + name + ": '" + value + "': out of range");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value for " + name + ": '" + value + "': expected a whole number", e);
        }
    }

    /** Closes the metadata store and the remote store; the engine and catalog stay open. */
    @Override
    public void close() {
        try {
            metadata.close();
        } finally {
            store.close();
        }
    }
}
