package dev.varve.lmdb;

import dev.varve.engine.api.TopicPartition;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * The child process of {@link SigkillDurabilityTest}: walks segment after segment through its life in the store
 * at {@code args[0]} and prints {@code <segment> <state>} after each transition returns, until killed (or
 * {@link #MAX_SEGMENTS} segments, a bound in case nobody kills it).
 */
public final class CrashWriter {
    static final TopicPartition PARTITION = new TopicPartition("crash", 0);
    static final int MAX_SEGMENTS = 20_000;

    private CrashWriter() {
    }

    /** Segment {@code i}'s id. */
    static UUID id(int i) {
        return new UUID(0x5eed, i);
    }

    /** The states segment {@code i} moves through: even segments are deleted after upload, odd ones stay. */
    static List<RemoteSegmentState> life(int i) {
        return i % 2 == 0
                ? List.of(RemoteSegmentState.COPY_SEGMENT_STARTED, RemoteSegmentState.COPY_SEGMENT_FINISHED,
                        RemoteSegmentState.DELETE_SEGMENT_STARTED, RemoteSegmentState.DELETE_SEGMENT_FINISHED)
                : List.of(RemoteSegmentState.COPY_SEGMENT_STARTED, RemoteSegmentState.COPY_SEGMENT_FINISHED);
    }

    public static void main(String[] args) {
        try (RemoteLogMetadataStore store = RemoteLogMetadataStore.open(Path.of(args[0]), RemoteMetadataStoreOptions.defaults())) {
            for (int i = 0; i < MAX_SEGMENTS; i++) {
                RemoteSegmentMetadata started = store.addCopyStarted(Segments.started(PARTITION, id(i), i * 10L, i * 10L + 9, i));
                acknowledge(i, started.state());
                acknowledge(i, store.copyFinished(PARTITION, id(i), Segments.uploaded(started), i).state());
                if (life(i).size() > 2) {
                    acknowledge(i, store.deleteStarted(PARTITION, id(i), i).state());
                    acknowledge(i, store.deleteFinished(PARTITION, id(i), i).state());
                }
            }
        }
    }

    private static void acknowledge(int segment, RemoteSegmentState state) {
        System.out.println(segment + " " + state);
        System.out.flush();
    }
}
