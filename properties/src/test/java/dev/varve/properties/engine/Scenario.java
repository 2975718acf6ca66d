package dev.varve.properties.engine;

import dev.varve.properties.engine.Actions.Action;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One generated test case: the topic config overrides the log is opened with and the actions to run.
 * {@code toString} is the Java expression that rebuilds it, for pinning a failure as a regression test.
 */
public record Scenario(Map<String, String> config, List<Action> actions) {

    @Override
    public String toString() {
        String configText = config.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> "\"" + entry.getKey() + "\", \"" + entry.getValue() + "\"")
                .collect(Collectors.joining(", "));
        return "new Scenario(Map.of(" + configText + "), List.of(\n        "
                + actions.stream().map(Object::toString).collect(Collectors.joining(",\n        ")) + "))";
    }
}
