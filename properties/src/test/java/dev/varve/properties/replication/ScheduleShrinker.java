package dev.varve.properties.replication;

import dev.varve.replication.sim.SimAction;
import java.util.ArrayList;
import java.util.List;

/**
 * Delta debugging (Zeller's ddmin) over a failing schedule's steps, after QuickTheories' own shrinking:
 * QuickTheories shrinks the random choices behind the generated list (shorter lists, smaller numbers), which
 * still leaves steps the failure does not need, because removing a step of a simulation changes everything
 * after it. This removes chunks of steps, halving the chunk size when no chunk can go, while the schedule still
 * breaks the same invariant, and stops after {@link #MAX_RUNS} replays. The result is 1-minimal when the
 * budget allows: removing any single step makes the failure go away (or become another one). Last, runs of
 * consecutive ticks become one tick when the failure survives it (tick boundaries can matter: the trace and
 * the invariant checks happen between steps).
 */
final class ScheduleShrinker {
    /** Replays allowed for one shrink (each replays a whole schedule, a few milliseconds). */
    static final int MAX_RUNS = 1_500;

    private final String invariant;
    private int runs;

    private ScheduleShrinker(String invariant) {
        this.invariant = invariant;
    }

    /** The smallest schedule found that still breaks {@code failure}'s invariant. */
    static FaultSchedule shrink(FaultSchedule failing, FaultSchedule.Failure failure) {
        ScheduleShrinker shrinker = new ScheduleShrinker(failure.invariant());
        FaultSchedule minimal = shrinker.ddmin(failing);
        FaultSchedule merged = minimal.withSteps(mergeTicks(minimal.steps()));
        return shrinker.stillFails(merged) ? merged : minimal;
    }

    /** Runs of consecutive ticks as one tick of their sum: the same time passes, in fewer lines. */
    private static List<SimAction> mergeTicks(List<SimAction> steps) {
        List<SimAction> merged = new ArrayList<>();
        for (SimAction step : steps) {
            int last = merged.size() - 1;
            if (step instanceof SimAction.Tick tick && last >= 0 && merged.get(last) instanceof SimAction.Tick previous) {
                merged.set(last, new SimAction.Tick(previous.millis() + tick.millis()));
            } else {
                merged.add(step);
            }
        }
        return merged;
    }

    private boolean stillFails(FaultSchedule candidate) {
        runs++;
        FaultSchedule.Failure failure = candidate.firstFailure(invariant::equals);
        return failure != null;
    }

    private FaultSchedule ddmin(FaultSchedule schedule) {
        FaultSchedule current = schedule;
        int chunks = 2;
        while (current.steps().size() >= 2 && runs < MAX_RUNS) {
            List<SimAction> steps = current.steps();
            int chunkSize = (steps.size() + chunks - 1) / chunks;
            FaultSchedule smaller = null;
            for (int start = 0; start < steps.size() && smaller == null && runs < MAX_RUNS; start += chunkSize) {
                List<SimAction> complement = new ArrayList<>(steps.subList(0, start));
                complement.addAll(steps.subList(Math.min(steps.size(), start + chunkSize), steps.size()));
                FaultSchedule candidate = current.withSteps(complement);
                if (stillFails(candidate)) {
                    smaller = candidate;
                }
            }
            if (smaller != null) {
                current = smaller;
                chunks = Math.max(2, chunks - 1);
            } else if (chunkSize == 1) {
                break;
            } else {
                chunks = Math.min(steps.size(), chunks * 2);
            }
        }
        return current;
    }
}
