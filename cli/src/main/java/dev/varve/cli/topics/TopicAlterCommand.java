package dev.varve.cli.topics;

import dev.varve.cli.CliException;
import dev.varve.cli.EmbeddedStore;
import dev.varve.engine.topic.TopicDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code varve topics alter NAME --config k=v... [--delete-config k]...}: sets and removes overrides
 * as {@code kafka-configs.sh --alter --add-config / --delete-config} do; the rest stay as they were.
 */
@Command(name = "alter", description = "Set (--config) or remove (--delete-config) a topic's config overrides.")
public final class TopicAlterCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The topic.")
    private String name;

    @Option(names = "--config", paramLabel = "KEY=VALUE", description = "An override to set; repeat for more.")
    private Map<String, String> configs = new LinkedHashMap<>();

    @Option(names = "--delete-config", paramLabel = "KEY", description = "An override to remove (back to Kafka's default).")
    private List<String> deleted = new ArrayList<>();

    @Override
    public Integer call() {
        if (configs.isEmpty() && deleted.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Missing --config KEY=VALUE or --delete-config KEY");
        }
        TopicDescription topic;
        try (EmbeddedStore store = EmbeddedStore.open(spec.commandLine())) {
            topic = store.catalog().alter(name, configs, deleted);
        } catch (IllegalArgumentException refused) {
            throw CliException.usage(refused);
        }
        spec.commandLine().getOut().println("Altered topic " + name + ": configs now "
                + topic.config().overrides().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(",", "{", "}")));
        return 0;
    }
}
