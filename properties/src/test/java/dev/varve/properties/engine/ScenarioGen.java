package dev.varve.properties.engine;

import static org.quicktheories.generators.Generate.constant;
import static org.quicktheories.generators.Generate.frequency;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.Generate.range;

import dev.varve.properties.engine.Actions.Action;
import dev.varve.properties.engine.Actions.BatchSpec;
import dev.varve.properties.engine.Actions.RecordSpec;
import java.util.List;
import java.util.Map;
import org.quicktheories.WithQuickTheories;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;

/**
 * Generators of scenarios: a config (timestamp type, retention, a max.message.bytes small enough to refuse some
 * batches, a segment size small enough to roll often) and 1 to 60 weighted actions. Shrinking comes from
 * QuickTheories' list and integer shrinking.
 */
final class ScenarioGen implements WithQuickTheories {

    Gen<Scenario> scenarios() {
        return configs().zip(lists().of(actions()).ofSizeBetween(1, 60), Scenario::new);
    }

    private Gen<Map<String, String>> configs() {
        Gen<String> timestampType = pick(List.of("CreateTime", "LogAppendTime"));
        Gen<String> maxMessageBytes = pick(List.of("1048588", "1000", "400"));
        Gen<String> segmentBytes = pick(List.of("1073741824", "4096", "1024"));
        Gen<String> retentionBytes = pick(List.of("-1", "-1", "3000"));
        Gen<String> retentionMs = pick(List.of("604800000", "604800000", "1000"));
        return timestampType.zip(maxMessageBytes, segmentBytes, retentionBytes, (type, max, segment, bytes) -> Map.of(
                "message.timestamp.type", type, "max.message.bytes", max, "segment.bytes", segment,
                "retention.bytes", bytes)).zip(retentionMs, (config, ms) -> {
                    Map<String, String> withTime = new java.util.TreeMap<>(config);
                    withTime.put("retention.ms", ms);
                    return Map.copyOf(withTime);
                });
    }

    private Gen<RecordSpec> records() {
        return range(0, 50).zip(range(-1, 20), range(-1, 120), range(0, 1000), range(0, 2), Actions::r);
    }

    private Gen<BatchSpec> batches() {
        return range(0, KitRun.CODECS.size() - 1).zip(lists().of(records()).ofSizeBetween(1, 5), BatchSpec::new);
    }

    private Gen<List<BatchSpec>> appends() {
        return lists().of(batches()).ofSizeBetween(1, 3);
    }

    private Gen<Action> actions() {
        return frequency(List.of(
                weighted(22, appends().map(Actions.Append::new)),
                weighted(6, appends().zip(range(0, 9), Actions.AppendAsLeader::new)),
                weighted(6, appends().zip(range(0, 9), frequency(List.of(Pair.of(6, constant(0)), Pair.of(1, range(1, 3)))),
                        Actions.AppendAsFollower::new)),
                weighted(3, appends().zip(range(0, 10_000), Actions.AppendCorrupt::new)),
                weighted(20, range(0, 1000).zip(range(0, 1500), range(-1, 1000), Actions::read)),
                weighted(8, range(-2, 120).map(Actions::offsetForTimestamp)),
                weighted(3, constant(Actions.roll())),
                weighted(8, constant(Actions.flush())),
                weighted(5, range(0, 1000).map(Actions::truncateTo)),
                weighted(5, range(0, 1000).map(Actions::deleteRecordsBefore)),
                weighted(3, constant(Actions.enforceRetention())),
                weighted(3, constant(Actions.reopenEngine())),
                weighted(2, constant(Actions.reopenLog())),
                weighted(6, constant(Actions.crash())),
                weighted(3, range(1, 20).map(Actions::tick))));
    }

    private static Pair<Integer, Gen<Action>> weighted(int weight, Gen<? extends Action> gen) {
        return Pair.of(weight, gen.map(action -> (Action) action));
    }
}
