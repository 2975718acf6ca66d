package dev.varve.lmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.Generate.range;

import dev.varve.engine.api.TopicPartition;
import dev.varve.lmdb.StoreActions.Action;
import dev.varve.lmdb.StoreActions.Add;
import dev.varve.lmdb.StoreActions.Purge;
import dev.varve.lmdb.StoreActions.Reopen;
import dev.varve.lmdb.StoreActions.Transition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.quicktheories.WithQuickTheories;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Stateful property: random sequences of adds, transitions (legal and illegal, on known, unknown and
 * other-partition ids), purges and reopens drive a real store on disk and {@link StoreModel}; after every step
 * the store equals the model, refuses exactly what the model refuses, and answers every query as the model does.
 *
 * <p>Examples: {@code varve.property.examples / 4} (50 by default, 1250 under {@code -Pdeep}): every write is an
 * fsync. A failure prints the seed and the shrunk scenario as Java; rerun with
 * {@code -Dvarve.property.seed=SEED}, or pin the printed list in a test that calls {@link #run(List)}.
 */
class RemoteLogMetadataStorePropertyTest implements WithQuickTheories {
    private static final int MAX_ID = 8;
    private static final int MAX_OFFSET = 30;

    @Test
    void shouldEqualTheModelUnderRandomTransitionsAndReopens() {
        long seed = Long.getLong("varve.property.seed", System.nanoTime());
        int examples = Math.max(10, Integer.getInteger("varve.property.examples", 200) / 4);
        try {
            qt().withFixedSeed(seed).withExamples(examples).withShrinkCycles(200)
                    .forAll(lists().of(actions()).ofSizeBetween(1, 40))
                    .checkAssert(this::run);
        } catch (AssertionError e) {
            throw new AssertionError("remote metadata store property failed: seed=" + seed
                    + " (rerun with -Dvarve.property.seed=" + seed + ")\n" + e.getMessage(), e);
        }
    }

    /** A scenario found by the property, kept as a regression test. */
    @Test
    void shouldRefuseADeleteOfAnotherPartitionsSegmentAndOrderIdsUnsigned() {
        run(List.of(new Add(0, 1, 0, 5, 10), new Add(0, 2, 0, 5, 20), new Transition(1, 1, RemoteSegmentState.DELETE_SEGMENT_STARTED),
                new Transition(0, 1, RemoteSegmentState.COPY_SEGMENT_FINISHED), new Transition(0, 2, RemoteSegmentState.COPY_SEGMENT_FINISHED),
                new Reopen(), new Transition(0, 2, RemoteSegmentState.DELETE_SEGMENT_STARTED), new Purge(0)));
    }

    private Gen<Action> actions() {
        Gen<Integer> partitions = range(0, StoreActions.PARTITIONS.size() - 1);
        Gen<Integer> ids = range(0, MAX_ID);
        Gen<Action> add = partitions.zip(ids, range(0, MAX_OFFSET - 5), range(1, 5), range(0, 100),
                (p, id, base, length, ts) -> new Add(p, id, base, length, ts));
        Gen<Action> transition = partitions.zip(ids, Generate.enumValues(RemoteSegmentState.class),
                (p, id, state) -> new Transition(p, id, state));
        return Generate.frequency(List.of(
                Pair.of(10, add),
                Pair.of(20, transition),
                Pair.of(2, partitions.map(p -> (Action) new Purge(p))),
                Pair.of(2, Generate.constant((Action) new Reopen()))));
    }

    void run(List<Action> actions) {
        Path dir = tempDirectory();
        StoreModel model = new StoreModel();
        RemoteLogMetadataStore store = RemoteLogMetadataStore.open(dir, RemoteMetadataStoreOptions.defaults());
        try {
            long now = 0;
            for (Action action : actions) {
                now++;
                if (action instanceof Reopen) {
                    store.close();
                    store = RemoteLogMetadataStore.open(dir, RemoteMetadataStoreOptions.defaults());
                } else {
                    apply(store, model, action, now);
                }
                compare(store, model);
            }
        } finally {
            store.close();
            delete(dir);
        }
    }

    private static void apply(RemoteLogMetadataStore store, StoreModel model, Action action, long now) {
        if (action instanceof Add add) {
            RemoteSegmentMetadata segment = add.segment(now);
            Optional<RemoteSegmentMetadata> existing = model.get(segment.segmentId());
            if (existing.isPresent()) {
                refused(existing.get().state(), RemoteSegmentState.COPY_SEGMENT_STARTED, () -> store.addCopyStarted(segment));
            } else {
                assertEquals(segment, store.addCopyStarted(segment));
                model.put(segment);
            }
        } else if (action instanceof Transition move) {
            transition(store, model, move, now);
        } else if (action instanceof Purge purge) {
            TopicPartition partition = StoreActions.PARTITIONS.get(purge.partition());
            assertEquals(model.purge(partition), store.purgeDeleted(partition));
        }
    }

    private static void transition(RemoteLogMetadataStore store, StoreModel model, Transition move, long now) {
        TopicPartition partition = StoreActions.PARTITIONS.get(move.partition());
        Optional<RemoteSegmentMetadata> current = model.get(partition, StoreActions.uuid(move.id()));
        Runnable call = () -> call(store, partition, move, current.map(Segments::uploaded).orElse(List.of()), now);
        if (move.target() == RemoteSegmentState.COPY_SEGMENT_STARTED) {
            return; // not a transition of a stored segment: adds cover it
        }
        if (current.isEmpty()) {
            assertThrows(RemoteSegmentNotFoundException.class, call::run);
        } else if (!StoreModel.allowed(current.get().state(), move.target())) {
            refused(current.get().state(), move.target(), call);
        } else {
            RemoteSegmentMetadata before = current.get();
            RemoteSegmentMetadata after = before.moved(move.target(), move.target() == RemoteSegmentState.COPY_SEGMENT_FINISHED
                    ? Segments.uploaded(before) : before.objects(), now);
            call.run();
            model.put(after);
        }
    }

    private static void call(RemoteLogMetadataStore store, TopicPartition partition, Transition move,
            List<RemoteObject> uploaded, long now) {
        switch (move.target()) {
            case COPY_SEGMENT_FINISHED -> store.copyFinished(partition, StoreActions.uuid(move.id()), uploaded, now);
            case DELETE_SEGMENT_STARTED -> store.deleteStarted(partition, StoreActions.uuid(move.id()), now);
            case DELETE_SEGMENT_FINISHED -> store.deleteFinished(partition, StoreActions.uuid(move.id()), now);
            case COPY_SEGMENT_STARTED -> throw new IllegalArgumentException("not a transition");
        }
    }

    private static void refused(RemoteSegmentState current, RemoteSegmentState requested, Runnable call) {
        IllegalSegmentStateTransitionException refused = assertThrows(IllegalSegmentStateTransitionException.class, call::run);
        assertEquals(current, refused.current());
        assertEquals(requested, refused.requested());
    }

    private static void compare(RemoteLogMetadataStore store, StoreModel model) {
        assertEquals(model.inFlight(), store.inFlight(), "inFlight");
        for (TopicPartition partition : StoreActions.PARTITIONS) {
            assertEquals(model.segments(partition), store.segments(partition), "segments of " + partition);
            assertEquals(model.readable(partition), store.readableSegments(partition), "readable of " + partition);
            assertEquals(model.logStartOffset(partition), store.logStartOffset(partition), "log start of " + partition);
            assertEquals(model.endOffset(partition), store.endOffset(partition), "end offset of " + partition);
            assertEquals(model.sizeBytes(partition), store.sizeBytes(partition), "size of " + partition);
            for (long offset = -1; offset <= MAX_OFFSET; offset++) {
                assertEquals(model.segmentForOffset(partition, offset), store.segmentForOffset(partition, offset),
                        "segment for offset " + offset + " of " + partition);
            }
            for (long timestamp : new long[] {-1, 0, 33, 66, 99, 100}) {
                for (long from = 0; from <= MAX_OFFSET; from += 10) {
                    assertEquals(model.segmentForTimestamp(partition, timestamp, from),
                            store.segmentForTimestamp(partition, timestamp, from),
                            "segment for timestamp " + timestamp + " from " + from + " of " + partition);
                }
            }
        }
        for (int id = 0; id <= MAX_ID; id++) {
            Optional<RemoteSegmentMetadata> expected = model.get(StoreActions.uuid(id));
            expected.ifPresent(segment -> assertEquals(expected, store.segment(segment.topicPartition(), segment.segmentId())));
        }
    }

    private static Path tempDirectory() {
        try {
            return Files.createTempDirectory("varve-lmdb-property");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
