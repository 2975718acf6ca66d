package dev.varve.properties.replication;

import dev.varve.replication.Acks;
import dev.varve.replication.sim.SimAction;
import dev.varve.replication.sim.SimConfig;
import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * QuickTheories generators of {@link FaultSchedule}s. A schedule is a cluster (3 or 5 brokers, 1 to 3 partitions,
 * replication factor 3 or, on 5 brokers, 5; {@code min.insync.replicas} 1 or 2; model L or D; a network with 0 to
 * 5 % drops and duplicates; unclean election sometimes enabled) and 10 to {@link #MAX_STEPS} steps, then a
 * {@code settle} so that liveness is checked too. Steps are generated as raw numbers resolved against the
 * cluster (broker {@code 1 + n % brokers}, ...), so QuickTheories shrinks them without knowing the cluster.
 * Crashes are not bounded: when more replicas lose their tails than the protocol tolerates, the checker stops
 * protecting the records concerned (the durability precondition), it does not stop checking.
 */
final class FaultScheduleGen {
    /** The most generated steps (before the final settle). */
    static final int MAX_STEPS = 300;
    /** How long the final settle may take to converge, in simulated milliseconds. */
    static final long SETTLE_MS = 300_000;

    /** What a raw step is, before it is resolved against a cluster. */
    private enum Kind { TICK, PRODUCE_ALL, PRODUCE_ONE, PRODUCE_NONE, CONSUME, CRASH, RESTART, CUT, ISOLATE, HEAL, FLUSH, ELECT, ELECT_UNCLEAN }

    /** A step as generated: a kind and two numbers in [0, 100) that choose its broker, partition or duration. */
    private record RawStep(Kind kind, int first, int second) {
        SimAction resolve(SimConfig config) {
            int broker = 1 + first % config.brokers();
            int partition = first % config.partitions();
            return switch (kind) {
                case TICK -> new SimAction.Tick(1 + first * 20L + second);
                case PRODUCE_ALL -> new SimAction.Produce(partition, Acks.ALL);
                case PRODUCE_ONE -> new SimAction.Produce(partition, Acks.LEADER);
                case PRODUCE_NONE -> new SimAction.Produce(partition, Acks.NONE);
                case CONSUME -> new SimAction.Consume(partition);
                case CRASH -> new SimAction.Crash(broker);
                case RESTART -> new SimAction.Restart(broker);
                case CUT -> new SimAction.Partition(broker, second % (config.brokers() + 1));
                case ISOLATE -> new SimAction.Isolate(broker);
                case HEAL -> new SimAction.Heal();
                case FLUSH -> new SimAction.Flush(broker);
                case ELECT -> new SimAction.Elect(partition, false);
                case ELECT_UNCLEAN -> new SimAction.Elect(partition, true);
            };
        }
    }

    private FaultScheduleGen() {
    }

    /** Schedules on {@code brokers} brokers (3 or 5) under {@code protocol} ({@code replica.truncation.protocol}). */
    static Gen<FaultSchedule> schedules(int brokers, String protocol) {
        return clusters(brokers, protocol).zip(rawSteps(), (config, raw) -> {
            List<SimAction> steps = new java.util.ArrayList<>(raw.size() + 1);
            raw.forEach(step -> steps.add(step.resolve(config)));
            steps.add(new SimAction.Settle(SETTLE_MS));
            return new FaultSchedule(config, steps);
        });
    }

    private static Gen<SimConfig> clusters(int brokers, String protocol) {
        Gen<Integer> factors = brokers >= 5 ? Generate.pick(List.of(3, 5)) : Generate.constant(3);
        Gen<Double> faultRates = Generate.pick(List.of(0.0, 0.01, 0.05));
        Gen<String> unclean = Generate.pick(List.of("false", "false", "false", "true"));
        Gen<SimConfig> shapes = SourceDSL.longs().between(1, Long.MAX_VALUE / 2).zip(SourceDSL.integers().between(1, 3), factors,
                (seed, partitions, factor) -> SimConfig.defaults(seed).withCluster(brokers, partitions, factor)
                        .with("replica.truncation.protocol", protocol));
        return shapes.zip(SourceDSL.integers().between(1, 2), Generate.booleans(), faultRates, unclean,
                (config, minIsr, durable, rate, uncleanElection) -> config.with("min.insync.replicas", String.valueOf(minIsr))
                        .with("unclean.leader.election.enable", uncleanElection).withDurable(durable)
                        .withNetwork(1, 20, rate, rate));
    }

    private static Gen<List<RawStep>> rawSteps() {
        Gen<Kind> kinds = Generate.frequency(List.of(weight(30, Kind.TICK), weight(15, Kind.PRODUCE_ALL), weight(5, Kind.PRODUCE_ONE),
                weight(3, Kind.PRODUCE_NONE), weight(8, Kind.CONSUME), weight(4, Kind.CRASH), weight(8, Kind.RESTART), weight(4, Kind.CUT),
                weight(2, Kind.ISOLATE), weight(6, Kind.HEAL), weight(6, Kind.FLUSH), weight(2, Kind.ELECT), weight(1, Kind.ELECT_UNCLEAN)));
        Gen<Integer> numbers = SourceDSL.integers().between(0, 99);
        return SourceDSL.lists().of(kinds.zip(numbers, numbers, RawStep::new)).ofSizeBetween(10, MAX_STEPS);
    }

    private static Pair<Integer, Gen<Kind>> weight(int weight, Kind kind) {
        return Pair.of(weight, Generate.constant(kind));
    }
}
