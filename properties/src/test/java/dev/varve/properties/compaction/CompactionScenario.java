package dev.varve.properties.compaction;

import dev.varve.properties.compaction.CompactionActions.Action;
import dev.varve.properties.engine.ScenarioProperty;
import java.util.List;
import java.util.Map;

/**
 * One generated compaction test case: how many distinct keys the records use, the topic config the log
 * is opened with (on top of {@code cleanup.policy=compact}) and the steps. {@code toString} is the Java
 * expression that rebuilds it, for pinning a failure as a regression test.
 */
public record CompactionScenario(int keys, Map<String, String> config, List<Action> actions) {

    /** This scenario without its step at {@code index}. */
    public CompactionScenario withoutAction(int index) {
        return new CompactionScenario(keys, config, ScenarioProperty.without(actions, index));
    }

    @Override
    public String toString() {
        return "new CompactionScenario(" + keys + ", " + ScenarioProperty.mapOf(config) + ", " + ScenarioProperty.listOf(actions) + ")";
    }
}
