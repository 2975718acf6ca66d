package dev.varve.properties.compaction;

import static org.quicktheories.generators.Generate.constant;
import static org.quicktheories.generators.Generate.enumValues;
import static org.quicktheories.generators.Generate.frequency;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.Generate.range;

import dev.varve.properties.compaction.CompactionActions.Action;
import dev.varve.properties.compaction.CompactionActions.CrashKind;
import dev.varve.properties.compaction.CompactionActions.Put;
import java.util.List;
import java.util.Map;
import org.quicktheories.WithQuickTheories;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;

/**
 * Generators of compaction scenarios: few or many keys; small segments (so rolls happen by size too), a
 * positive {@code delete.retention.ms} of the order of the clock ticks, sometimes a
 * {@code min.compaction.lag.ms}; and 1 to 50 weighted steps, tombstones one record in five, some
 * appends transactional (committed or aborted, by one of three producers). Shrinking comes
 * from QuickTheories' list and integer shrinking.
 */
final class CompactionScenarioGen implements WithQuickTheories {

    Gen<CompactionScenario> scenarios() {
        Gen<Integer> keys = pick(List.of(2, 6, 60));
        return keys.zip(configs(), lists().of(actions()).ofSizeBetween(1, 50), CompactionScenario::new);
    }

    private Gen<Map<String, String>> configs() {
        Gen<String> segmentBytes = pick(List.of("1024", "2048"));
        Gen<String> deleteRetentionMs = pick(List.of("1", "40", "300"));
        Gen<String> minCompactionLagMs = pick(List.of("0", "0", "60"));
        return segmentBytes.zip(deleteRetentionMs, minCompactionLagMs, (segment, retention, lag) -> Map.of(
                "segment.bytes", segment, "delete.retention.ms", retention, "min.compaction.lag.ms", lag,
                "index.interval.bytes", "128"));
    }

    private Gen<Put> puts() {
        Gen<Integer> valueLength = frequency(List.of(Pair.of(1, constant(-1)), Pair.of(4, range(0, 40))));
        return range(0, 1000).zip(valueLength, range(0, 1000), CompactionActions::put);
    }

    private Gen<Action> actions() {
        return frequency(List.of(
                weighted(40, range(0, 4).zip(lists().of(puts()).ofSizeBetween(1, 6), CompactionActions.Append::new)),
                weighted(5, range(0, 2).zip(booleans().all(), lists().of(puts()).ofSizeBetween(1, 4), CompactionActions.Transaction::new)),
                weighted(14, range(1, 40).map(CompactionActions::clean)),
                weighted(6, constant(CompactionActions.roll())),
                weighted(12, range(1, 150).map(CompactionActions::tick)),
                weighted(6, constant(CompactionActions.flush())),
                weighted(6, enumValues(CrashKind.class).zip(longs().all(), CompactionActions::crash)),
                weighted(2, constant(CompactionActions.reopen()))));
    }

    private static Pair<Integer, Gen<Action>> weighted(int weight, Gen<? extends Action> gen) {
        return Pair.of(weight, gen.map(action -> (Action) action));
    }
}
