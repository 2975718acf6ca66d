package dev.varve.cli.sim;

import dev.varve.cli.CliException;
import dev.varve.replication.sim.Scenario;
import dev.varve.replication.sim.ScenarioParser;
import dev.varve.replication.sim.ScenarioRunner;
import dev.varve.replication.sim.SimAction;
import dev.varve.replication.sim.SimConfig;
import dev.varve.replication.sim.SimEngine;
import dev.varve.replication.sim.Simulation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code varve sim --script FILE} runs a scenario script (the language is {@link ScenarioParser}'s) and prints its
 * trace and each invariant's verdict per protocol variant, exiting 1 when an expectation is not met;
 * {@code varve sim --seed S --steps N} runs a seeded random schedule, then lets faults stop and checks liveness,
 * printing a summary (every trace line with {@code --trace}), and exits 1 on any violation, with the last trace
 * lines and how to replay it. The same arguments always print the same output.
 */
@Command(name = "sim", description = "Run the deterministic replication simulation: a scenario script, or a seeded random schedule.")
public final class SimCommand implements Callable<Integer> {
    private static final long SETTLE_MS = 300_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--script", paramLabel = "FILE", description = "A scenario script (see replication/README.md).")
    private Path script;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of a random run (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "10000", description = "Steps of a random run (default: ${DEFAULT-VALUE}).")
    private long steps;

    @Option(names = "--brokers", paramLabel = "N", defaultValue = "3", description = "Brokers (default: ${DEFAULT-VALUE}).")
    private int brokers;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "1", description = "Partitions (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "3", description = "Replicas per partition (default: ${DEFAULT-VALUE}).")
    private int replicationFactor;

    @Option(names = "--config", paramLabel = "KEY=VALUE",
            description = "A protocol setting, Kafka's names (min.insync.replicas, replica.truncation.protocol, ...); repeatable.")
    private Map<String, String> configs = new LinkedHashMap<>();

    @Option(names = "--durable", description = "Flush every append, so crashes lose nothing (durability model D).")
    private boolean durable;

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = "memory",
            description = "The brokers' engine: memory, or segmented on real files in a temporary directory (default: ${DEFAULT-VALUE}).")
    private String engine;

    @Option(names = "--drop", paramLabel = "RATE", defaultValue = "0.01", description = "Share of messages lost (default: ${DEFAULT-VALUE}).")
    private double drop;

    @Option(names = "--duplicate", paramLabel = "RATE", defaultValue = "0.01", description = "Share of messages duplicated (default: ${DEFAULT-VALUE}).")
    private double duplicate;

    @Option(names = "--trace", description = "Print every trace line of a random run.")
    private boolean trace;

    @Option(names = "--save-script", paramLabel = "FILE",
            description = "Write a random run as a scenario script that replays it step for step (edit it to pin a failure).")
    private Path saveScript;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            return script != null ? runScript(out) : runRandom(out);
        } catch (IllegalArgumentException refused) {
            throw CliException.usage(refused);
        } finally {
            out.flush();
        }
    }

    private int runScript(PrintWriter out) {
        String text;
        try {
            text = Files.readString(script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(CliException.DATA_ERROR, "cannot read the script: " + script + ": " + e.getMessage(), e);
        }
        Scenario scenario = ScenarioParser.parse(text, script.toString());
        return ScenarioRunner.run(scenario, out::println).asExpected() ? 0 : 1;
    }

    private int runRandom(PrintWriter out) {
        SimConfig config = SimConfig.defaults(seed).withCluster(brokers, partitions, replicationFactor).withDurable(durable)
                .withNetwork(1, 20, drop, duplicate).withEngine(SimEngine.of(engine));
        for (Map.Entry<String, String> setting : configs.entrySet()) {
            config = config.with(setting.getKey(), setting.getValue());
        }
        config.replication();
        try (Simulation simulation = new Simulation(config, 60, trace ? out::println : null)) {
            for (long i = 0; i < steps && simulation.violations().isEmpty(); i++) {
                simulation.step();
            }
            if (simulation.violations().isEmpty()) {
                simulation.apply(new SimAction.Settle(SETTLE_MS));
            }
            out.println("varve sim: seed " + seed + ", " + simulation.summary());
            if (saveScript != null) {
                save(simulation.asScript());
                out.println("script written to " + saveScript);
            }
            if (simulation.violations().isEmpty()) {
                out.println("every invariant held after every step; the cluster converged after faults stopped");
                out.println("trace digest " + simulation.trace().digest());
                return 0;
            }
            out.println(simulation.violations().get(0));
            out.println("last trace lines:");
            simulation.trace().recent().forEach(line -> out.println("  " + line));
            out.println("replay: varve sim --seed " + seed + " --steps " + simulation.steps() + " --trace (same options),"
                    + " or add --save-script FILE and run varve sim --script FILE");
            return 1;
        }
    }

    private void save(String text) {
        try {
            Files.writeString(saveScript, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(CliException.DATA_ERROR, "cannot write the script: " + saveScript + ": " + e.getMessage(), e);
        }
    }
}
