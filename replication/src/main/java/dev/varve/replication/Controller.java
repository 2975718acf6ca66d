package dev.varve.replication;

import dev.varve.engine.api.TopicPartition;
import dev.varve.replication.Message.AlterPartition;
import dev.varve.replication.Message.AlterPartitionResponse;
import dev.varve.replication.Message.Heartbeat;
import dev.varve.replication.Message.HeartbeatResponse;
import dev.varve.replication.Message.IsrMember;
import dev.varve.replication.Message.PartitionState;
import dev.varve.replication.Message.RegisterBroker;
import dev.varve.replication.Message.RegisterBrokerResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster controller as one state machine (KRaft's controller without its Raft log: its state is
 * taken as committed the moment it changes, so it never loses or forks metadata). It registers brokers
 * and gives each incarnation a new broker epoch; fences a broker whose heartbeats stop for
 * {@code broker.session.timeout.ms}, removing it from every ISR and moving its leaderships; commits the
 * ISR changes leaders ask for (AlterPartition) after Kafka's checks; elects leaders from the ISR, then
 * from the ELR (KIP-966), and from any live replica only when {@code unclean.leader.election.enable} or
 * an operator asks; bumps the leader epoch on every leader change and the partition epoch on every
 * change, and sends each change to the partition's replicas.
 *
 * <p>With {@code broker.restart.fencing.enable} (the default), a broker that registers a new incarnation
 * after an unclean shutdown is first fenced as above and also dropped from every ELR, so a replica that may
 * have lost its unflushed tail never leads before catching up again (Kafka 3.8, KAFKA-15582; trunk does it on
 * every restart). Message-driven and single-threaded: no clock or
 * thread of its own; the caller passes the time.
 */
public final class Controller {
    /** The controller's node id; brokers are 1 and up. */
    public static final int NODE_ID = 0;

    private final ReplicationConfig config;
    private final Outbox outbox;
    private final Map<Integer, BrokerRegistration> brokers = new TreeMap<>();
    private final Map<TopicPartition, PartitionRegistration> partitions = new LinkedHashMap<>();
    private long nextBrokerEpoch = 1;
    /** Grows with every change sent to brokers, so a heartbeat tells whether the broker missed some. */
    private long metadataVersion = 1;
    private int uncleanElections;

    /** What the controller knows of one broker. */
    private static final class BrokerRegistration {
        final long incarnation;
        final long brokerEpoch;
        long lastHeartbeatMs;
        boolean fenced;

        BrokerRegistration(long incarnation, long brokerEpoch, long nowMs) {
            this.incarnation = incarnation;
            this.brokerEpoch = brokerEpoch;
            this.lastHeartbeatMs = nowMs;
        }
    }

    public Controller(ReplicationConfig config, Outbox outbox) {
        this.config = config;
        this.outbox = outbox;
    }

    /** Creates {@code partition} on {@code replicas}, the first one leading in epoch 0 with every replica in the ISR. */
    public void createPartition(TopicPartition partition, List<Integer> replicas) {
        if (replicas.isEmpty() || partitions.containsKey(partition)) {
            throw new IllegalArgumentException("cannot create partition: partition=" + partition + ", replicas=" + replicas);
        }
        partitions.put(partition, new PartitionRegistration(partition, replicas));
    }

    public PartitionRegistration partition(TopicPartition partition) {
        return partitions.get(partition);
    }

    public Collection<PartitionRegistration> partitions() {
        return partitions.values();
    }

    /** Whether {@code brokerId} is registered and not fenced. */
    public boolean isActive(int brokerId) {
        BrokerRegistration registration = brokers.get(brokerId);
        return registration != null && !registration.fenced;
    }

    /** Whether {@code brokerId} is registered and fenced. */
    public boolean isFenced(int brokerId) {
        BrokerRegistration registration = brokers.get(brokerId);
        return registration != null && registration.fenced;
    }

    /** How many leaders were elected from outside the ISR and ELR so far, over all partitions. */
    public int uncleanElections() {
        return uncleanElections;
    }

    /** Handles one message from node {@code from}. */
    public void receive(int from, Message message, long nowMs) {
        if (message instanceof RegisterBroker register) {
            register(register, nowMs);
        } else if (message instanceof Heartbeat heartbeat) {
            heartbeat(heartbeat, nowMs);
        } else if (message instanceof AlterPartition alter) {
            alterPartition(from, alter);
        } else {
            throw new IllegalArgumentException("the controller does not handle " + message.getClass().getSimpleName());
        }
    }

    /** Fences brokers whose session expired and elects leaders for partitions without one. */
    public void tick(long nowMs) {
        for (Map.Entry<Integer, BrokerRegistration> entry : brokers.entrySet()) {
            BrokerRegistration registration = entry.getValue();
            if (!registration.fenced && nowMs - registration.lastHeartbeatMs > config.brokerSessionTimeoutMs()) {
                fence(entry.getKey(), false);
            }
        }
        electWhereLeaderless();
    }

    /**
     * An operator's election (kafka-leader-election.sh): {@code unclean} elects any live replica where no ISR or
     * ELR member can lead; otherwise the preferred (first) replica takes over when it is in the ISR and live.
     *
     * @return whether the partition changed
     */
    public boolean elect(TopicPartition partition, boolean unclean) {
        PartitionRegistration registration = partitions.get(partition);
        boolean changed;
        if (unclean) {
            changed = electLeader(registration, true);
        } else {
            int preferred = registration.replicas().get(0);
            changed = registration.leader() != preferred && registration.isr().contains(preferred) && isActive(preferred);
            if (changed) {
                registration.changeLeader(preferred);
            }
        }
        if (changed) {
            publish(registration);
        }
        return changed;
    }

    private void register(RegisterBroker register, long nowMs) {
        BrokerRegistration previous = brokers.get(register.brokerId());
        if (previous != null && previous.incarnation == register.incarnation()) {
            outbox.send(register.brokerId(), new RegisterBrokerResponse(register.brokerId(), register.incarnation(), previous.brokerEpoch,
                    statesOf(register.brokerId())));
            return;
        }
        if (previous != null && config.restartFencing() && register.uncleanShutdown()) {
            fence(register.brokerId(), true);
        }
        BrokerRegistration registration = new BrokerRegistration(register.incarnation(), nextBrokerEpoch++, nowMs);
        brokers.put(register.brokerId(), registration);
        outbox.send(register.brokerId(), new RegisterBrokerResponse(register.brokerId(), register.incarnation(), registration.brokerEpoch,
                statesOf(register.brokerId())));
        electWhereLeaderless();
    }

    /** The current state of every partition {@code brokerId} replicates. */
    private List<PartitionState> statesOf(int brokerId) {
        List<PartitionState> states = new ArrayList<>();
        for (PartitionRegistration partition : partitions.values()) {
            if (partition.replicas().contains(brokerId)) {
                states.add(partition.state());
            }
        }
        return states;
    }

    private void heartbeat(Heartbeat heartbeat, long nowMs) {
        BrokerRegistration registration = brokers.get(heartbeat.brokerId());
        if (registration == null || registration.brokerEpoch != heartbeat.brokerEpoch()) {
            outbox.send(heartbeat.brokerId(), new HeartbeatResponse(heartbeat.brokerId(), heartbeat.brokerEpoch(),
                    ErrorCode.STALE_BROKER_EPOCH, metadataVersion, List.of()));
            return;
        }
        registration.lastHeartbeatMs = nowMs;
        if (registration.fenced) {
            registration.fenced = false;
            electWhereLeaderless();
        }
        List<PartitionState> states = heartbeat.metadataVersion() < metadataVersion ? statesOf(heartbeat.brokerId()) : List.of();
        outbox.send(heartbeat.brokerId(), new HeartbeatResponse(heartbeat.brokerId(), heartbeat.brokerEpoch(), ErrorCode.NONE,
                metadataVersion, states));
    }

    /** Fences {@code brokerId}: out of every ISR (and, when {@code excluded}, every ELR), its leaderships moved. */
    private void fence(int brokerId, boolean excluded) {
        BrokerRegistration registration = brokers.get(brokerId);
        if (registration != null) {
            registration.fenced = true;
        }
        List<Integer> exclude = excluded ? List.of(brokerId) : List.of();
        for (PartitionRegistration partition : partitions.values()) {
            boolean inIsr = partition.isr().contains(brokerId);
            boolean inElr = excluded && partition.elr().contains(brokerId);
            if (inIsr || inElr) {
                List<Integer> isr = new ArrayList<>(partition.isr());
                isr.remove(Integer.valueOf(brokerId));
                partition.changeIsr(isr, minIsr(partition), exclude);
            }
            boolean moved = partition.leader() == brokerId && electLeader(partition, false);
            if (inIsr || inElr || moved) {
                publish(partition);
            }
        }
    }

    /**
     * Elects a leader for {@code partition} unless the current one may stay: an acceptable ISR member, else
     * (empty ISR) an acceptable ELR member, else, when allowed, any acceptable replica (unclean), else none.
     *
     * @return whether the partition changed
     */
    private boolean electLeader(PartitionRegistration partition, boolean allowUnclean) {
        int current = partition.leader();
        if (current != PartitionState.NO_LEADER && isActive(current) && partition.isr().contains(current)) {
            return false;
        }
        for (int replica : partition.replicas()) {
            if (partition.isr().contains(replica) && isActive(replica)) {
                partition.changeLeader(replica);
                return true;
            }
        }
        for (int replica : partition.replicas()) {
            if (partition.isr().isEmpty() && partition.elr().contains(replica) && isActive(replica)) {
                partition.electFromElr(replica);
                partition.changeLeader(replica);
                return true;
            }
        }
        if (allowUnclean || config.uncleanLeaderElectionEnable()) {
            for (int replica : partition.replicas()) {
                if (isActive(replica)) {
                    partition.electUnclean(replica);
                    partition.changeLeader(replica);
                    uncleanElections++;
                    return true;
                }
            }
        }
        if (current != PartitionState.NO_LEADER) {
            partition.changeLeader(PartitionState.NO_LEADER);
            return true;
        }
        return false;
    }

    private void electWhereLeaderless() {
        for (PartitionRegistration partition : partitions.values()) {
            if (partition.leader() == PartitionState.NO_LEADER && electLeader(partition, false)) {
                publish(partition);
            }
        }
    }

    private void alterPartition(int from, AlterPartition alter) {
        PartitionRegistration partition = partitions.get(alter.partition());
        ErrorCode error = validate(partition, alter);
        if (error == ErrorCode.NONE) {
            List<Integer> isr = new ArrayList<>();
            alter.newIsr().forEach(member -> isr.add(member.brokerId()));
            partition.changeIsr(isr, minIsr(partition), List.of());
            publish(partition);
        }
        outbox.send(from, new AlterPartitionResponse(alter.requestId(), alter.partition(), error, partition.state()));
    }

    /** Kafka's checks of an AlterPartition (ReplicationControlManager.validateAlterPartitionData), in its order. */
    private ErrorCode validate(PartitionRegistration partition, AlterPartition alter) {
        BrokerRegistration sender = brokers.get(alter.leaderId());
        if (sender == null || sender.brokerEpoch != alter.brokerEpoch()) {
            return ErrorCode.STALE_BROKER_EPOCH;
        }
        if (alter.leaderEpoch() < partition.leaderEpoch()) {
            return ErrorCode.FENCED_LEADER_EPOCH;
        }
        if (alter.leaderEpoch() > partition.leaderEpoch() || partition.leader() != alter.leaderId()) {
            return ErrorCode.INVALID_REQUEST;
        }
        if (alter.partitionEpoch() != partition.partitionEpoch()) {
            return ErrorCode.INVALID_UPDATE_VERSION;
        }
        boolean hasLeader = false;
        for (IsrMember member : alter.newIsr()) {
            if (!partition.replicas().contains(member.brokerId())) {
                return ErrorCode.INVALID_REQUEST;
            }
            hasLeader |= member.brokerId() == alter.leaderId();
            BrokerRegistration registration = brokers.get(member.brokerId());
            if (registration == null || registration.fenced || registration.brokerEpoch != member.brokerEpoch()) {
                return ErrorCode.INELIGIBLE_REPLICA;
            }
        }
        return hasLeader ? ErrorCode.NONE : ErrorCode.INVALID_REQUEST;
    }

    private int minIsr(PartitionRegistration partition) {
        return config.effectiveMinIsr(partition.replicas().size());
    }

    private void publish(PartitionRegistration partition) {
        metadataVersion++;
        PartitionState state = partition.state();
        for (int replica : partition.replicas()) {
            outbox.send(replica, state);
        }
    }
}
