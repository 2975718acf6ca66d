package dev.varve.engine.topic;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.LogConfigKey;
import dev.varve.engine.api.LogEngine;
import dev.varve.engine.api.LogStorageException;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.log.DurableFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * The topics of one data directory and its {@link LogEngine}: creates, lists, describes, alters and
 * deletes them, and opens their partitions with the topic's config.
 *
 * <p><b>Persistence.</b> Each topic's metadata is one file ({@link TopicMetadataFile}) replaced
 * crash-safely on every change. {@link #open} reads them all, finishes any delete a crash interrupted,
 * and opens every partition, so the engine loads (and after an unclean shutdown recovers) each one on
 * start. Partition folders the engine holds without metadata (a Kafka log directory copied in) become
 * topics with Kafka's defaults, their partition count one above the highest partition found.
 *
 * <p><b>Damage.</b> A metadata file that cannot be read back (invalid UTF-8, a checksum mismatch, a bad
 * value, an I/O error reading it) or partition folders beyond a topic's count take that topic offline:
 * {@link #list()} leaves it out, {@link #offline()} names it with its file and reason, and every use of it
 * throws {@link TopicOfflineException}. Its partitions are neither opened nor adopted, so nothing of it is
 * changed on disk; every other topic is served as usual.
 *
 * <p><b>Crashes.</b> Create writes the metadata before the partitions, so a crash leaves a topic whose
 * missing partitions the next open creates. Delete marks the metadata {@code deleting}, deletes the
 * partitions through {@link LogEngine#delete}, then removes the file; the next open finishes a
 * delete a crash interrupted, so a topic never comes back half-deleted.
 *
 * <p><b>Config changes</b> ({@link #alter}) reach open logs by reopening them through the engine with the
 * new config; an engine whose open returns a log with the old config (the {@code memory} engine) has
 * that log closed and opened again, which ends the old instance for anyone still holding it.
 *
 * <p><b>Threads.</b> Thread-safe: changes are serialised on the catalog; reads see a consistent topic.
 * The catalog does not own the engine: close the engine, not the catalog.
 */
public final class TopicCatalog {
    private static final Logger LOG = Logger.getLogger(TopicCatalog.class.getName());
    private final LogEngine engine;
    private final Path dataDirectory;
    private final Path metadataDirectory;
    private final Map<String, TopicMetadata> topics = new TreeMap<>();
    private final Map<String, OfflineTopic> offline = new TreeMap<>();

    private TopicCatalog(LogEngine engine, Path dataDirectory) {
        this.engine = engine;
        this.dataDirectory = dataDirectory;
        this.metadataDirectory = dataDirectory.resolve(TopicMetadataFile.DIRECTORY);
    }

    /**
     * Opens the catalog of {@code dataDirectory}, the directory {@code engine} was opened on: loads every
     * topic, finishes interrupted deletes, adopts partitions without metadata, and opens every partition.
     *
     * A metadata file that cannot be read back takes only its topic offline ({@link #offline()}), with a
     * warning; so do partition folders beyond a topic's partition count.
     *
     * @throws LogStorageException on an I/O error listing or creating the metadata folder
     */
    public static TopicCatalog open(LogEngine engine, Path dataDirectory) {
        TopicCatalog catalog = new TopicCatalog(engine, dataDirectory);
        catalog.load();
        return catalog;
    }

    private synchronized void load() {
        try {
            Files.createDirectories(metadataDirectory);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(metadataDirectory)) {
                for (Path file : files) {
                    loadFile(file);
                }
            }
        } catch (IOException e) {
            throw new LogStorageException("list topics", metadataDirectory.toString(), e);
        }
        takeOfflineTopicsWithStrayPartitions();
        adoptOrphanPartitions();
        for (TopicMetadata topic : topics.values()) {
            for (int p = 0; p < topic.partitions(); p++) {
                openWithConfig(topic.partition(p), topic.config());
            }
        }
    }

    private void loadFile(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".tmp")) {
            Files.deleteIfExists(file); // a replace that a crash interrupted: the real file is intact
            return;
        }
        if (TopicMetadataFile.topicOf(name) == null) {
            return;
        }
        TopicMetadata topic;
        try {
            topic = TopicMetadataFile.read(file);
        } catch (CorruptTopicMetadataException | LogStorageException e) {
            takeOffline(new OfflineTopic(TopicMetadataFile.topicOf(name), file.toString(), e.getMessage()));
            return;
        }
        if (topic.deleting()) {
            finishDelete(topic);
        } else {
            topics.put(topic.name(), topic);
        }
    }

    private void takeOffline(OfflineTopic topic) {
        LOG.warning(() -> "topic " + topic.topic() + " is offline, every other topic is served: " + topic.reason());
        topics.remove(topic.topic());
        offline.put(topic.topic(), topic);
    }

    /** A partition folder past a topic's count means the count in its file is wrong: serve none of it. */
    private void takeOfflineTopicsWithStrayPartitions() {
        for (TopicPartition partition : engine.partitions()) {
            TopicMetadata topic = topics.get(partition.topic());
            if (topic != null && partition.partition() >= topic.partitions()) {
                takeOffline(new OfflineTopic(topic.name(), TopicMetadataFile.fileOf(metadataDirectory, topic.name()).toString(),
                        "partition folder " + partition.folderName() + " exists beyond partitions=" + topic.partitions()));
            }
        }
    }

    private void adoptOrphanPartitions() {
        Map<String, Integer> orphans = new TreeMap<>();
        for (TopicPartition partition : engine.partitions()) {
            if (!topics.containsKey(partition.topic()) && !offline.containsKey(partition.topic())) {
                orphans.merge(partition.topic(), partition.partition() + 1, Math::max);
            }
        }
        orphans.forEach((name, partitions) -> {
            TopicMetadata topic = new TopicMetadata(name, partitions, LogConfig.defaults(), false);
            TopicMetadataFile.write(metadataDirectory, topic);
            topics.put(name, topic);
        });
    }

    /**
     * Creates {@code topic} with {@code partitions} partitions and the given config overrides (Kafka
     * names to values), and opens its partitions.
     *
     * @throws IllegalArgumentException naming the bad topic name, partition count, config key or value
     * @throws TopicExistsException when the topic exists
     * @throws TopicOfflineException when a topic of that name exists but is offline
     */
    public synchronized TopicDescription create(String topic, int partitions, Map<String, String> overrides) {
        TopicMetadata metadata = new TopicMetadata(topic, partitions, LogConfig.of(overrides), false);
        if (offline.containsKey(topic)) {
            throw offline.get(topic).error();
        }
        TopicMetadata existing = topics.get(topic);
        if (existing != null) {
            throw new TopicExistsException(topic, existing.partitions());
        }
        TopicMetadataFile.write(metadataDirectory, metadata);
        topics.put(topic, metadata);
        for (int p = 0; p < partitions; p++) {
            openWithConfig(metadata.partition(p), metadata.config());
        }
        return describe(topic);
    }

    /** The names of every topic that is online, sorted. */
    public synchronized List<String> list() {
        return List.copyOf(topics.keySet());
    }

    /** The topics found but offline, sorted by name, each with its file and reason. */
    public synchronized List<OfflineTopic> offline() {
        return List.copyOf(offline.values());
    }

    /** Whether {@code topic} exists and is online. */
    public synchronized boolean exists(String topic) {
        return topics.containsKey(topic);
    }

    /**
     * The metadata of {@code topic}.
     *
     * @throws UnknownTopicOrPartitionException when it does not exist
     * @throws TopicOfflineException when it is offline; so does every method that takes a topic name
     */
    public synchronized TopicMetadata metadata(String topic) {
        TopicMetadata metadata = topics.get(topic);
        if (metadata == null) {
            OfflineTopic down = offline.get(topic);
            throw down != null ? down.error() : UnknownTopicOrPartitionException.topic(topic);
        }
        return metadata;
    }

    /**
     * The topic's config and each partition's log start and end offsets and size on disk.
     *
     * @throws UnknownTopicOrPartitionException when it does not exist
     */
    public synchronized TopicDescription describe(String topic) {
        TopicMetadata metadata = metadata(topic);
        List<PartitionDescription> partitions = new ArrayList<>(metadata.partitions());
        for (int p = 0; p < metadata.partitions(); p++) {
            PartitionLog log = open(topic, p);
            partitions.add(new PartitionDescription(p, log.logStartOffset(), log.logEndOffset(),
                    PartitionFiles.logBytes(dataDirectory, metadata.partition(p))));
        }
        return new TopicDescription(topic, metadata.config(), partitions);
    }

    /**
     * Sets the overrides in {@code set} and removes those named in {@code remove} (back to Kafka's
     * default; removing one that is not set does nothing), persists the result and applies it to the
     * topic's logs.
     *
     * @throws IllegalArgumentException naming an unknown config key or a bad value; nothing changes
     * @throws UnknownTopicOrPartitionException when the topic does not exist
     */
    public synchronized TopicDescription alter(String topic, Map<String, String> set, Collection<String> remove) {
        TopicMetadata metadata = metadata(topic);
        Map<String, String> overrides = new TreeMap<>(metadata.config().overrides());
        for (String key : remove) {
            if (LogConfigKey.forName(key) == null) {
                throw new IllegalArgumentException("unknown topic config '" + key + "'");
            }
            overrides.remove(key);
        }
        overrides.putAll(set);
        TopicMetadata altered = metadata.withConfig(LogConfig.of(overrides));
        TopicMetadataFile.write(metadataDirectory, altered);
        topics.put(topic, altered);
        for (int p = 0; p < altered.partitions(); p++) {
            openWithConfig(altered.partition(p), altered.config());
        }
        return describe(topic);
    }

    /**
     * Deletes {@code topic}: every partition with its data, then the metadata. Crash-safe: see the class
     * comment.
     *
     * @throws UnknownTopicOrPartitionException when it does not exist
     */
    public synchronized void delete(String topic) {
        TopicMetadata doomed = metadata(topic).markedDeleting();
        TopicMetadataFile.write(metadataDirectory, doomed);
        topics.remove(topic);
        finishDelete(doomed);
    }

    private void finishDelete(TopicMetadata doomed) {
        for (int p = 0; p < doomed.partitions(); p++) {
            engine.delete(doomed.partition(p));
        }
        DurableFile.delete(TopicMetadataFile.fileOf(metadataDirectory, doomed.name()));
    }

    /**
     * The log of partition {@code partition} of {@code topic}, running with the topic's config.
     *
     * @throws UnknownTopicOrPartitionException when the topic or partition does not exist
     */
    public synchronized PartitionLog open(String topic, int partition) {
        TopicMetadata metadata = metadata(topic);
        if (partition < 0 || partition >= metadata.partitions()) {
            throw UnknownTopicOrPartitionException.partition(topic, partition, metadata.partitions());
        }
        return openWithConfig(metadata.partition(partition), metadata.config());
    }

    private PartitionLog openWithConfig(TopicPartition partition, LogConfig config) {
        PartitionLog log = engine.open(partition, config);
        if (!log.config().equals(config)) {
            log.close();
            log = engine.open(partition, config);
        }
        return log;
    }
}
