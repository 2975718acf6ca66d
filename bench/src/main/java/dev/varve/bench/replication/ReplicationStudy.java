package dev.varve.bench.replication;

import dev.varve.bench.report.Json;
import dev.varve.bench.study.Csv;
import dev.varve.replication.Acks;
import dev.varve.replication.sim.SimAction;
import dev.varve.replication.sim.SimConfig;
import dev.varve.replication.sim.Simulation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replication study, a timed run (not JMH: the figures of interest are in simulated time and deterministic;
 * only the simulator's speed is a wall-clock figure). Writes into {@code --out DIR}: {@code speed.csv} (the
 * seeded random schedule of {@code varve sim}, simulated steps and network messages per wall-clock second, after
 * a warm-up run), {@code cells.csv} (one {@link StudyCell} per acks x (replication factor, min ISR) x faults
 * per minute, then acks=all at rf 3 / min ISR 2 with a shorter {@code replica.fetch.wait.max.ms}, then acks=1 and all at rf 3
 * with min ISR 1 and 2 while every broker-to-broker link is cut: committed and acknowledged
 * records per simulated second and HdrHistogram latency percentiles in simulated time), {@code results.json} (both), and
 * prints the paper's tables as Markdown. Options: {@code --simulated-s S} per cell (default 60),
 * {@code --speed-steps N} (default 20000). About a minute on a 2-core machine.
 */
public final class ReplicationStudy {
    private static final Acks[] ACKS = {Acks.NONE, Acks.LEADER, Acks.ALL};
    /** (replication factor, min.insync.replicas) pairs. */
    private static final int[][] REPLICATION = {{1, 1}, {3, 1}, {3, 2}, {5, 2}, {5, 3}};
    /** Faults (crashes, cut links) per simulated minute, and as many repairs. */
    private static final int[] FAULTS_PER_MINUTE = {0, 6, 30};
    private static final long SEED = 1;
    /** Kafka's {@code replica.fetch.wait.max.ms}; the extra sweep shows that acks=all latency no longer follows it (long poll). */
    private static final long DEFAULT_FETCH_WAIT_MS = 500;
    private static final long[] FETCH_WAITS_MS = {100, 20};

    private ReplicationStudy() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = options(args);
        Path out = Path.of(options.getOrDefault("--out", "."));
        long simulatedMs = Long.parseLong(options.getOrDefault("--simulated-s", "60")) * 1000;
        int speedSteps = Integer.parseInt(options.getOrDefault("--speed-steps", "20000"));
        Files.createDirectories(out);

        speed(SimConfig.defaults(SEED), speedSteps / 4);
        List<Map<String, Object>> speed = List.of(speed(SimConfig.defaults(SEED), speedSteps),
                speed(SimConfig.defaults(SEED).withCluster(5, 3, 3).with("min.insync.replicas", "2"), speedSteps));
        List<Map<String, Object>> cells = new ArrayList<>();
        for (int faultsPerMinute : FAULTS_PER_MINUTE) {
            for (int[] replication : REPLICATION) {
                for (Acks acks : ACKS) {
                    cells.add(cell(new StudyCell(acks, replication[0], replication[1], faultsPerMinute, false, DEFAULT_FETCH_WAIT_MS,
                            simulatedMs, SEED)));
                }
            }
        }
        for (long fetchWaitMs : FETCH_WAITS_MS) {
            cells.add(cell(new StudyCell(Acks.ALL, 3, 2, 0, false, fetchWaitMs, simulatedMs, SEED)));
        }
        for (int minIsr : new int[] {1, 2}) {
            for (Acks acks : new Acks[] {Acks.LEADER, Acks.ALL}) {
                cells.add(cell(new StudyCell(acks, 3, minIsr, 0, true, DEFAULT_FETCH_WAIT_MS, simulatedMs, SEED)));
            }
        }
        Csv.write(out.resolve("speed.csv"), speed);
        Csv.write(out.resolve("cells.csv"), cells);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("speed", speed);
        results.put("cells", cells);
        Files.writeString(out.resolve("results.json"), Json.write(results));
        System.out.print(StudyTables.markdown(speed, cells));
    }

    private static Map<String, Object> cell(StudyCell cell) {
        Map<String, Object> row = cell.run();
        System.err.println("cell " + row);
        return row;
    }

    /** The seeded random schedule for {@code steps} steps, then a settle: wall-clock speed. */
    private static Map<String, Object> speed(SimConfig config, int steps) {
        long startNs = System.nanoTime();
        try (Simulation simulation = new Simulation(config)) {
            for (int i = 0; i < steps; i++) {
                simulation.step();
            }
            simulation.apply(new SimAction.Settle(300_000));
            double wallS = (System.nanoTime() - startNs) / 1e9;
            String summary = simulation.summary();
            long messages = Long.parseLong(summary.replaceAll(".*\\bmessages=(\\d+).*", "$1"));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("brokers", config.brokers());
            row.put("partitions", config.partitions());
            row.put("steps", simulation.steps());
            row.put("simulated_s", simulation.nowMs() / 1000.0);
            row.put("messages", messages);
            row.put("wall_s", wallS);
            row.put("steps_per_wall_s", simulation.steps() / wallS);
            row.put("messages_per_wall_s", messages / wallS);
            row.put("simulated_s_per_wall_s", simulation.nowMs() / 1000.0 / wallS);
            row.put("violations", simulation.violations().size());
            return row;
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!List.of("--out", "--simulated-s", "--speed-steps").contains(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; expected --out DIR, --simulated-s S, --speed-steps N");
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}
