package dev.varve.replication.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same seed gives the same run, line for line; another seed gives another run. */
class DeterminismTest {

    private static List<String> run(long seed, int steps) {
        return run(SimConfig.defaults(seed).withCluster(3, 2, 3).with("min.insync.replicas", "2"), steps);
    }

    private static List<String> run(SimConfig config, int steps) {
        List<String> lines = new ArrayList<>();
        try (Simulation simulation = new Simulation(config, 10, lines::add)) {
            for (int i = 0; i < steps; i++) {
                simulation.step();
            }
            lines.add(simulation.summary());
            lines.add(simulation.trace().digest());
        }
        return lines;
    }

    @Test
    void shouldProduceTheSameTraceForTheSameSeed() {
        List<String> first = run(7, 1_500);
        List<String> second = run(7, 1_500);
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i), second.get(i), "line " + i + " differs");
        }
        List<String> other = run(8, 1_500);
        assertNotEquals(first.get(first.size() - 1), other.get(other.size() - 1), "the digests of two seeds");
    }

    @Test
    void shouldProduceTheSameTraceOnTheSegmentedEngineWhoseCrashesTearFiles() {
        SimConfig config = SimConfig.defaults(9).with("min.insync.replicas", "2").withEngine(SimEngine.SEGMENTED);
        assertEquals(run(config, 1_000), run(config, 1_000));
    }
}
