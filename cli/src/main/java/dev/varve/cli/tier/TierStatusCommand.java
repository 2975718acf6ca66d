package dev.varve.cli.tier;

import dev.varve.cli.CliException;
import dev.varve.cli.EmbeddedStore;
import dev.varve.engine.topic.TopicMetadata;
import dev.varve.lmdb.RemoteSegmentMetadata;
import dev.varve.tiered.PartitionTierStatus;
import dev.varve.tiered.TieredStorage;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code varve tier status TOPIC}: per partition, one line with the log start and end, the local segments
 * (count, bytes, first offset) and the readable remote ones (count, bytes, offsets), then one line per
 * remote segment record: offsets, bytes, state, id. Refuses a topic without {@code remote.storage.enable}.
 */
@Command(name = "status", description = "Show where each partition of a tiered topic lives: local and remote segments.")
public final class TierStatusCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "TOPIC", description = "The topic (remote.storage.enable=true).")
    private String topic;

    @Mixin
    private TierOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (EmbeddedStore store = EmbeddedStore.open(spec.commandLine())) {
            TopicMetadata metadata = store.catalog().metadata(topic);
            if (!metadata.config().remoteStorageEnabled()) {
                throw new CliException(CliException.USAGE_ERROR, "topic " + topic
                        + " is not tiered: set remote.storage.enable=true (varve topics alter " + topic + " --config ...)");
            }
            TieredStorage tiered = store.tiered(options.configs);
            for (int p = 0; p < metadata.partitions(); p++) {
                print(out, tiered.status(topic, p));
            }
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, PartitionTierStatus s) {
        String remote = s.remoteLogStart().isPresent()
                ? String.format(Locale.ROOT, "[%d, %d]", s.remoteLogStart().getAsLong(), s.remoteLogEnd().getAsLong())
                : "none";
        out.printf(Locale.ROOT, "%s: log [%d, %d) | local %d segments, %s, from %d | remote %d segments, %s, offsets %s%n",
                s.topicPartition(), s.logStart(), s.logEnd(), s.localSegments(), TierRunCommand.bytes(s.localBytes()),
                s.localLogStart(), s.readable().size(), TierRunCommand.bytes(s.remoteBytes()), remote);
        for (RemoteSegmentMetadata segment : s.remoteSegments()) {
            out.printf(Locale.ROOT, "  remote [%d, %d] %s %s %s%n", segment.baseOffset(), segment.endOffset(),
                    TierRunCommand.bytes(segment.sizeBytes()), segment.state(), segment.segmentId());
        }
    }
}
