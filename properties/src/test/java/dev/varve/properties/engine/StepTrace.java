package dev.varve.properties.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The trace of a stateful run: each step as it was written and what it resolved to, so a failure names
 * the step, the model's state and every step before it. Not thread-safe.
 */
public final class StepTrace {
    private final String property;
    private final List<String> steps = new ArrayList<>();

    /** @param property what a failure calls the property ("engine conformance", ...) */
    public StepTrace(String property) {
        this.property = property;
    }

    /**
     * Runs step {@code number}, {@code action}, through {@code body}; any failure becomes an
     * {@link AssertionError} with the step, {@code model}'s state and the trace.
     */
    public void step(int number, Object action, Runnable body, Supplier<String> model) {
        steps.add("#" + number + " " + action);
        try {
            body.run();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(property + " failed at step #" + number + " " + action + ": " + e
                    + "\n  model: " + model.get() + "\n  trace:\n    " + String.join("\n    ", steps), e);
        }
    }

    /** Adds what the current step resolved to (an offset picked, a result) to its line. */
    public void note(String resolved) {
        steps.set(steps.size() - 1, steps.get(steps.size() - 1) + "  -> " + resolved);
    }

    /** Fails with {@code message} unless {@code condition}. */
    public static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
