package dev.varve.properties.corruption;

import dev.varve.compaction.CleanerCheckpoint;
import dev.varve.compaction.LogCleaner;
import dev.varve.compaction.OffsetMap;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.ReadResult;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import dev.varve.engine.segmented.SegmentedLogEngine;
import dev.varve.engine.spi.EngineContext;
import dev.varve.engine.topic.TopicCatalog;
import dev.varve.engine.topic.TopicMetadata;
import dev.varve.properties.engine.KitClock;
import dev.varve.replication.EpochEntry;
import dev.varve.replication.LeaderEpochCache;
import dev.varve.replication.LeaderEpochCheckpointFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The data directory the metadata-file properties corrupt, and the one way they reopen and read it.
 *
 * <p>{@link #build} writes, with a fixed clock: {@code plain} (2 partitions, several segments each),
 * {@code compacted} (repeated keys, small segments, one cleaning, so {@code cleaner-offset-checkpoint}
 * exists) and {@code epochs} (batches from leader epochs 0, 2 and 5 and the replica's
 * {@code leader-epoch-checkpoint} in its folder), then closes cleanly (both offset checkpoints and the
 * clean-shutdown marker). {@link #reopen} opens a copy as a restarted process would: engine, catalog, a
 * cleaning pass over the compacted topic (which reads the cleaner checkpoint), the leader epochs of
 * {@code epochs} (read or rebuilt), and reads every partition of every topic from its log start.
 */
final class MetadataDirectory {
    static final String PLAIN = "plain";
    static final String COMPACTED = "compacted";
    static final String EPOCHS = "epochs";
    static final List<String> TOPICS = List.of(COMPACTED, EPOCHS, PLAIN);
    static final TopicPartition EPOCHS_PARTITION = new TopicPartition(EPOCHS, 0);
    private static final long START_MS = 1_700_000_000_000L;

    private MetadataDirectory() {
    }

    /** Writes the directory described in the class comment into the empty folder {@code dir}. */
    static void build(Path dir) {
        KitClock clock = new KitClock(START_MS);
        try (SegmentedLogEngine engine = SegmentedLogEngine.open(new EngineContext(dir, clock))) {
            TopicCatalog catalog = TopicCatalog.open(engine, dir);
            // Small index files: every trial copies the directory, and an active segment's are preallocated.
            catalog.create(PLAIN, 2, Map.of("segment.bytes", "1024", "index.interval.bytes", "128", "segment.index.bytes", "4096"));
            catalog.create(COMPACTED, 1, Map.of("cleanup.policy", "compact", "segment.bytes", "1024",
                    "min.compaction.lag.ms", "0", "segment.index.bytes", "4096"));
            catalog.create(EPOCHS, 1, Map.of("segment.bytes", "2048", "segment.index.bytes", "4096"));
            for (int i = 0; i < 40; i++) {
                append(catalog.open(PLAIN, i % 2), i, "p" + i, 3);
                append(catalog.open(COMPACTED, 0), i, "k" + (i % 7), 1);
            }
            PartitionLog epochs = catalog.open(EPOCHS, 0);
            LeaderEpochCache cache = new LeaderEpochCache(new LeaderEpochCheckpointFile(dir.resolve(EPOCHS_PARTITION.folderName())));
            int[] leaderEpochs = {0, 0, 0, 2, 2, 5, 5, 5, 5};
            for (int i = 0; i < leaderEpochs.length; i++) {
                cache.assign(leaderEpochs[i], epochs.logEndOffset());
                epochs.appendAsLeader(batch(i, "e" + i, 4), leaderEpochs[i]);
            }
            clean(engine, dir, clock);
        }
    }

    private static void append(PartitionLog log, int i, String key, int records) {
        log.append(batch(i, key, records));
    }

    private static java.nio.ByteBuffer batch(int i, String key, int records) {
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(0);
            for (int r = 0; r < records; r++) {
                builder.append(START_MS + i, key.getBytes(StandardCharsets.UTF_8), ("v" + i + "." + r).getBytes(StandardCharsets.UTF_8));
            }
            java.nio.ByteBuffer built = builder.build();
            return java.nio.ByteBuffer.allocate(built.remaining()).put(built).flip();
        }
    }

    private static void clean(SegmentedLogEngine engine, Path dir, KitClock clock) {
        try (LogCleaner cleaner = new LogCleaner(new CleanerCheckpoint(dir), new OffsetMap(1 << 16), 4096, clock)) {
            cleaner.clean(engine.cleanable(new TopicPartition(COMPACTED, 0)));
        }
    }

    /** What a reopened copy served: per topic, each partition's records, or the error that took it offline. */
    record Served(Map<String, Object> topics, List<EpochEntry> epochs) {
    }

    /**
     * Reopens {@code dir} and reads everything (see the class comment). Typed errors of one topic are
     * recorded as that topic's outcome; anything thrown outside a topic's own use propagates.
     */
    static Served reopen(Path dir) {
        KitClock clock = new KitClock(START_MS + 1000);
        try (SegmentedLogEngine engine = SegmentedLogEngine.open(new EngineContext(dir, clock))) {
            TopicCatalog catalog = TopicCatalog.open(engine, dir);
            Map<String, Object> topics = new TreeMap<>();
            for (String topic : TOPICS) {
                topics.put(topic, readTopic(engine, catalog, dir, clock, topic));
            }
            List<EpochEntry> epochs = catalog.exists(EPOCHS)
                    ? LeaderEpochCache.readOrRebuild(new LeaderEpochCheckpointFile(dir.resolve(EPOCHS_PARTITION.folderName())),
                            catalog.open(EPOCHS, 0)).entries()
                    : List.of();
            return new Served(topics, epochs);
        }
    }

    private static Object readTopic(SegmentedLogEngine engine, TopicCatalog catalog, Path dir, KitClock clock, String topic) {
        try {
            TopicMetadata metadata = catalog.metadata(topic);
            if (topic.equals(COMPACTED)) {
                clean(engine, dir, clock);
            }
            List<List<String>> partitions = new ArrayList<>();
            for (int p = 0; p < metadata.partitions(); p++) {
                partitions.add(readAll(catalog.open(topic, p)));
            }
            return partitions;
        } catch (dev.varve.engine.topic.TopicOfflineException e) {
            return e;
        }
    }

    /** Every record of {@code log} from its log start, as {@code offset:key=value}. */
    static List<String> readAll(PartitionLog log) {
        List<String> out = new ArrayList<>();
        long offset = log.logStartOffset();
        RecordBatchReader batches = new RecordBatchReader();
        try (RecordReader records = new RecordReader()) {
            while (offset < log.logEndOffset()) {
                ReadResult result = log.read(offset, 4096, Long.MAX_VALUE);
                if (result.status() != ReadResult.Status.OK || result.records().sizeInBytes() == 0) {
                    throw new AssertionError("read stopped: offset=" + offset + ", result=" + result);
                }
                batches.reset(result.records().toBuffer());
                while (batches.next()) {
                    records.open(batches.batch());
                    while (records.next()) {
                        if (records.offset() >= offset) {
                            out.add(records.offset() + ":" + new String(records.key(), StandardCharsets.UTF_8) + "="
                                    + new String(records.value(), StandardCharsets.UTF_8));
                        }
                    }
                    offset = batches.batch().nextOffset();
                }
            }
        }
        return out;
    }

    /** Copies the directory {@code from} into the new folder {@code to}. */
    static void copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code dir} and everything in it. */
    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
