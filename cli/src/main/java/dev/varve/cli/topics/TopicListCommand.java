package dev.varve.cli.topics;

import dev.varve.cli.EmbeddedStore;
import dev.varve.engine.topic.OfflineTopic;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code varve topics list}: one topic name a line, sorted; then each offline topic (a damaged metadata
 * file, see {@code TopicCatalog}) as {@code NAME (offline: file=..., reason=...)}, so the others stay usable
 * and the damaged one is named with what to repair.
 */
@Command(name = "list", description = "List the topics, one a line, sorted; offline topics after them with the reason.")
public final class TopicListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (EmbeddedStore store = EmbeddedStore.open(spec.commandLine())) {
            store.catalog().list().forEach(out::println);
            for (OfflineTopic offline : store.catalog().offline()) {
                out.println(offline.topic() + " (offline: file=" + offline.file() + ", reason=" + offline.reason() + ")");
            }
        }
        out.flush();
        return 0;
    }
}
