package dev.varve.replication.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every script in replication/scenarios meets its expectations; the parser names the line of a mistake. */
class ScenarioScriptTest {
    private static final Path SCENARIOS = Path.of("scenarios");

    @Test
    void shouldMeetTheExpectationsOfEveryScenarioScript() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(SCENARIOS)) {
            scripts = files.filter(file -> file.toString().endsWith(".txt")).sorted().toList();
        }
        assertFalse(scripts.isEmpty());
        for (Path script : scripts) {
            List<String> lines = new ArrayList<>();
            ScenarioRunner.Outcome outcome = ScenarioRunner.run(ScenarioParser.parse(Files.readString(script), script.toString()), lines::add);
            assertTrue(outcome.asExpected(), outcome.mismatches() + "\n" + String.join("\n", lines));
        }
    }

    @Test
    void shouldShowTheKip101LossOnTheSegmentedEngineToo() throws IOException {
        Path script = SCENARIOS.resolve("kip-101-data-loss.txt");
        Scenario parsed = ScenarioParser.parse(Files.readString(script), script.toString());
        Scenario onFiles = new Scenario(parsed.name(), parsed.config().withEngine(SimEngine.SEGMENTED), parsed.steps(),
                parsed.expectations());
        List<String> lines = new ArrayList<>();
        ScenarioRunner.Outcome outcome = ScenarioRunner.run(onFiles, lines::add);
        assertTrue(outcome.asExpected(), outcome.mismatches() + "\n" + String.join("\n", lines));
    }

    @Test
    void shouldReportAScriptWhoseExpectationIsWrong() {
        Scenario scenario = ScenarioParser.parse("""
                cluster brokers=3 partitions=1 rf=3
                expect leader-epoch durability violated
                settle 30000
                produce p0 acks=all
                await 2000
                """, "wrong.txt");
        ScenarioRunner.Outcome outcome = ScenarioRunner.run(scenario, line -> { });
        assertFalse(outcome.asExpected());
        assertEquals(List.of("wrong.txt:2: expect leader-epoch durability violated, but it held"), outcome.mismatches());
    }

    @Test
    void shouldReplayARandomRunFromItsScriptTraceForTrace() {
        SimConfig config = SimConfig.defaults(42).withCluster(3, 2, 3).with("min.insync.replicas", "2");
        String script;
        String digest;
        try (Simulation random = new Simulation(config)) {
            for (int i = 0; i < 1_500; i++) {
                random.step();
            }
            script = random.asScript();
            digest = random.trace().digest();
        }
        Scenario scenario = ScenarioParser.parse(script, "replay.txt");
        try (Simulation replay = new Simulation(scenario.config())) {
            scenario.steps().forEach(replay::apply);
            assertEquals(digest, replay.trace().digest());
        }
    }

    @Test
    void shouldParseEveryStepAsItPrints() {
        List<SimAction> steps = List.of(new SimAction.Produce(1, dev.varve.replication.Acks.ALL),
                new SimAction.Produce(0, dev.varve.replication.Acks.NONE), new SimAction.Consume(1), new SimAction.Tick(7),
                new SimAction.Crash(2), new SimAction.Restart(3), new SimAction.Partition(0, 2), new SimAction.Partition(1, 3),
                new SimAction.Isolate(1), new SimAction.Heal(), new SimAction.Flush(2), new SimAction.Elect(1, true),
                new SimAction.Elect(0, false), new SimAction.Settle(9_000), new SimAction.AwaitAnswer(300));
        StringBuilder text = new StringBuilder("cluster brokers=3 partitions=2 rf=3\n");
        steps.forEach(step -> text.append(step).append('\n'));
        assertEquals(steps, ScenarioParser.parse(text.toString(), "all.txt").steps());
    }

    @Test
    void shouldNameTheLineOfAMistake() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScenarioParser.parse("cluster brokers=2 partitions=1 rf=2\n\ncrash b3\n", "bad.txt"));
        assertEquals("bad.txt:3: no broker b3 in a cluster of 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ScenarioParser.parse("expect leader-epoch nonsense holds", "bad.txt"));
        assertThrows(IllegalArgumentException.class, () -> ScenarioParser.parse("config no.such.setting=1", "bad.txt"));
    }
}
