package dev.varve.cli.topics;

import dev.varve.cli.EmbeddedStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code varve topics delete NAME}: deletes the topic's partitions with their data, then its metadata. */
@Command(name = "delete", description = "Delete a topic and all its data.")
public final class TopicDeleteCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The topic.")
    private String name;

    @Override
    public Integer call() {
        try (EmbeddedStore store = EmbeddedStore.open(spec.commandLine())) {
            store.catalog().delete(name);
        }
        spec.commandLine().getOut().println("Deleted topic " + name + ".");
        return 0;
    }
}
