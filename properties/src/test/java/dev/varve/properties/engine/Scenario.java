package dev.varve.properties.engine;

import dev.varve.properties.engine.Actions.Action;
import java.util.List;
import java.util.Map;

/**
 * One generated test case: the topic config overrides the log is opened with and the actions to run.
 * {@code toString} is the Java expression that rebuilds it, for pinning a failure as a regression test.
 */
public record Scenario(Map<String, String> config, List<Action> actions) {

    /** This scenario without its action at {@code index}. */
    public Scenario withoutAction(int index) {
        return new Scenario(config, ScenarioProperty.without(actions, index));
    }

    @Override
    public String toString() {
        return "new Scenario(" + ScenarioProperty.mapOf(config) + ", " + ScenarioProperty.listOf(actions) + ")";
    }
}
