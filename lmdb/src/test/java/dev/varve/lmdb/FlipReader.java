package dev.varve.lmdb;

import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.api.VarveException;
import java.nio.file.Path;

/**
 * The child process of {@link DataFileFlipStudyTest}: opens the store at {@code args[0]}, reads every segment of
 * both of its partitions and prints one line: {@code OK <content>}, {@code TYPED <message>} for a Varve
 * exception, {@code UNTYPED <exception>} for anything else. A crash of the JVM prints nothing.
 */
public final class FlipReader {
    static final TopicPartition[] PARTITIONS = {new TopicPartition("orders", 0), new TopicPartition("orders", 1)};

    private FlipReader() {
    }

    public static void main(String[] args) {
        String line;
        try (RemoteLogMetadataStore store = RemoteLogMetadataStore.open(Path.of(args[0]), RemoteMetadataStoreOptions.defaults())) {
            line = "OK " + content(store);
        } catch (VarveException e) {
            line = "TYPED " + e.getMessage();
        } catch (RuntimeException | Error e) {
            line = "UNTYPED " + e;
        }
        System.out.println(line.replace('\n', ' '));
        System.out.flush();
    }

    /** Every segment of every partition, every state. */
    static String content(RemoteLogMetadataStore store) {
        StringBuilder content = new StringBuilder();
        for (TopicPartition partition : PARTITIONS) {
            content.append(store.segments(partition)).append(store.readableSegments(partition).size()).append(';');
        }
        return content.toString();
    }
}
