package dev.varve.replication.sim;

import dev.varve.replication.ReplicationConfig;
import java.util.Map;
import java.util.TreeMap;

/**
 * A simulated cluster: the seed, brokers, partitions and replication factor, the protocol's settings
 * ({@link ReplicationConfig}, Kafka's names), the durability model, and the network's behaviour.
 *
 * <p>Brokers store their logs in the {@link SimEngine} named by {@code engine} (memory by default).
 * Durability: with {@code durable} (model D) every append is flushed, so a crash loses nothing; without
 * it (model L) a crash loses what was appended since the last flush, and the operating system's writeback
 * flushes every {@code writebackMs}. The simulation overrides one Kafka default: a follower resends an
 * unanswered request after {@code replica.socket.timeout.ms} = 2000 ms instead of 30 s, because the simulated
 * network loses single messages where TCP would break the connection and the fetcher would reconnect at
 * once. Immutable; the {@code with*} methods return changed copies.
 */
public record SimConfig(
        long seed,
        int brokers,
        int partitions,
        int replicationFactor,
        Map<String, String> replicationOverrides,
        boolean durable,
        SimEngine engine,
        long writebackMs,
        long minDelayMs,
        long maxDelayMs,
        double dropRate,
        double duplicateRate,
        long tickIntervalMs) {

    public SimConfig {
        replicationOverrides = Map.copyOf(replicationOverrides);
        if (brokers < 1 || partitions < 1 || replicationFactor < 1 || replicationFactor > brokers) {
            throw new IllegalArgumentException("need 1 <= replication factor <= brokers and a partition: brokers=" + brokers
                    + ", partitions=" + partitions + ", replicationFactor=" + replicationFactor);
        }
        if (minDelayMs < 0 || maxDelayMs < minDelayMs || tickIntervalMs < 1 || writebackMs < 1
                || dropRate < 0 || dropRate >= 1 || duplicateRate < 0 || duplicateRate >= 1) {
            throw new IllegalArgumentException("invalid network or timing settings: " + this);
        }
    }

    /** Three brokers, one partition replicated three times, Kafka's defaults, model L, a mildly faulty network. */
    public static SimConfig defaults(long seed) {
        return new SimConfig(seed, 3, 1, 3, Map.of(), false, SimEngine.MEMORY, 5_000, 1, 20, 0.01, 0.01, 50);
    }

    /** The protocol settings: Kafka's defaults, the simulation's socket timeout, then the overrides. */
    public ReplicationConfig replication() {
        Map<String, String> settings = new TreeMap<>();
        settings.put("replica.socket.timeout.ms", "2000");
        settings.putAll(replicationOverrides);
        return ReplicationConfig.of(settings);
    }

    public SimConfig withCluster(int brokerCount, int partitionCount, int factor) {
        return new SimConfig(seed, brokerCount, partitionCount, factor, replicationOverrides, durable, engine, writebackMs, minDelayMs,
                maxDelayMs, dropRate, duplicateRate, tickIntervalMs);
    }

    /** The same with {@code name=value} added to the protocol settings (Kafka's names). */
    public SimConfig with(String name, String value) {
        Map<String, String> overrides = new TreeMap<>(replicationOverrides);
        overrides.put(name, value);
        return new SimConfig(seed, brokers, partitions, replicationFactor, overrides, durable, engine, writebackMs, minDelayMs, maxDelayMs,
                dropRate, duplicateRate, tickIntervalMs);
    }

    public SimConfig withDurable(boolean everyAppendFlushed) {
        return new SimConfig(seed, brokers, partitions, replicationFactor, replicationOverrides, everyAppendFlushed, engine, writebackMs,
                minDelayMs, maxDelayMs, dropRate, duplicateRate, tickIntervalMs);
    }

    public SimConfig withNetwork(long minDelay, long maxDelay, double drop, double duplicate) {
        return new SimConfig(seed, brokers, partitions, replicationFactor, replicationOverrides, durable, engine, writebackMs, minDelay,
                maxDelay, drop, duplicate, tickIntervalMs);
    }

    public SimConfig withEngine(SimEngine brokerEngine) {
        return new SimConfig(seed, brokers, partitions, replicationFactor, replicationOverrides, durable, brokerEngine, writebackMs,
                minDelayMs, maxDelayMs, dropRate, duplicateRate, tickIntervalMs);
    }

    public SimConfig withSeed(long newSeed) {
        return new SimConfig(newSeed, brokers, partitions, replicationFactor, replicationOverrides, durable, engine, writebackMs, minDelayMs,
                maxDelayMs, dropRate, duplicateRate, tickIntervalMs);
    }
}
