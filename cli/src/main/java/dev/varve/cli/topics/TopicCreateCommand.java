package dev.varve.cli.topics;

import dev.varve.cli.CliException;
import dev.varve.cli.EmbeddedStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code varve topics create NAME [--partitions N] [--config k=v]...}. */
@Command(name = "create", description = "Create a topic; configs use Kafka's names (retention.ms, segment.bytes, ...).")
public final class TopicCreateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Topic name: 1 to 249 of [a-zA-Z0-9._-].")
    private String name;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "1", description = "Partition count (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--config", paramLabel = "KEY=VALUE", description = "A config override; repeat for more.")
    private Map<String, String> configs = new LinkedHashMap<>();

    @Override
    public Integer call() {
        try (EmbeddedStore store = EmbeddedStore.open(spec.commandLine())) {
            store.catalog().create(name, partitions, configs);
        } catch (IllegalArgumentException refused) {
            throw CliException.usage(refused);
        }
        spec.commandLine().getOut().println("Created topic " + name + " with " + partitions
                + (partitions == 1 ? " partition." : " partitions."));
        return 0;
    }
}
