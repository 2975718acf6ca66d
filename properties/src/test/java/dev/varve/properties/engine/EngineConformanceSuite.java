package dev.varve.properties.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine conformance kit: a stateful property test that drives an engine with random scenarios of
 * appends (valid, too large, corrupt; as a client, as a leader stamping its epoch, as a follower keeping
 * offsets and epochs or refused when misplaced), reads, lookups by timestamp, rolls, flushes, truncations, log-start
 * moves, clean reopens and crashes, and after every step compares the engine with a model
 * ({@link LogModel}). Extend it and return your engine's {@link EngineFixture}.
 *
 * <p>Examples per run: {@code varve.property.examples} (200 by default, 5000 under {@code -Pdeep}). A
 * failure prints QuickTheories' seed and the shrunk {@link Scenario} as pasteable Java; rerun with
 * {@code -Dvarve.property.seed=SEED}, or pin the scenario as a test that calls {@link #check(Scenario)}
 * ({@link ScenarioProperty} runs and reports).
 */
public abstract class EngineConformanceSuite {
    /** The engine under test. */
    protected abstract EngineFixture fixture();

    @Test
    void shouldKeepThePartitionLogContractUnderRandomScenarios() {
        new ScenarioProperty<Scenario>("engine conformance kit", this::check, Scenario::actions, Scenario::withoutAction)
                .checkAll(new ScenarioGen().scenarios(), 1);
    }

    /** Runs one scenario on a fresh data directory; regression tests call this with a pinned scenario. */
    protected final void check(Scenario scenario) {
        EngineFixture fixture = fixture();
        Path directory = createDirectory();
        try {
            KitRun.run(fixture, directory, scenario);
        } finally {
            fixture.discard(directory);
            deleteRecursively(directory);
        }
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("varve-conformance-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
