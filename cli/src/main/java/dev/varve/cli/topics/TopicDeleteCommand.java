package dev.varve.cli.topics;

import dev.varve.cli.EmbeddedStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code varve topics delete NAME}: deletes the topic's partitions with their data, then its metadata; for a
 * tiered topic its remote segments first (the object store must be reachable, see
 * {@link dev.varve.cli.TieredSettings}).
 */
@Command(name = "delete", description = "Delete a topic and all its data.")
public final class TopicDeleteCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The topic.")
    private String name;

    @Override
    public Integer call() {
        try (EmbeddedStore store = EmbeddedStore.open(spec.commandLine())) {
            if (store.catalog().metadata(name).config().remoteStorageEnabled()) {
                store.tiered(List.of()).deleteTopic(name);
            } else {
                store.catalog().delete(name);
            }
        }
        spec.commandLine().getOut().println("Deleted topic " + name + ".");
        return 0;
    }
}
