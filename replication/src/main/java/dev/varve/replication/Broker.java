package dev.varve.replication;

import dev.varve.engine.api.TopicPartition;
import dev.varve.replication.Message.AlterPartitionResponse;
import dev.varve.replication.Message.Fetch;
import dev.varve.replication.Message.FetchResponse;
import dev.varve.replication.Message.Heartbeat;
import dev.varve.replication.Message.HeartbeatResponse;
import dev.varve.replication.Message.OffsetsForLeaderEpoch;
import dev.varve.replication.Message.OffsetsForLeaderEpochResponse;
import dev.varve.replication.Message.PartitionState;
import dev.varve.replication.Message.Produce;
import dev.varve.replication.Message.ProduceResponse;
import dev.varve.replication.Message.RegisterBroker;
import dev.varve.replication.Message.RegisterBrokerResponse;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One broker incarnation: registers with the controller (retrying every {@code broker.heartbeat.interval.ms}),
 * heartbeats, checkpoints high watermarks every {@code replica.high.watermark.checkpoint.interval.ms}, and
 * routes messages to its {@link Replica}s, created from the controller's metadata over its
 * {@link ReplicaStorage}. Until registered it ignores everything but the controller's answer, as a KRaft broker
 * does not serve before it is. A crash is simply dropping the instance; a restart is a new instance with a new
 * incarnation over what the storage kept. Message-driven and single-threaded, without clock or thread of its own.
 */
public final class Broker implements Replica.Context {
    private final int id;
    private final ReplicationConfig config;
    private final Outbox outbox;
    private final ReplicaStorage storage;
    private final long incarnation;
    private final boolean uncleanShutdown;
    private final Map<TopicPartition, Replica> replicas = new LinkedHashMap<>();
    private long brokerEpoch = -1;
    private long metadataVersion;
    private long requestCounter;
    private long lastRegisterSentMs;
    private long lastHeartbeatSentMs;
    private long lastCheckpointMs;

    /**
     * Starts incarnation {@code incarnation} of broker {@code id} (1 or more) and sends its registration;
     * {@code uncleanShutdown}: the previous run ended without every append durable, so its logs may miss records.
     */
    public Broker(int id, ReplicationConfig config, Outbox outbox, ReplicaStorage storage, long incarnation, boolean uncleanShutdown,
            long nowMs) {
        if (id <= Controller.NODE_ID) {
            throw new IllegalArgumentException("broker ids start at 1: id=" + id);
        }
        this.id = id;
        this.config = config;
        this.outbox = outbox;
        this.storage = storage;
        this.incarnation = incarnation;
        this.uncleanShutdown = uncleanShutdown;
        this.lastCheckpointMs = nowMs;
        register(nowMs);
    }

    public int id() {
        return id;
    }

    @Override
    public long brokerEpoch() {
        return brokerEpoch;
    }

    @Override
    public long nextRequestId() {
        return (incarnation << 32) | ++requestCounter;
    }

    /** The replica of {@code partition}, or null when this incarnation has not heard of it. */
    public Replica replica(TopicPartition partition) {
        return replicas.get(partition);
    }

    public Collection<Replica> replicas() {
        return replicas.values();
    }

    /** Handles one message from node {@code from}. */
    public void receive(int from, Message message, long nowMs) {
        if (message instanceof RegisterBrokerResponse registered) {
            if (registered.incarnation() == incarnation && brokerEpoch < 0) {
                brokerEpoch = registered.brokerEpoch();
                lastHeartbeatSentMs = nowMs;
                registered.states().forEach(state -> applyState(state, nowMs));
            }
            return;
        }
        if (brokerEpoch < 0) {
            return;
        }
        if (message instanceof HeartbeatResponse heartbeat) {
            if (heartbeat.error() == ErrorCode.STALE_BROKER_EPOCH && heartbeat.brokerEpoch() == brokerEpoch) {
                brokerEpoch = -1;
                register(nowMs);
            } else if (heartbeat.error() == ErrorCode.NONE && heartbeat.metadataVersion() > metadataVersion) {
                heartbeat.states().forEach(state -> applyState(state, nowMs));
                metadataVersion = heartbeat.metadataVersion();
            }
        } else if (message instanceof PartitionState state) {
            applyState(state, nowMs);
        } else if (message instanceof Produce produce) {
            Replica replica = replicas.get(produce.partition());
            if (replica != null) {
                replica.onProduce(from, produce, nowMs);
            } else if (produce.acks() != Acks.NONE) {
                outbox.send(from, new ProduceResponse(produce.requestId(), produce.partition(), ErrorCode.NOT_LEADER_OR_FOLLOWER, -1));
            }
        } else {
            routeReplicaMessage(from, message, nowMs);
        }
    }

    private void routeReplicaMessage(int from, Message message, long nowMs) {
        if (message instanceof Fetch fetch) {
            Replica replica = replicas.get(fetch.partition());
            if (replica != null) {
                replica.onFetch(from, fetch, nowMs);
            } else {
                outbox.send(from, new FetchResponse(fetch.requestId(), fetch.partition(), ErrorCode.NOT_LEADER_OR_FOLLOWER, -1, -1, -1, -1,
                        fetch.fetchOffset(), java.nio.ByteBuffer.allocate(0)));
            }
        } else if (message instanceof OffsetsForLeaderEpoch request && replicas.containsKey(request.partition())) {
            replicas.get(request.partition()).onOffsetsForLeaderEpoch(from, request);
        } else if (message instanceof FetchResponse response && replicas.containsKey(response.partition())) {
            replicas.get(response.partition()).onFetchResponse(response, nowMs);
        } else if (message instanceof OffsetsForLeaderEpochResponse response && replicas.containsKey(response.partition())) {
            replicas.get(response.partition()).onOffsetsForLeaderEpochResponse(response, nowMs);
        } else if (message instanceof AlterPartitionResponse response && replicas.containsKey(response.partition())) {
            replicas.get(response.partition()).onAlterPartitionResponse(response, nowMs);
        }
    }

    private void applyState(PartitionState state, long nowMs) {
        if (state.replicas().contains(id)) {
            replicas.computeIfAbsent(state.partition(), this::openReplica).applyState(state, nowMs);
        }
    }

    private Replica openReplica(TopicPartition partition) {
        return new Replica(partition, id, config, outbox, this, storage.log(partition), storage.leaderEpochCheckpoint(partition),
                storage.checkpointedHighWatermark(partition));
    }

    /** Timers: registration retries, heartbeats, the high-watermark checkpoint, and every replica's. */
    public void tick(long nowMs) {
        if (brokerEpoch < 0) {
            if (nowMs - lastRegisterSentMs >= config.brokerHeartbeatIntervalMs()) {
                register(nowMs);
            }
            return;
        }
        if (nowMs - lastHeartbeatSentMs >= config.brokerHeartbeatIntervalMs()) {
            lastHeartbeatSentMs = nowMs;
            outbox.send(Controller.NODE_ID, new Heartbeat(id, brokerEpoch, metadataVersion));
        }
        if (nowMs - lastCheckpointMs >= config.highWatermarkCheckpointIntervalMs()) {
            checkpointHighWatermarks(nowMs);
        }
        for (Replica replica : replicas.values()) {
            replica.tick(nowMs);
        }
    }

    /** Writes every replica's high watermark to the checkpoint now. */
    public void checkpointHighWatermarks(long nowMs) {
        lastCheckpointMs = nowMs;
        Map<TopicPartition, Long> highWatermarks = new LinkedHashMap<>();
        replicas.forEach((partition, replica) -> highWatermarks.put(partition, replica.highWatermark()));
        storage.checkpointHighWatermarks(highWatermarks);
    }

    private void register(long nowMs) {
        lastRegisterSentMs = nowMs;
        outbox.send(Controller.NODE_ID, new RegisterBroker(id, incarnation, uncleanShutdown));
    }
}
