package dev.varve.bench.replication;

import dev.varve.engine.api.TopicPartition;
import dev.varve.replication.Acks;
import dev.varve.replication.Broker;
import dev.varve.replication.Replica;
import dev.varve.replication.sim.SimAction;
import dev.varve.replication.sim.SimConfig;
import dev.varve.replication.sim.Simulation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * One cell of the study: a cluster of {@code max(3, rf)} brokers and {@link #PARTITIONS} partitions replicated
 * {@code rf} times, one closed-loop producer per partition (a new record each tick while fewer than
 * {@link #MAX_IN_FLIGHT} of its requests await an answer, as Kafka's {@code max.in.flight.requests.per.connection};
 * with acks=0, one every tick), for {@code simulatedMs} after the cluster has formed, with
 * {@code faultsPerMinute} faults (a power loss of a broker while fewer than rf - 1 are down, else a cut link,
 * each tick with probability {@code faultsPerMinute * TICK_MS / 60000}) and as many repairs (restart every
 * broker, heal every link). Links delay messages by 1 to 20 ms and lose none (TCP): a request to a broker that
 * lost power is lost, and the producer waits {@code request.timeout.ms} for it, as Kafka's does for a silent
 * host. With {@code replicationCut} every broker-to-broker link is cut for the whole window (each broker still
 * reaches the controller): every leader is left alone, and after {@code replica.lag.time.max.ms} its ISR shrinks to
 * itself, where {@code min.insync.replicas} decides whether acks=all is refused or acknowledged by the leader alone.
 * Model L (a crash loses the unflushed tail). Everything random is seeded: a cell is a deterministic run,
 * and only its wall-clock time varies between machines.
 */
record StudyCell(Acks acks, int replicationFactor, int minInsyncReplicas, int faultsPerMinute, boolean replicationCut, long fetchWaitMaxMs,
        long simulatedMs, long seed) {
    static final int PARTITIONS = 3;
    static final int MAX_IN_FLIGHT = 5;
    /** The simulated time between steps, and so the latency resolution. */
    static final long TICK_MS = 2;

    /** Runs the cell; returns its figures as an ordered row (the CSV columns). */
    Map<String, Object> run() {
        int brokers = Math.max(3, replicationFactor);
        SimConfig config = SimConfig.defaults(seed).withCluster(brokers, PARTITIONS, replicationFactor)
                .with("min.insync.replicas", String.valueOf(minInsyncReplicas))
                .with("replica.fetch.wait.max.ms", String.valueOf(fetchWaitMaxMs)).withNetwork(1, 20, 0, 0);
        ProduceTimings timings = new ProduceTimings();
        Random faults = new Random(seed);
        long[][] inFlight = new long[PARTITIONS][MAX_IN_FLIGHT];
        long sent = 0;
        long wallStartNs = System.nanoTime();
        try (Simulation simulation = new Simulation(config, 1, timings)) {
            simulation.apply(new SimAction.Settle(60_000));
            long startMs = simulation.nowMs();
            long committedBefore = committed(simulation);
            if (replicationCut) {
                for (int a = 1; a <= brokers; a++) {
                    for (int b = a + 1; b <= brokers; b++) {
                        simulation.apply(new SimAction.Partition(a, b));
                    }
                }
            }
            while (simulation.nowMs() - startMs < simulatedMs) {
                for (int p = 0; p < PARTITIONS; p++) {
                    int slot = freeSlot(simulation, inFlight[p]);
                    if (slot >= 0) {
                        simulation.apply(new SimAction.Produce(p, acks));
                        inFlight[p][slot] = acks == Acks.NONE ? 0 : simulation.lastRecordId();
                        sent++;
                    }
                }
                injectFaults(simulation, faults, brokers);
                simulation.apply(new SimAction.Tick(TICK_MS));
            }
            simulation.apply(new SimAction.Settle(300_000));
            long wallNs = System.nanoTime() - wallStartNs;
            return row(simulation, timings, sent, committed(simulation) - committedBefore, wallNs);
        }
    }

    private static int freeSlot(Simulation simulation, long[] slots) {
        for (int slot = 0; slot < slots.length; slot++) {
            if (slots[slot] == 0 || !simulation.awaitsAnswer(slots[slot])) {
                return slot;
            }
        }
        return -1;
    }

    /**
     * Records below the high watermark of each partition's current leader, summed (0 for a leaderless partition);
     * taken after the measured window and a settle, it counts the records the run produced that survived.
     */
    private static long committed(Simulation simulation) {
        long committed = 0;
        for (TopicPartition partition : simulation.partitions()) {
            int leader = simulation.controller().partition(partition).leader();
            Broker broker = leader < 0 ? null : simulation.broker(leader);
            Replica replica = broker == null ? null : broker.replica(partition);
            committed += replica == null ? 0 : replica.highWatermark();
        }
        return committed;
    }

    private void injectFaults(Simulation simulation, Random random, int brokers) {
        double perTick = faultsPerMinute * (double) TICK_MS / 60_000;
        if (random.nextDouble() < perTick) {
            int broker = 1 + random.nextInt(brokers);
            int down = 0;
            for (int b = 1; b <= brokers; b++) {
                down += simulation.broker(b) == null ? 1 : 0;
            }
            simulation.apply(random.nextBoolean() && down < replicationFactor - 1 ? new SimAction.Crash(broker)
                    : new SimAction.Partition(broker, random.nextInt(brokers + 1)));
        }
        if (random.nextDouble() < perTick) {
            for (int b = 1; b <= brokers; b++) {
                simulation.apply(new SimAction.Restart(b));
            }
            simulation.apply(new SimAction.Heal());
        }
    }

    private Map<String, Object> row(Simulation simulation, ProduceTimings timings, long sent, long committed, long wallNs) {
        Histogram latency = timings.latencyMs();
        boolean timed = latency.getTotalCount() > 0;
        String summary = simulation.summary();
        long messages = Long.parseLong(summary.replaceAll(".*\\bmessages=(\\d+).*", "$1"));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("acks", acks.toString());
        row.put("replication_factor", replicationFactor);
        row.put("min_insync_replicas", minInsyncReplicas);
        row.put("faults_per_minute", faultsPerMinute);
        row.put("replication_cut", replicationCut);
        row.put("fetch_wait_max_ms", fetchWaitMaxMs);
        row.put("simulated_s", simulatedMs / 1000.0);
        row.put("sent", sent);
        row.put("acked", timings.acked());
        row.put("refused", timings.refused());
        row.put("failed", timings.failed());
        row.put("committed", committed);
        row.put("committed_per_simulated_s", committed * 1000.0 / simulatedMs);
        row.put("acked_per_simulated_s", timings.acked() * 1000.0 / simulatedMs);
        row.put("sent_per_simulated_s", sent * 1000.0 / simulatedMs);
        row.put("latency_p50_ms", timed ? (double) latency.getValueAtPercentile(50) : null);
        row.put("latency_p99_ms", timed ? (double) latency.getValueAtPercentile(99) : null);
        row.put("latency_p999_ms", timed ? (double) latency.getValueAtPercentile(99.9) : null);
        row.put("latency_max_ms", timed ? (double) latency.getMaxValue() : null);
        row.put("steps", simulation.steps());
        row.put("messages", messages);
        row.put("wall_ms", wallNs / 1e6);
        row.put("events_per_wall_s", (simulation.steps() + messages) / (wallNs / 1e9));
        row.put("violations", simulation.violations().size());
        row.put("first_violation", simulation.violations().isEmpty() ? null : simulation.violations().get(0).toString());
        return row;
    }
}
