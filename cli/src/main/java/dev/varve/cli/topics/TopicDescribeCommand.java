package dev.varve.cli.topics;

import dev.varve.cli.EmbeddedStore;
import dev.varve.engine.api.LogConfigKey;
import dev.varve.engine.topic.PartitionDescription;
import dev.varve.engine.topic.TopicDescription;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code varve topics describe NAME}: a header line as {@code kafka-topics.sh --describe} prints it, a
 * line per partition with its log start and end offsets and {@code .log} bytes, then every config
 * with its effective value, overrides marked.
 */
@Command(name = "describe", description = "Show a topic's partitions (offsets, size) and configs (overrides and effective values).")
public final class TopicDescribeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The topic.")
    private String name;

    @Override
    public Integer call() {
        TopicDescription topic;
        try (EmbeddedStore store = EmbeddedStore.open(spec.commandLine())) {
            topic = store.catalog().describe(name);
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> overrides = topic.config().overrides();
        out.println("Topic: " + topic.name() + "\tPartitionCount: " + topic.partitions().size() + "\tConfigs: "
                + overrides.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
        for (PartitionDescription partition : topic.partitions()) {
            out.println("\tPartition: " + partition.partition() + "\tLogStartOffset: " + partition.logStartOffset()
                    + "\tLogEndOffset: " + partition.logEndOffset() + "\tSize: " + partition.sizeBytes());
        }
        out.println("Effective configs (* = set for this topic):");
        for (LogConfigKey key : LogConfigKey.values()) {
            boolean set = overrides.containsKey(key.configName());
            out.println("\t" + key.configName() + "=" + topic.config().get(key) + (set ? " *" : ""));
        }
        out.flush();
        return 0;
    }
}
