package dev.varve.cli.produce;

import dev.varve.cli.CliException;
import dev.varve.cli.EmbeddedStore;
import dev.varve.cli.ErrorReporter;
import dev.varve.engine.api.VarveException;
import dev.varve.engine.record.codec.CompressionCodec;
import dev.varve.engine.topic.TopicCatalog;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code varve produce TOPIC}: appends standard input, a record a line (with {@code --key-separator},
 * key before the first separator, value after), or {@code --count} synthetic records, batched and
 * partitioned as Kafka's producer does; then prints a summary. Progress goes to standard error every
 * second when it is a terminal. On Ctrl-C (or SIGTERM) it stops between batches and the engine closes
 * cleanly; records still in an unsent batch (at most {@code --linger-ms} or {@code --batch-bytes} worth
 * per partition) are dropped, as they were never acknowledged. When an append fails (a full disk, a
 * file size limit), it exits non-zero with one line saying what failed and what is safe: the records
 * written (acknowledged) before the failure and each partition's last offset; the rest were not.
 */
@Command(name = "produce", sortOptions = false,
        description = {"Append lines of standard input (or synthetic records) to a topic, then print a summary.",
            "Defaults are Kafka 4.x producer defaults: batch.size 16384, linger.ms 5."})
public final class ProduceCommand implements Callable<Integer> {
    private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "TOPIC", description = "The topic (create it with 'varve topics create').")
    private String topic;

    @Option(names = "--partition", paramLabel = "P", description = "Send every record to partition P (default: by key; sticky for null keys).")
    private Integer partition;

    @Option(names = "--compression", paramLabel = "CODEC", defaultValue = "none",
            description = "none, gzip, snappy, lz4 or zstd (default: ${DEFAULT-VALUE}).")
    private String compression;

    @Option(names = "--batch-bytes", paramLabel = "N", defaultValue = "16384",
            description = "Uncompressed batch size limit, Kafka's batch.size (default: ${DEFAULT-VALUE}).")
    private int batchBytes;

    @Option(names = "--linger-ms", paramLabel = "MS", defaultValue = "5",
            description = "Longest wait for a batch to fill, Kafka's linger.ms (default: ${DEFAULT-VALUE}).")
    private long lingerMs;

    @Option(names = "--key-separator", paramLabel = "SEP", description = "Split each line into key SEP value at the first SEP.")
    private String keySeparator;

    @Option(names = "--count", paramLabel = "N", description = "Produce N synthetic records instead of reading standard input.")
    private Long count;

    @Option(names = "--size", paramLabel = "BYTES", description = "Synthetic value size (default: 100).")
    private Integer size;

    @Option(names = "--payload", paramLabel = "KIND", description = "Synthetic values: json (events) or random (default: json).")
    private String payload;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the synthetic values (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() throws InterruptedException {
        CompressionCodec codec = checkOptions();
        EmbeddedStore opened;
        try {
            opened = EmbeddedStore.open(spec.commandLine());
        } catch (VarveException failed) {
            throw new CliException(CliException.DATA_ERROR, ErrorReporter.describe(failed) + "; no records were written", failed);
        }
        try (EmbeddedStore store = opened) {
            TopicCatalog catalog = store.catalog();
            int partitions = catalog.metadata(topic).partitions();
            if (partition != null) {
                catalog.open(topic, partition);
            }
            ProduceStats stats = new ProduceStats(topic, partitions, System.nanoTime());
            Partitioner partitioner = new Partitioner(partitions, partition == null ? -1 : partition);
            Progress progress = new Progress(stats);
            try (BatchAccumulator accumulator = new BatchAccumulator(partitions, p -> catalog.open(topic, p), codec,
                    batchBytes, lingerMs, stats, partitioner)) {
                try {
                    if (count != null) {
                        produceSynthetic(accumulator, store, progress);
                    } else {
                        produceLines(accumulator, store, progress);
                    }
                    if (!store.stopping()) {
                        accumulator.sendAll();
                    }
                } catch (IllegalStateException closedUnderUs) {
                    if (!store.stopping()) {
                        throw closedUnderUs;
                    }
                    // the shutdown hook closed the engine mid-append: stop, as Ctrl-C asked
                } catch (VarveException failed) {
                    throw new CliException(CliException.DATA_ERROR, ErrorReporter.describe(failed) + "; " + stats.written(), failed);
                }
            }
            progress.end();
            PrintWriter out = spec.commandLine().getOut();
            out.println(stats.summary(System.nanoTime()));
            out.flush();
        }
        return 0;
    }

    private CompressionCodec checkOptions() {
        if (count == null && (size != null || payload != null)) {
            throw new ParameterException(spec.commandLine(), "--size and --payload need --count");
        }
        if (count != null && keySeparator != null) {
            throw new ParameterException(spec.commandLine(), "--key-separator reads standard input; it cannot go with --count");
        }
        if (batchBytes < 1 || lingerMs < 0 || count != null && count < 0 || size != null && size < 0) {
            throw new ParameterException(spec.commandLine(), "--batch-bytes must be positive; --linger-ms, --count and --size not negative");
        }
        if (keySeparator != null && keySeparator.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--key-separator must not be empty");
        }
        try {
            return CompressionCodec.forName(compression);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--compression: " + e.getMessage());
        }
    }

    private void produceSynthetic(BatchAccumulator accumulator, EmbeddedStore store, Progress progress) {
        SyntheticPayload.Kind kind = payloadKind();
        SyntheticPayload values = new SyntheticPayload(kind, size == null ? 100 : size, seed);
        ByteBuffer value = ByteBuffer.wrap(values.next());
        for (long i = 0; i < count && !store.stopping(); i++) {
            if (i > 0) {
                values.next();
            }
            long now = System.currentTimeMillis();
            accumulator.add(now, null, value);
            if ((i & 1023) == 1023) {
                accumulator.sendExpired(now);
                progress.maybePrint();
            }
        }
    }

    private SyntheticPayload.Kind payloadKind() {
        String kind = payload == null ? "json" : payload;
        return switch (kind) {
            case "json" -> SyntheticPayload.Kind.JSON;
            case "random" -> SyntheticPayload.Kind.RANDOM;
            default -> throw new ParameterException(spec.commandLine(), "--payload: expected json or random, not '" + kind + "'");
        };
    }

    private void produceLines(BatchAccumulator accumulator, EmbeddedStore store, Progress progress) throws InterruptedException {
        LineSource source = new LineSource(System.in);
        long lineNumber = 0;
        while (!store.stopping()) {
            long due = accumulator.nextDueMs();
            List<String> lines = source.poll(due == Long.MAX_VALUE ? Long.MAX_VALUE : due - System.currentTimeMillis());
            if (lines == null) {
                return;
            }
            long now = System.currentTimeMillis();
            for (String line : lines) {
                lineNumber++;
                addLine(accumulator, now, line, lineNumber);
            }
            accumulator.sendExpired(System.currentTimeMillis());
            progress.maybePrint();
        }
    }

    private void addLine(BatchAccumulator accumulator, long now, String line, long lineNumber) {
        if (keySeparator == null) {
            accumulator.add(now, null, ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            return;
        }
        int at = line.indexOf(keySeparator);
        if (at < 0) {
            throw new CliException(CliException.DATA_ERROR, "line " + lineNumber + " has no key separator '"
                    + keySeparator + "' (records before it were produced)");
        }
        byte[] key = line.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] value = line.substring(at + keySeparator.length()).getBytes(StandardCharsets.UTF_8);
        accumulator.add(now, ByteBuffer.wrap(key), ByteBuffer.wrap(value));
    }

    /** Progress on standard error, only when it is a terminal (a console exists). */
    private final class Progress {
        private final ProduceStats stats;
        private final boolean enabled = System.console() != null;
        private long lastNanos = System.nanoTime();
        private boolean printed;

        Progress(ProduceStats stats) {
            this.stats = stats;
        }

        void maybePrint() {
            long now = System.nanoTime();
            if (enabled && now - lastNanos >= PROGRESS_INTERVAL_NANOS) {
                lastNanos = now;
                printed = true;
                PrintWriter err = spec.commandLine().getErr();
                err.print("\r" + stats.progress(now) + "   ");
                err.flush();
            }
        }

        void end() {
            if (printed) {
                spec.commandLine().getErr().println();
            }
        }
    }
}
