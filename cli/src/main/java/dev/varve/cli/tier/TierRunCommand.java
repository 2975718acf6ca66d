package dev.varve.cli.tier;

import dev.varve.cli.CliException;
import dev.varve.cli.EmbeddedStore;
import dev.varve.lmdb.RemoteSegmentMetadata;
import dev.varve.tiered.TierRunSummary;
import dev.varve.tiered.TieredStorage;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code varve tier run [TOPIC]}: uploads the closed segments not uploaded yet of TOPIC (every tiered topic
 * without one), applies total retention to remote segments and local retention to local ones, now. Each
 * uploaded segment shows on standard error when it is a terminal; one summary line goes to standard output.
 * Killed half-way, the next start of any tiered command cleans up and loses nothing.
 */
@Command(name = "run", description = {"Upload closed segments and enforce local and remote retention now.",
    "Without TOPIC: every topic with remote.storage.enable=true."})
public final class TierRunCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "TOPIC", arity = "0..1", description = "The topic (default: every tiered topic).")
    private String topic;

    @Mixin
    private TierOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = System.console() != null;
        long started = System.nanoTime();
        try (EmbeddedStore store = EmbeddedStore.open(spec.commandLine())) {
            if (topic != null && !store.catalog().metadata(topic).config().remoteStorageEnabled()) {
                throw new CliException(CliException.USAGE_ERROR, "topic " + topic + " is not tiered: set remote.storage.enable=true");
            }
            TieredStorage tiered = store.tiered(options.configs);
            TierRunSummary summary = tiered.run(Optional.ofNullable(topic), segment -> {
                if (terminal) {
                    err.print(progress(segment) + "\r");
                    err.flush();
                }
            });
            if (summary.orphansCleaned() > 0) {
                err.println("varve: cleaned " + summary.orphansCleaned() + " leftovers of an interrupted run");
            }
            out.printf(Locale.ROOT, "tier run: %d partitions, %d segments uploaded (%s), %d remote segments deleted"
                    + " by retention, %d local segments deleted, %.2f s%n", summary.partitions(), summary.segmentsUploaded(),
                    bytes(summary.bytesUploaded()), summary.remoteSegmentsDeleted(), summary.localSegmentsDeleted(),
                    (System.nanoTime() - started) / 1e9);
        }
        out.flush();
        return 0;
    }

    private static String progress(RemoteSegmentMetadata segment) {
        return "uploaded " + segment.topicPartition() + " [" + segment.baseOffset() + ", " + segment.endOffset() + "] "
                + bytes(segment.sizeBytes()) + "          ";
    }

    static String bytes(long bytes) {
        if (bytes < 10_000) {
            return bytes + " B";
        }
        return bytes < 10_000_000 ? String.format(Locale.ROOT, "%.1f KB", bytes / 1e3)
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
