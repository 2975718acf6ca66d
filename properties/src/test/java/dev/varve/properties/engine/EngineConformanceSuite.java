package dev.varve.properties.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.varve.properties.engine.Actions.Action;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.WithQuickTheories;

/**
 * The engine conformance kit: a stateful property test that drives an engine with random scenarios of
 * appends (valid, too large, corrupt; as a client, as a leader stamping its epoch, as a follower keeping
 * offsets and epochs or refused when misplaced), reads, lookups by timestamp, rolls, flushes, truncations, log-start
 * moves, clean reopens and crashes, and after every step compares the engine with a model
 * ({@link LogModel}). Extend it and return your engine's {@link EngineFixture}.
 *
 * <p>Examples per run: {@code varve.property.examples} (200 by default, 5000 under {@code -Pdeep}). A
 * failure prints QuickTheories' seed and the shrunk {@link Scenario} as pasteable Java; rerun with
 * {@code -Dvarve.property.seed=SEED}, or pin the scenario as a test that calls {@link #check(Scenario)}.
 */
public abstract class EngineConformanceSuite implements WithQuickTheories {
    /** Bounds the time spent shrinking a failure (each cycle replays a scenario). */
    private static final int SHRINK_CYCLES = 300;

    private Scenario smallestFailure;

    /** The engine under test. */
    protected abstract EngineFixture fixture();

    @Test
    void shouldKeepThePartitionLogContractUnderRandomScenarios() {
        long seed = Long.getLong("varve.property.seed", System.nanoTime());
        QuickTheory theory = qt().withFixedSeed(seed)
                .withExamples(Integer.getInteger("varve.property.examples", 200))
                .withShrinkCycles(SHRINK_CYCLES);
        try {
            theory.forAll(new ScenarioGen().scenarios()).checkAssert(this::checkAndRemember);
        } catch (AssertionError e) {
            throw new AssertionError("engine conformance kit failed: seed=" + seed
                    + " (rerun with -Dvarve.property.seed=" + seed + ")\n" + minimized() + "\n" + e.getMessage(), e);
        }
    }

    private void checkAndRemember(Scenario scenario) {
        try {
            check(scenario);
        } catch (AssertionError | RuntimeException e) {
            if (smallestFailure == null || scenario.actions().size() < smallestFailure.actions().size()) {
                smallestFailure = scenario;
            }
            throw e;
        }
    }

    /**
     * QuickTheories shrinks the random choices behind a list, which leaves steps a failure does not need;
     * this removes them one at a time while the scenario still fails, and reports the result.
     */
    private String minimized() {
        if (smallestFailure == null) {
            return "";
        }
        Scenario current = smallestFailure;
        Throwable failure = failureOf(current);
        boolean progress = failure != null;
        while (progress) {
            progress = false;
            for (int i = current.actions().size() - 1; i >= 0; i--) {
                List<Action> fewer = new ArrayList<>(current.actions());
                fewer.remove(i);
                Scenario candidate = new Scenario(current.config(), List.copyOf(fewer));
                Throwable candidateFailure = failureOf(candidate);
                if (candidateFailure != null) {
                    current = candidate;
                    failure = candidateFailure;
                    progress = true;
                }
            }
        }
        return "Minimized scenario (each remaining step is needed):\n" + current + "\nIts failure: " + failure.getMessage()
                + "\n--- QuickTheories' report follows ---";
    }

    private Throwable failureOf(Scenario scenario) {
        try {
            check(scenario);
            return null;
        } catch (AssertionError | RuntimeException e) {
            return e;
        }
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
