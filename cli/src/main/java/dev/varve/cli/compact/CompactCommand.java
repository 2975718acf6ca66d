package dev.varve.cli.compact;

import dev.varve.cli.CliException;
import dev.varve.cli.EmbeddedStore;
import dev.varve.compaction.CleanerCheckpoint;
import dev.varve.compaction.CleaningSummary;
import dev.varve.compaction.LogCleaner;
import dev.varve.compaction.OffsetMap;
import dev.varve.engine.api.LogConfigKey;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.segmented.SegmentedLogEngine;
import dev.varve.engine.topic.TopicCatalog;
import dev.varve.engine.topic.TopicMetadata;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code varve compact TOPIC}: cleans each partition of a compacted topic once, as Kafka's log cleaner
 * would (everything dirty below the active segment, within the dedupe buffer), and prints one line per
 * partition: the offsets cleaned, segments and bytes before and after, distinct keys, records read
 * and removed, tombstones, time and MB/s. {@code --roll} rolls the active segment first, so every
 * record so far can be cleaned. Refuses a topic whose {@code cleanup.policy} lacks {@code compact}.
 * Progress ("cleaning users-0") goes to standard error on a terminal only.
 */
@Command(name = "compact", sortOptions = false,
        description = {"Compact a topic now: keep the latest record of every key below the active segment.",
            "The topic's cleanup.policy must include compact."})
public final class CompactCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "TOPIC", description = "The topic.")
    private String topic;

    @Option(names = "--partition", paramLabel = "P", description = "Compact only partition P (default: all).")
    private Integer partition;

    @Option(names = "--roll", description = "Roll the active segment first, so that every record can be cleaned.")
    private boolean roll;

    @Option(names = "--dedupe-buffer-size", paramLabel = "BYTES", defaultValue = "134217728",
            description = "Memory for the offset map, log.cleaner.dedupe.buffer.size (default: ${DEFAULT-VALUE}).")
    private long dedupeBufferBytes;

    /** Kafka's log.cleaner.io.buffer.size, split between reading and writing. */
    private static final int IO_BUFFER_BYTES = 256 << 10;
    /** The smallest map worth running: 1024 keys. */
    private static final long MIN_DEDUPE_BUFFER_BYTES = 1024L * OffsetMap.BYTES_PER_ENTRY;

    @Override
    public Integer call() {
        if (dedupeBufferBytes < MIN_DEDUPE_BUFFER_BYTES) {
            throw new ParameterException(spec.commandLine(), "--dedupe-buffer-size must be at least " + MIN_DEDUPE_BUFFER_BYTES);
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean terminal = System.console() != null;
        try (EmbeddedStore store = EmbeddedStore.open(spec.commandLine())) {
            TopicCatalog catalog = store.catalog();
            TopicMetadata metadata = catalog.metadata(topic);
            int first = partition == null ? 0 : partition;
            int last = partition == null ? metadata.partitions() - 1 : partition;
            if (first < 0 || last >= metadata.partitions()) {
                throw new CliException(CliException.USAGE_ERROR, "topic " + topic + " has no partition " + partition
                        + " (partitions: " + metadata.partitions() + ")");
            }
            SegmentedLogEngine engine = (SegmentedLogEngine) store.engine();
            Path data = store.dataDirectory();
            try (LogCleaner cleaner = new LogCleaner(new CleanerCheckpoint(data), OffsetMap.forBudget(dedupeBufferBytes, 1),
                    IO_BUFFER_BYTES, Clock.systemUTC())) {
                for (int p = first; p <= last && !store.stopping(); p++) {
                    PartitionLog log = catalog.open(topic, p);
                    if (!log.config().compacted()) {
                        throw new CliException(CliException.USAGE_ERROR, "topic " + topic + " is not compacted (cleanup.policy="
                                + log.config().get(LogConfigKey.CLEANUP_POLICY) + "): set cleanup.policy=compact");
                    }
                    if (roll) {
                        log.roll();
                    }
                    if (terminal) {
                        spec.commandLine().getErr().print("cleaning " + log.topicPartition() + "...\r");
                        spec.commandLine().getErr().flush();
                    }
                    out.println(describe(log.topicPartition().toString(), cleaner.clean(engine.cleanable(log.topicPartition()))));
                    out.flush();
                }
            }
        }
        return 0;
    }

    /** One line: what a pass did to a partition. */
    static String describe(String partition, CleaningSummary s) {
        if (!s.cleanedAnything()) {
            return partition + ": nothing to clean (clean up to offset " + s.firstDirtyOffset()
                    + "; records in the active segment are never cleaned, --roll closes it)";
        }
        return String.format(Locale.ROOT, "%s: cleaned offsets [%d, %d): segments %d -> %d, bytes %s -> %s, keys %d, "
                + "records %d read, %d kept, %d removed, tombstones %d kept, %d removed, %.2f s, %.1f MB/s",
                partition, s.firstDirtyOffset(), s.cleanedUpTo(), s.segmentsBefore(), s.segmentsAfter(),
                bytes(s.bytesBefore()), bytes(s.bytesAfter()), s.distinctKeys(), s.recordsRead(), s.recordsKept(),
                s.recordsRemoved(), s.tombstonesKept(), s.tombstonesRemoved(), s.durationNanos() / 1e9, s.megabytesPerSecond());
    }

    private static String bytes(long bytes) {
        return bytes < 10_000 ? bytes + " B" : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
