package dev.varve.replication.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Runs a {@link Scenario} once per protocol variant its expectations name, writing each run's trace and then
 * each invariant's verdict, and compares the verdicts with the expectations. Deterministic: the same script
 * prints the same lines.
 */
public final class ScenarioRunner {
    /** What a scenario showed: whether every expectation was met, and the ones that were not. */
    public record Outcome(boolean asExpected, List<String> mismatches) {
    }

    /**
     * Not an invariant but an observation a script may expect either way: every acknowledged record (acks=1 or
     * all) is in the final leader's log at its offset. {@code all} does not include it.
     */
    public static final String NO_ACKED_LOSS = "no-acked-loss";

    private ScenarioRunner() {
    }

    /** Runs {@code scenario}, writing the traces and verdicts to {@code out}. */
    public static Outcome run(Scenario scenario, Consumer<String> out) {
        List<String> mismatches = new ArrayList<>();
        for (String variant : scenario.variants()) {
            out.accept("== " + scenario.name() + ", replica.truncation.protocol=" + variant);
            SimConfig config = scenario.config().with("replica.truncation.protocol", variant);
            Map<String, List<Violation>> found = new TreeMap<>();
            List<String> lost;
            try (Simulation simulation = new Simulation(config, 1, out)) {
                for (SimAction step : scenario.steps()) {
                    simulation.apply(step).forEach(v -> found.computeIfAbsent(v.invariant(), k -> new ArrayList<>()).add(v));
                }
                out.accept("== verdicts under " + variant + " (" + simulation.summary() + ")");
                lost = simulation.lostAcknowledged();
            }
            for (String invariant : new java.util.TreeSet<>(ScenarioParser.INVARIANTS)) {
                List<Violation> violations = found.getOrDefault(invariant, List.of());
                out.accept("  " + invariant + ": " + (violations.isEmpty() ? "holds"
                        : "VIOLATED " + violations.size() + "x, first: " + violations.get(0)));
            }
            out.accept("  " + NO_ACKED_LOSS + ": " + (lost.isEmpty() ? "holds" : "VIOLATED (allowed, an observation): lost " + lost));
            for (Scenario.Expectation expectation : scenario.expectations()) {
                if (expectation.variant().equals(variant) && !met(expectation, found, lost)) {
                    mismatches.add(scenario.name() + ":" + expectation.line() + ": " + expectation + ", but it "
                            + (expectation.holds() ? "was violated" : "held"));
                }
            }
        }
        mismatches.forEach(mismatch -> out.accept("EXPECTATION NOT MET " + mismatch));
        out.accept(mismatches.isEmpty() ? "== every expectation met" : "== " + mismatches.size() + " expectation(s) not met");
        return new Outcome(mismatches.isEmpty(), List.copyOf(mismatches));
    }

    private static boolean met(Scenario.Expectation expectation, Map<String, List<Violation>> found, List<String> lost) {
        boolean violated = expectation.invariant().equals(NO_ACKED_LOSS) ? !lost.isEmpty()
                : expectation.invariant().equals(Scenario.ALL) ? !found.isEmpty() : found.containsKey(expectation.invariant());
        return expectation.holds() != violated;
    }
}
