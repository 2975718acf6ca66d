package dev.varve.cli.topics;

import dev.varve.cli.EmbeddedStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code varve topics list}: one topic name a line, sorted. */
@Command(name = "list", description = "List the topics, one a line, sorted.")
public final class TopicListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (EmbeddedStore store = EmbeddedStore.open(spec.commandLine())) {
            store.catalog().list().forEach(out::println);
        }
        out.flush();
        return 0;
    }
}
