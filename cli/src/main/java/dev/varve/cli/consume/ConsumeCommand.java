package dev.varve.cli.consume;

import dev.varve.cli.CliException;
import dev.varve.cli.EmbeddedStore;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.TimestampOffset;
import dev.varve.engine.topic.TopicCatalog;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code varve consume TOPIC}: prints the records of one partition, or of every partition one after
 * the other in partition order, from the chosen start to the log end as it was at start. Without a
 * start option it starts at the log end, as Kafka's console consumer does (auto.offset.reset=latest),
 * so it prints nothing and says so on standard error; {@code --offset} needs {@code --partition}, as
 * in Kafka. A topic with {@code remote.storage.enable=true} is read through tiered storage (see
 * {@link dev.varve.cli.TieredSettings}), so records already uploaded and deleted locally print too.
 */
@Command(name = "consume", sortOptions = false,
        description = {"Print a topic's records, from --from-beginning, --offset or --time to the log end.",
            "Without a start option it starts at the log end (Kafka's default, latest) and prints nothing."})
public final class ConsumeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "TOPIC", description = "The topic.")
    private String topic;

    @Option(names = "--partition", paramLabel = "P", description = "Read only partition P (default: all, in order).")
    private Integer partition;

    @ArgGroup(exclusive = true)
    private Start start = new Start();

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
    private Long max;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (values) or json (an object a line) (default: ${DEFAULT-VALUE}).")
    private String format;

    /** Where to start: at most one of the three. */
    static final class Start {
        @Option(names = "--from-beginning", description = "Start at the log start offset.")
        boolean fromBeginning;

        @Option(names = "--offset", paramLabel = "O", description = "Start at offset O (needs --partition).")
        Long offset;

        @Option(names = "--time", paramLabel = "MS", description = "Start at the first record stamped at or after MS (epoch millis).")
        Long timeMs;

        boolean given() {
            return fromBeginning || offset != null || timeMs != null;
        }
    }

    @Override
    public Integer call() {
        RecordFormat recordFormat = checkOptions();
        PrintWriter out = new PrintWriter(new BufferedWriter(spec.commandLine().getOut(), 1 << 16), false);
        long printed = 0;
        try (EmbeddedStore store = EmbeddedStore.open(spec.commandLine());
                PartitionReader reader = new PartitionReader()) {
            TopicCatalog catalog = store.catalog();
            int partitions = catalog.metadata(topic).partitions();
            boolean tiered = catalog.metadata(topic).config().remoteStorageEnabled();
            int first = partition == null ? 0 : partition;
            int last = partition == null ? partitions - 1 : partition;
            long limit = max == null ? Long.MAX_VALUE : max;
            for (int p = first; p <= last && printed < limit && !store.stopping(); p++) {
                PartitionLog log = tiered ? store.tiered(List.of()).open(topic, p) : catalog.open(topic, p);
                long end = log.logEndOffset();
                printed += reader.read(out, recordFormat, p, log, startOffset(log, end), end, limit - printed);
            }
        } finally {
            out.flush();
        }
        if (!start.given() && printed == 0) {
            spec.commandLine().getErr().println("varve: note: started at the log end, as Kafka's console consumer "
                    + "does; use --from-beginning, --offset or --time to read stored records");
        }
        return 0;
    }

    private RecordFormat checkOptions() {
        if (start.offset != null && partition == null) {
            throw new ParameterException(spec.commandLine(), "--offset needs --partition");
        }
        if (max != null && max < 0) {
            throw new ParameterException(spec.commandLine(), "--max must not be negative");
        }
        try {
            return RecordFormat.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--format: expected text or json, not '" + format + "'");
        }
    }

    private long startOffset(PartitionLog log, long end) {
        if (start.fromBeginning) {
            return log.logStartOffset();
        }
        if (start.offset != null) {
            long logStart = log.logStartOffset();
            if (start.offset < logStart || start.offset > end) {
                throw new CliException(CliException.DATA_ERROR, "offset " + start.offset + " is out of range for "
                        + log.topicPartition() + ": logStartOffset=" + logStart + ", logEndOffset=" + end);
            }
            return start.offset;
        }
        if (start.timeMs != null) {
            TimestampOffset found = log.offsetForTimestamp(start.timeMs);
            return found == null ? end : found.offset();
        }
        return end;
    }
}
