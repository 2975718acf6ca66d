package dev.varve.properties.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * Runs a stateful property over generated scenarios (values whose {@code toString} is the Java that
 * rebuilds them) and reports a failure so it can be pinned: QuickTheories' seed (rerun with
 * {@code -Dvarve.property.seed=SEED}), then the smallest failing scenario QuickTheories shrank to, further
 * minimized by removing one step at a time while it still fails. Examples per run:
 * {@code varve.property.examples} (200 by default, 5000 under {@code -Pdeep}) divided by {@code divisor}
 * for properties whose examples are costly. Not thread-safe: one run at a time per instance.
 *
 * @param <S> the scenario type
 */
public final class ScenarioProperty<S> {
    /** Bounds the time spent shrinking a failure (each cycle replays a scenario). */
    private static final int SHRINK_CYCLES = 300;

    private final String name;
    private final Consumer<S> check;
    private final Function<S, List<?>> steps;
    private final BiFunction<S, Integer, S> withoutStep;
    private S smallestFailure;

    /**
     * @param name what the failure message calls the property
     * @param check runs one scenario, throwing an {@link AssertionError} (or any runtime exception) when it fails
     * @param steps the steps of a scenario, whose count measures its size
     * @param withoutStep the scenario with step {@code i} removed
     */
    public ScenarioProperty(String name, Consumer<S> check, Function<S, List<?>> steps, BiFunction<S, Integer, S> withoutStep) {
        this.name = name;
        this.check = check;
        this.steps = steps;
        this.withoutStep = withoutStep;
    }

    /** Checks {@code scenarios}, {@code varve.property.examples / divisor} of them (at least one). */
    public void checkAll(Gen<S> scenarios, int divisor) {
        long seed = Long.getLong("varve.property.seed", System.nanoTime());
        int examples = Math.max(1, Integer.getInteger("varve.property.examples", 200) / divisor);
        QuickTheory theory = QuickTheory.qt().withFixedSeed(seed).withExamples(examples).withShrinkCycles(SHRINK_CYCLES);
        try {
            theory.forAll(scenarios).checkAssert(this::checkAndRemember);
        } catch (AssertionError e) {
            throw new AssertionError(name + " failed: seed=" + seed + " (rerun with -Dvarve.property.seed=" + seed + ")\n"
                    + minimized() + "\n" + e.getMessage(), e);
        }
    }

    private void checkAndRemember(S scenario) {
        try {
            check.accept(scenario);
        } catch (AssertionError | RuntimeException e) {
            if (smallestFailure == null || steps.apply(scenario).size() < steps.apply(smallestFailure).size()) {
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
        S current = smallestFailure;
        Throwable failure = failureOf(current);
        boolean progress = failure != null;
        while (progress) {
            progress = false;
            for (int i = steps.apply(current).size() - 1; i >= 0; i--) {
                S candidate = withoutStep.apply(current, i);
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

    /** {@code steps} without the one at {@code index}, for a scenario's {@code withoutAction}. */
    public static <T> List<T> without(List<T> steps, int index) {
        List<T> fewer = new ArrayList<>(steps);
        fewer.remove(index);
        return List.copyOf(fewer);
    }

    /** The Java expression {@code Map.of(...)} of {@code config}, keys sorted. */
    public static String mapOf(Map<String, String> config) {
        return "Map.of(" + config.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> "\"" + entry.getKey() + "\", \"" + entry.getValue() + "\"")
                .collect(Collectors.joining(", ")) + ")";
    }

    /** The Java expression {@code List.of(...)} of {@code steps}, one a line. */
    public static String listOf(List<?> steps) {
        return "List.of(\n        " + steps.stream().map(Object::toString).collect(Collectors.joining(",\n        ")) + ")";
    }

    private Throwable failureOf(S scenario) {
        try {
            check.accept(scenario);
            return null;
        } catch (AssertionError | RuntimeException e) {
            return e;
        }
    }
}
