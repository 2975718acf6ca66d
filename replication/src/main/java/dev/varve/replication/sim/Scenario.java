package dev.varve.replication.sim;

import java.util.List;

/**
 * A scenario script, parsed ({@link ScenarioParser}): the cluster it runs on, its steps, and what it expects of
 * each protocol variant it names ({@code leader-epoch}, {@code high-watermark}); {@link ScenarioRunner} runs the
 * steps once per variant and compares the verdicts with the expectations.
 */
public record Scenario(String name, SimConfig config, List<SimAction> steps, List<Expectation> expectations) {

    /** What a variant must show: {@code invariant} ({@link #ALL} for every one) holds, or is violated. */
    public record Expectation(String variant, String invariant, boolean holds, int line) {
        @Override
        public String toString() {
            return "expect " + variant + " " + invariant + (holds ? " holds" : " violated");
        }
    }

    /** The invariant name that stands for all of them in an expectation. */
    public static final String ALL = "all";

    public Scenario {
        steps = List.copyOf(steps);
        expectations = List.copyOf(expectations);
    }

    /** The variants the expectations name, in order of first mention. */
    public List<String> variants() {
        return expectations.stream().map(Expectation::variant).distinct().toList();
    }
}
