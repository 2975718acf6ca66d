package dev.varve.properties.replication;

import dev.varve.replication.sim.SimAction;
import dev.varve.replication.sim.SimConfig;
import dev.varve.replication.sim.Simulation;
import dev.varve.replication.sim.Violation;
import java.util.List;
import java.util.function.Predicate;

/**
 * A generated fault schedule: the simulated cluster and its settings, and the steps to apply to it. A value:
 * running it twice gives the same run (the simulation is deterministic), which is what lets a failure shrink.
 */
record FaultSchedule(SimConfig config, List<SimAction> steps) {

    /** The first failure of a run: the invariant (or {@code exception}), its evidence, the run as a script, the last trace lines. */
    record Failure(String invariant, String detail, String script, List<String> recentTrace) {
    }

    /** How many trace lines a failure keeps. */
    private static final int TRACE_LINES = 40;

    FaultSchedule {
        steps = List.copyOf(steps);
    }

    FaultSchedule withSteps(List<SimAction> fewer) {
        return new FaultSchedule(config, fewer);
    }

    /**
     * Applies the steps one by one (the simulation checks every invariant after each) and stops at the first
     * violation of a {@code watched} invariant or at an exception escaping the protocol; returns that failure, or
     * null when every watched invariant held. The failure's script holds the steps up to the failing one.
     */
    Failure firstFailure(Predicate<String> watched) {
        try (Simulation simulation = new Simulation(config, TRACE_LINES, null)) {
            for (SimAction step : steps) {
                List<Violation> found;
                try {
                    found = simulation.apply(step);
                } catch (IllegalStateException e) {
                    return new Failure("exception", String.valueOf(e.getCause()), simulation.asScript(), simulation.trace().recent());
                }
                Violation first = found.stream().filter(violation -> watched.test(violation.invariant())).findFirst().orElse(null);
                if (first != null) {
                    return new Failure(first.invariant(), first.toString(), simulation.asScript(), simulation.trace().recent());
                }
            }
            return null;
        }
    }

    @Override
    public String toString() {
        return steps.size() + " steps on " + config;
    }
}
