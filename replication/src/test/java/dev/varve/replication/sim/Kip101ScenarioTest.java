package dev.varve.replication.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.replication.Acks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * KIP-101's first scenario, "high watermark truncation followed by immediate leader election", pinned:
 * two brokers, B = b1 leads, A = b2 follows, min.insync.replicas=1, acks=all, durable disks (model D), and
 * a restart the controller does not see as unclean (ZooKeeper-era Kafka: broker.restart.fencing.enable=false).
 *
 * <pre>
 *  step                                   B (b1)                  A (b2)
 *  produce m1, m2 acks=all; both acked    L e0 [m1 m2] hw=2       F e0 [m1 m2] hw=1 (the HW lags one fetch)
 *  cut A-B, A flushes (HW checkpoint 1)
 *  A restarts, becomes follower           L e0 [m1 m2]            old: truncates to HW 1 -> [m1]
 *                                                                 KIP-101: asks B where epoch 0 ends; keeps [m1 m2]
 *  B crashes; after the session timeout   down                    L e1: old [m1] (m2 lost), KIP-101 [m1 m2]
 * </pre>
 *
 * Under the old protocol the acknowledged m2 is gone from the new leader: a durability violation although
 * only one broker failed and no disk lost anything. Under the default (leader epochs) nothing is lost, and
 * after B returns both logs agree.
 */
class Kip101ScenarioTest {

    private static SimConfig config(String truncation) {
        return SimConfig.defaults(101).withCluster(2, 1, 2).withDurable(true).withNetwork(1, 5, 0, 0)
                .with("min.insync.replicas", "1").with("broker.restart.fencing.enable", "false")
                .with("replica.truncation.protocol", truncation);
    }

    /** Runs the scenario up to B's crash and A's election; returns the violations found on the way. */
    private static List<Violation> runUntilElection(Simulation simulation) {
        List<Violation> found = new ArrayList<>(simulation.apply(new SimAction.Settle(60_000)));
        for (int record = 1; record <= 2; record++) {
            found.addAll(simulation.apply(new SimAction.Produce(0, Acks.ALL)));
            long id = simulation.lastRecordId();
            for (int i = 0; i < 200 && simulation.awaitsAnswer(id); i++) {
                found.addAll(simulation.apply(new SimAction.Tick(10)));
            }
        }
        found.addAll(simulation.apply(new SimAction.Partition(1, 2)));
        found.addAll(simulation.apply(new SimAction.Flush(2)));
        assertEquals(1, simulation.broker(2).replica(simulation.partitions().get(0)).highWatermark(), "A's high watermark lags");
        assertEquals(List.of(1L, 2L), simulation.logIds(2, 0));
        found.addAll(simulation.apply(new SimAction.Crash(2)));
        found.addAll(simulation.apply(new SimAction.Restart(2)));
        found.addAll(simulation.apply(new SimAction.Tick(3_000)));
        found.addAll(simulation.apply(new SimAction.Crash(1)));
        found.addAll(simulation.apply(new SimAction.Tick(12_000)));
        assertEquals(2, simulation.controller().partition(simulation.partitions().get(0)).leader(), "A leads");
        return found;
    }

    @Test
    void shouldLoseTheAcknowledgedRecordWhenTruncatingToTheHighWatermark() {
        try (Simulation simulation = new Simulation(config("high-watermark"))) {
            List<Violation> found = runUntilElection(simulation);
            assertEquals(List.of(1L), simulation.logIds(2, 0), "A truncated m2 away before it was elected");
            assertTrue(found.stream().anyMatch(v -> v.invariant().equals("durability") && v.detail().contains("committed r2 at offset 1")),
                    "the checker must report the lost acknowledged record: " + found + "\n" + String.join("\n", simulation.trace().recent()));
        }
    }

    @Test
    void shouldKeepTheAcknowledgedRecordWithLeaderEpochs() {
        try (Simulation simulation = new Simulation(config("leader-epoch"))) {
            List<Violation> found = runUntilElection(simulation);
            assertEquals(List.of(1L, 2L), simulation.logIds(2, 0), "A kept m2");
            found.addAll(simulation.apply(new SimAction.Produce(0, Acks.ALL)));
            found.addAll(simulation.apply(new SimAction.Settle(120_000)));
            assertEquals(List.of(), found, String.join("\n", simulation.trace().recent()));
            assertEquals(List.of(1L, 2L, 3L), simulation.logIds(1, 0));
            assertEquals(List.of(1L, 2L, 3L), simulation.logIds(2, 0));
        }
    }
}
