package dev.varve.replication;

import java.util.Map;
import java.util.Set;

/**
 * The protocol's settings, under Kafka's names and with Kafka's defaults; two Varve knobs in the same
 * style select protocol variants. Immutable. {@link #of} refuses unknown names and values out of range.
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>name</th><th>default</th><th>what</th></tr>
 * <tr><td>replica.lag.time.max.ms</td><td>30000</td><td>an ISR follower not caught up for this long leaves the ISR</td></tr>
 * <tr><td>min.insync.replicas</td><td>1</td><td>acks=all needs an ISR this large; below it the high watermark stops</td></tr>
 * <tr><td>unclean.leader.election.enable</td><td>false</td><td>may the controller elect a replica outside the ISR</td></tr>
 * <tr><td>broker.session.timeout.ms</td><td>9000</td><td>the controller fences a broker not heard from for this long</td></tr>
 * <tr><td>broker.heartbeat.interval.ms</td><td>2000</td><td>how often a broker heartbeats the controller</td></tr>
 * <tr><td>replica.fetch.max.bytes</td><td>1048576</td><td>bytes a follower asks for per fetch</td></tr>
 * <tr><td>replica.fetch.backoff.ms</td><td>1000</td><td>a follower's pause after an empty or failed fetch</td></tr>
 * <tr><td>replica.fetch.wait.max.ms</td><td>500</td><td>how long the leader holds a follower's fetch that finds no record (Kafka's long poll,
 *     with {@code replica.fetch.min.bytes} = 1): it answers at once when a record is appended</td></tr>
 * <tr><td>replica.socket.timeout.ms</td><td>30000</td><td>a follower resends a request unanswered for this long</td></tr>
 * <tr><td>request.timeout.ms</td><td>30000</td><td>an acks=all produce waits this long for the high watermark</td></tr>
 * <tr><td>replica.high.watermark.checkpoint.interval.ms</td><td>5000</td><td>how often high watermarks are checkpointed</td></tr>
 * <tr><td>replica.truncation.protocol</td><td>leader-epoch</td><td>Varve: {@link TruncationProtocol}</td></tr>
 * <tr><td>broker.restart.fencing.enable</td><td>true</td><td>Varve: a broker that registers again after an unclean
 *     shutdown is fenced out of every ISR, ELR and leadership first, as KRaft does (Kafka 3.8); off models
 *     ZooKeeper-era Kafka, where a quick restart went unseen</td></tr>
 * </table>
 */
public record ReplicationConfig(
        long replicaLagTimeMaxMs,
        int minInsyncReplicas,
        boolean uncleanLeaderElectionEnable,
        long brokerSessionTimeoutMs,
        long brokerHeartbeatIntervalMs,
        int replicaFetchMaxBytes,
        long replicaFetchBackoffMs,
        long replicaSocketTimeoutMs,
        long requestTimeoutMs,
        long highWatermarkCheckpointIntervalMs,
        TruncationProtocol truncationProtocol,
        boolean restartFencing,
        long replicaFetchWaitMaxMs) {

    private static final Set<String> NAMES = Set.of("replica.lag.time.max.ms", "min.insync.replicas",
            "unclean.leader.election.enable", "broker.session.timeout.ms", "broker.heartbeat.interval.ms",
            "replica.fetch.max.bytes", "replica.fetch.backoff.ms", "replica.socket.timeout.ms", "request.timeout.ms",
            "replica.high.watermark.checkpoint.interval.ms", "replica.truncation.protocol",
            "broker.restart.fencing.enable",
            "replica.fetch.wait.max.ms");

    public ReplicationConfig {
        if (minInsyncReplicas < 1) {
            throw new IllegalArgumentException("min.insync.replicas must be at least 1: value=" + minInsyncReplicas);
        }
        if (replicaLagTimeMaxMs < 1 || brokerSessionTimeoutMs < 1 || brokerHeartbeatIntervalMs < 1 || replicaFetchMaxBytes < 1
                || replicaFetchBackoffMs < 0 || replicaSocketTimeoutMs < 1 || requestTimeoutMs < 1
                || highWatermarkCheckpointIntervalMs < 1 || replicaFetchWaitMaxMs < 0) {
            throw new IllegalArgumentException("replication times and sizes must be positive: " + this);
        }
    }

    /** Kafka's defaults. */
    public static ReplicationConfig defaults() {
        return of(Map.of());
    }

    /** Kafka's defaults overridden by {@code overrides} (Kafka's names, text values). */
    public static ReplicationConfig of(Map<String, String> overrides) {
        for (String name : overrides.keySet()) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown replication config: name=" + name);
            }
        }
        return new ReplicationConfig(
                longOf(overrides, "replica.lag.time.max.ms", 30_000),
                (int) longOf(overrides, "min.insync.replicas", 1),
                Boolean.parseBoolean(overrides.getOrDefault("unclean.leader.election.enable", "false")),
                longOf(overrides, "broker.session.timeout.ms", 9_000),
                longOf(overrides, "broker.heartbeat.interval.ms", 2_000),
                (int) longOf(overrides, "replica.fetch.max.bytes", 1_048_576),
                longOf(overrides, "replica.fetch.backoff.ms", 1_000),
                longOf(overrides, "replica.socket.timeout.ms", 30_000),
                longOf(overrides, "request.timeout.ms", 30_000),
                longOf(overrides, "replica.high.watermark.checkpoint.interval.ms", 5_000),
                TruncationProtocol.of(overrides.getOrDefault("replica.truncation.protocol", "leader-epoch")),
                Boolean.parseBoolean(overrides.getOrDefault("broker.restart.fencing.enable", "true")),
                longOf(overrides, "replica.fetch.wait.max.ms", 500));
    }

    private static long longOf(Map<String, String> overrides, String name, long defaultValue) {
        String value = overrides.get(name);
        try {
            return value == null ? defaultValue : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + name + "=" + value, e);
        }
    }

    /** {@code min.insync.replicas} capped at the replication factor, as Kafka's leader applies it. */
    public int effectiveMinIsr(int replicationFactor) {
        return Math.min(minInsyncReplicas, replicationFactor);
    }
}
