package dev.varve.properties.replication;

import java.util.function.Predicate;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * Runs the replication property (every invariant holds after every step of every generated schedule) over
 * QuickTheories examples and, when a schedule fails, shrinks it (QuickTheories, then {@link ScheduleShrinker})
 * into a {@link Finding} that prints itself as a scenario script. Not thread-safe: one search at a time.
 */
final class ScheduleSearch {
    /** Bounds QuickTheories' shrinking (each cycle replays a schedule). */
    private static final int SHRINK_CYCLES = 200;

    /** A failing schedule, as generated, as shrunk, and the shrunk schedule's failure. */
    record Finding(long seed, FaultSchedule generated, FaultSchedule shrunk, FaultSchedule.Failure failure) {

        /** The failure's scenario script: the run up to the violation, expecting that violation again. */
        String script() {
            String protocol = shrunk.config().replication().truncationProtocol().configValue();
            return failure.script() + "expect " + protocol + " " + failure.invariant() + " violated\n";
        }

        /** What a failing test prints: the seed, the violation, the script to replay, and how to pin it. */
        String report() {
            return "replication property failed: seed=" + seed + " (rerun with -Dvarve.property.seed=" + seed + ")\n"
                    + failure.detail() + "\n"
                    + "shrunk from " + generated.steps().size() + " to " + shrunk.steps().size()
                    + " steps; save the script below as FILE, replay it with ./varve sim --script FILE, and pin it in"
                    + " replication/scenarios/ with its expectations:\n"
                    + script()
                    + "last trace lines:\n" + String.join("\n", failure.recentTrace());
        }
    }

    private final Predicate<String> watched;
    private FaultSchedule smallest;

    private ScheduleSearch(Predicate<String> watched) {
        this.watched = watched;
    }

    /** How many schedules a property runs: {@code varve.property.examples} (200 by default, 5000 under -Pdeep). */
    static int examples() {
        return Integer.getInteger("varve.property.examples", 200);
    }

    /** QuickTheories' seed: {@code varve.property.seed}, else a fresh one (printed on failure). */
    static long seed() {
        return Long.getLong("varve.property.seed", System.nanoTime());
    }

    /** Checks {@code examples} schedules from {@code schedules} with QuickTheories' {@code seed}; null when every invariant held. */
    static Finding search(long seed, int examples, Gen<FaultSchedule> schedules) {
        return search(seed, examples, schedules, invariant -> true);
    }

    /** The same, failing only on the invariants {@code watched} accepts (the others are still checked, but ignored). */
    static Finding search(long seed, int examples, Gen<FaultSchedule> schedules, Predicate<String> watched) {
        ScheduleSearch search = new ScheduleSearch(watched);
        QuickTheory theory = QuickTheory.qt().withFixedSeed(seed).withExamples(examples).withShrinkCycles(SHRINK_CYCLES);
        try {
            theory.forAll(schedules).checkAssert(search::check);
            return null;
        } catch (AssertionError e) {
            if (search.smallest == null) {
                throw e;
            }
            FaultSchedule.Failure first = search.smallest.firstFailure(watched);
            FaultSchedule shrunk = ScheduleShrinker.shrink(search.smallest, first);
            return new Finding(seed, search.smallest, shrunk, shrunk.firstFailure(first.invariant()::equals));
        }
    }

    private void check(FaultSchedule schedule) {
        FaultSchedule.Failure failure = schedule.firstFailure(watched);
        if (failure != null) {
            if (smallest == null || schedule.steps().size() <= smallest.steps().size()) {
                smallest = schedule;
            }
            throw new AssertionError(failure.detail());
        }
    }
}
