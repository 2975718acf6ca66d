package dev.varve.replication.sim;

import dev.varve.engine.api.TopicPartition;
import dev.varve.replication.Broker;
import dev.varve.replication.Controller;
import dev.varve.replication.Message;
import dev.varve.replication.Outbox;
import dev.varve.replication.PartitionRegistration;
import dev.varve.replication.Replica;
import dev.varve.replication.ReplicationConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A deterministic simulation of a replicated cluster: one controller, brokers over the memory engine, a
 * producer and a consumer, a {@link SimNetwork}, all on one thread and one {@link SimClock}, driven step by
 * step with {@link #apply(SimAction)} (a scenario) or {@link #step()} (the seeded {@link RandomSchedule}).
 * After every step it checks the {@link Invariants} and writes the step, its events and each partition's
 * state to the {@link Trace}. Everything random comes from the seed, so the same seed and steps give the
 * same trace, byte for byte. Brokers tick every {@code tickIntervalMs}; messages are delivered before timers
 * due at the same millisecond. Not thread-safe; close it to free the memory engines' data.
 */
public final class Simulation implements AutoCloseable {
    /** The topic of the simulated partitions. */
    public static final String TOPIC = "sim";

    /** How nodes put messages on the network. */
    interface Sender {
        void send(int from, int to, Message message);
    }

    private final SimConfig config;
    private final ReplicationConfig replication;
    private final SimClock clock = new SimClock();
    private final SimNetwork network;
    private final Random scheduleRandom;
    private final Controller controller;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final SimBrokers brokers;
    private final Invariants invariants;
    private final SimProducer producer;
    private final SimConsumer consumer;
    private final Trace trace;
    private final List<String> events = new ArrayList<>();
    private final List<SimAction> applied = new ArrayList<>();
    private final Sender sender;
    private long step;
    private long nextTickMs;
    private long nextWritebackMs;

    /** A simulation keeping the last 200 trace lines. */
    public Simulation(SimConfig config) {
        this(config, 200, null);
    }

    /** A simulation keeping the last {@code keepLines} trace lines, each also given to {@code listener} (may be null). */
    public Simulation(SimConfig config, int keepLines, Consumer<String> listener) {
        this.config = config;
        this.replication = config.replication();
        this.network = new SimNetwork(config, new Random(config.seed()));
        this.scheduleRandom = new Random(config.seed() * 0x9E3779B97F4A7C15L + 1);
        this.sender = (from, to, message) -> network.send(from, to, message, clock.nowMs());
        this.controller = new Controller(replication, outbox(Controller.NODE_ID));
        this.trace = new Trace(keepLines, listener);
        this.invariants = new Invariants(this, config);
        this.producer = new SimProducer(invariants, events::add);
        this.consumer = new SimConsumer(invariants);
        this.brokers = new SimBrokers(config, clock, invariants, this::outbox);
        for (int p = 0; p < config.partitions(); p++) {
            TopicPartition partition = new TopicPartition(TOPIC, p);
            partitions.add(partition);
            List<Integer> replicas = new ArrayList<>();
            for (int i = 0; i < config.replicationFactor(); i++) {
                replicas.add((p + i) % config.brokers() + 1);
            }
            controller.createPartition(partition, replicas);
        }
        trace.add("simulation seed=" + config.seed() + " brokers=" + config.brokers() + " partitions=" + config.partitions()
                + " rf=" + config.replicationFactor() + " durable=" + config.durable() + " engine=" + config.engine().scriptName() + " "
                + config.replicationOverrides());
        for (int b = 1; b <= config.brokers(); b++) {
            brokers.start(b);
        }
        nextTickMs = config.tickIntervalMs();
        nextWritebackMs = config.writebackMs();
    }

    static String nodeName(int node) {
        return node == Controller.NODE_ID ? "c" : node == SimProducer.NODE_ID ? "producer" : node == SimConsumer.NODE_ID ? "consumer"
                : "b" + node;
    }

    private Outbox outbox(int from) {
        return (to, message) -> sender.send(from, to, message);
    }

    /** Applies a step chosen by the seeded random schedule. */
    public List<Violation> step() {
        return apply(RandomSchedule.next(this, scheduleRandom));
    }

    /** Applies {@code action}, checks every invariant, writes the trace; returns the violations this step found. */
    public List<Violation> apply(SimAction action) {
        step++;
        events.clear();
        applied.add(action);
        invariants.begin(step);
        try {
            perform(action);
        } catch (RuntimeException e) {
            throw new IllegalStateException("simulation failed at step #" + step + " (" + action + "), seed=" + config.seed()
                    + "\n" + String.join("\n", trace.recent()), e);
        }
        trace.add("#" + step + " t=" + clock.nowMs() + " " + action);
        events.forEach(event -> trace.add("    " + event));
        for (TopicPartition partition : partitions) {
            trace.add("    " + describe(partition));
        }
        invariants.check();
        List<Violation> found = invariants.drain();
        found.forEach(violation -> trace.add("    " + violation));
        return found;
    }

    private void perform(SimAction action) {
        if (action instanceof SimAction.Produce produce) {
            TopicPartition partition = partition(produce.partition());
            producer.produce(partition, produce.acks(), controller.partition(partition).leader(), sender, clock.nowMs());
        } else if (action instanceof SimAction.Consume consume) {
            TopicPartition partition = partition(consume.partition());
            consumer.consume(partition, controller.partition(partition).leader(), sender);
        } else if (action instanceof SimAction.Tick tick) {
            advanceTo(clock.nowMs() + tick.millis());
        } else if (action instanceof SimAction.Crash crash) {
            crash(crash.broker());
        } else if (action instanceof SimAction.Restart restart) {
            if (brokers.broker(restart.broker()) == null) {
                brokers.start(restart.broker());
            }
        } else if (action instanceof SimAction.Partition cut) {
            network.cut(cut.a(), cut.b());
        } else if (action instanceof SimAction.Isolate isolate) {
            for (int node : nodes()) {
                network.cut(isolate.broker(), node);
            }
        } else if (action instanceof SimAction.Heal) {
            network.heal();
        } else if (action instanceof SimAction.Flush flush) {
            brokers.flush(flush.broker());
        } else if (action instanceof SimAction.Elect elect) {
            controller.elect(partition(elect.partition()), elect.unclean());
        } else if (action instanceof SimAction.Settle settle) {
            settle(settle.maxMillis());
        } else if (action instanceof SimAction.AwaitAnswer await) {
            long deadline = clock.nowMs() + await.maxMillis();
            while (producer.isOutstanding(producer.lastId()) && clock.nowMs() < deadline) {
                advanceTo(Math.min(deadline, clock.nowMs() + 10));
            }
        }
    }

    private List<Integer> nodes() {
        List<Integer> nodes = new ArrayList<>(List.of(Controller.NODE_ID, SimProducer.NODE_ID, SimConsumer.NODE_ID));
        for (int b = 1; b <= config.brokers(); b++) {
            nodes.add(b);
        }
        return nodes;
    }

    private void crash(int broker) {
        if (brokers.broker(broker) == null) {
            return;
        }
        List<TopicPartition> lossy = brokers.crash(broker);
        lossy.forEach(invariants::lossyCrash);
        events.add("b" + broker + " lost power" + (lossy.isEmpty() ? ", nothing unflushed" : ", unflushed records lost in " + lossy));
    }

    private void advanceTo(long targetMs) {
        while (true) {
            long deliveryMs = network.nextDeliveryMs();
            long nextMs = Math.min(deliveryMs, Math.min(nextTickMs, nextWritebackMs));
            if (nextMs > targetMs) {
                break;
            }
            clock.advanceTo(nextMs);
            if (deliveryMs == nextMs) {
                SimNetwork.Envelope envelope = network.poll();
                if (envelope != null) {
                    deliver(envelope);
                }
            } else if (nextTickMs == nextMs) {
                tickAll();
                nextTickMs += config.tickIntervalMs();
            } else {
                brokers.writeBack();
                nextWritebackMs += config.writebackMs();
            }
        }
        clock.advanceTo(targetMs);
    }

    private void deliver(SimNetwork.Envelope envelope) {
        int to = envelope.to();
        long now = clock.nowMs();
        if (to == Controller.NODE_ID) {
            controller.receive(envelope.from(), envelope.message(), now);
        } else if (to == SimProducer.NODE_ID) {
            producer.receive(envelope.message());
        } else if (to == SimConsumer.NODE_ID) {
            consumer.receive(envelope.from(), envelope.message());
        } else if (brokers.broker(to) != null) {
            brokers.broker(to).receive(envelope.from(), envelope.message(), now);
        }
    }

    private void tickAll() {
        long now = clock.nowMs();
        controller.tick(now);
        for (int b = 1; b <= config.brokers(); b++) {
            if (brokers.broker(b) != null) {
                brokers.broker(b).tick(now);
            }
        }
        producer.expire(now, replication.requestTimeoutMs() + 1_000);
    }

    /** Faults stop: heal, restart, then run until converged or {@code maxMillis} pass (a liveness violation). */
    private void settle(long maxMillis) {
        network.heal();
        for (int b = 1; b <= config.brokers(); b++) {
            if (brokers.broker(b) == null) {
                brokers.start(b);
            }
        }
        long deadline = clock.nowMs() + maxMillis;
        String missing = convergenceGap();
        while (!missing.isEmpty() && clock.nowMs() < deadline) {
            advanceTo(Math.min(deadline, clock.nowMs() + 100));
            recoverOfflinePartitions();
            invariants.check();
            missing = convergenceGap();
        }
        events.add(missing.isEmpty() ? "converged" : "NOT converged within " + maxMillis + " ms: " + missing);
        if (!missing.isEmpty()) {
            invariants.liveness(missing);
        }
    }

    /**
     * A partition whose ISR and ELR are both empty has no clean candidate left (every last member restarted,
     * and a restart may have lost data): Kafka keeps it offline until an operator elects uncleanly, which is
     * what settling does, as the operator's last resort. The checker stops protecting its older records.
     */
    private void recoverOfflinePartitions() {
        for (TopicPartition partition : partitions) {
            PartitionRegistration registration = controller.partition(partition);
            if (registration.leader() < 0 && registration.isr().isEmpty() && registration.elr().isEmpty()
                    && controller.elect(partition, true)) {
                events.add("operator: unclean election in " + partition + " (no ISR or ELR member left): " + describe(partition));
            }
        }
    }

    /** What keeps the cluster from having converged, or empty when it has. */
    private String convergenceGap() {
        StringBuilder gap = new StringBuilder();
        for (int b = 1; b <= config.brokers(); b++) {
            if (brokers.broker(b) == null || brokers.broker(b).brokerEpoch() < 0) {
                gap.append("b").append(b).append(" not registered; ");
            }
        }
        for (TopicPartition partition : partitions) {
            PartitionRegistration registration = controller.partition(partition);
            List<Invariants.LiveReplica> live = liveReplicas(partition);
            Invariants.LiveReplica leader = live.stream().filter(r -> r.broker() == registration.leader()
                    && r.replica().role() == Replica.Role.LEADER && r.replica().leaderEpoch() == registration.leaderEpoch())
                    .findFirst().orElse(null);
            if (leader == null || !registration.isr().equals(registration.replicas()) || live.size() < registration.replicas().size()) {
                gap.append(describe(partition)).append("; ");
                continue;
            }
            long end = leader.replica().logEndOffset();
            long content = leader.mirror().prefixHash(leader.mirror().size());
            for (Invariants.LiveReplica replica : live) {
                if (replica.replica().logEndOffset() != end || replica.replica().highWatermark() != end
                        || replica.mirror().size() != end || replica.mirror().prefixHash(end) != content) {
                    gap.append(describe(partition)).append("; ");
                    break;
                }
            }
        }
        return gap.append(invariants.unsettledClaims()).toString();
    }

    List<Invariants.LiveReplica> liveReplicas(TopicPartition partition) {
        return brokers.liveReplicas(partition);
    }

    /** One partition's state as a trace line: the controller's view, then each broker's replica. */
    public String describe(TopicPartition partition) {
        PartitionRegistration registration = controller.partition(partition);
        StringBuilder line = new StringBuilder().append(partition).append(" ctl leader=")
                .append(registration.leader() < 0 ? "none" : "b" + registration.leader()).append(" e").append(registration.leaderEpoch())
                .append(" isr=").append(registration.isr());
        if (!registration.elr().isEmpty()) {
            line.append(" elr=").append(registration.elr());
        }
        for (int b : registration.replicas()) {
            line.append(" | b").append(b);
            Broker broker = brokers.broker(b);
            Replica replica = broker == null ? null : broker.replica(partition);
            if (broker == null) {
                line.append(" down");
            } else if (replica == null) {
                line.append(" starting");
            } else {
                line.append(replica.role() == Replica.Role.LEADER ? " L" : replica.role() == Replica.Role.FOLLOWER ? " F" : " -")
                        .append(" e").append(replica.leaderEpoch()).append(" leo=").append(replica.logEndOffset())
                        .append(" hw=").append(replica.highWatermark());
                if (replica.role() == Replica.Role.LEADER) {
                    line.append(" isr=").append(replica.maximalIsr());
                }
            }
        }
        return line.toString();
    }

    private TopicPartition partition(int index) {
        return partitions.get(index);
    }

    public SimConfig config() {
        return config;
    }

    public Trace trace() {
        return trace;
    }

    /** Every violation found so far. */
    public List<Violation> violations() {
        return List.copyOf(invariants.violations());
    }

    public long nowMs() {
        return clock.nowMs();
    }

    public long steps() {
        return step;
    }

    public Controller controller() {
        return controller;
    }

    public List<TopicPartition> partitions() {
        return List.copyOf(partitions);
    }

    /** Broker {@code id}, or null while it is down. */
    public Broker broker(int id) {
        return brokers.broker(id);
    }

    /** How many brokers are down. */
    int brokersDown() {
        return brokers.down();
    }

    /** The id of the last record the producer created (0 before any). */
    public long lastRecordId() {
        return producer.lastId();
    }

    /** Whether the producer still waits for an answer about record {@code id}. */
    public boolean awaitsAnswer(long id) {
        return producer.isOutstanding(id);
    }

    /** The record ids in broker {@code broker}'s log of partition {@code partition}, by offset (empty when down). */
    public List<Long> logIds(int broker, int partition) {
        List<Long> ids = new ArrayList<>();
        LogMirror log = brokers.mirror(broker, partitions.get(partition));
        for (int offset = 0; log != null && offset < log.size(); offset++) {
            ids.add(log.id(offset));
        }
        return ids;
    }

    /**
     * Acknowledged records (acks=1 or all) that the partition's current leader does not hold at their offset: a
     * scenario's observation, not an invariant (Kafka allows losing acks=1 records and, outside the
     * precondition, acks=all ones). A partition without a live leader counts all its acknowledged records lost.
     */
    public List<String> lostAcknowledged() {
        List<String> lost = new ArrayList<>();
        for (SimProducer.Acknowledged record : producer.acknowledged()) {
            PartitionRegistration registration = controller.partition(record.partition());
            LogMirror log = registration.leader() < 0 ? null : brokers.mirror(registration.leader(), record.partition());
            if (log == null || record.offset() >= log.size() || log.id(record.offset()) != record.id()) {
                lost.add("r" + record.id() + " (acks=" + record.acks() + ") at offset " + record.offset() + " of " + record.partition());
            }
        }
        return lost;
    }

    /**
     * The run so far as a scenario script ({@link ScenarioParser}): the cluster, the seed, the durability, the
     * network and the protocol settings, the expectation that what happened so far happens again (every invariant
     * holds, or some is violated, under this run's protocol), then every step applied. Replaying it gives the same
     * run, trace for trace, which is how a random failure becomes a pinned scenario.
     */
    public String asScript() {
        StringBuilder script = new StringBuilder()
                .append("cluster brokers=").append(config.brokers()).append(" partitions=").append(config.partitions())
                .append(" rf=").append(config.replicationFactor()).append('\n')
                .append("seed ").append(config.seed()).append('\n')
                .append("durable ").append(config.durable()).append('\n')
                .append("engine ").append(config.engine().scriptName()).append('\n')
                .append("network delay=").append(config.minDelayMs()).append("..").append(config.maxDelayMs())
                .append(" drop=").append(config.dropRate()).append(" duplicate=").append(config.duplicateRate()).append('\n');
        config.replicationOverrides().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(setting -> script.append("config ").append(setting.getKey()).append('=').append(setting.getValue()).append('\n'));
        script.append("expect ").append(replication.truncationProtocol().configValue()).append(" all ")
                .append(invariants.violations().isEmpty() ? "holds" : "violated").append('\n');
        applied.forEach(action -> script.append(action).append('\n'));
        return script.toString();
    }

    /** Statistics of the run so far, as one line. */
    public String summary() {
        return "steps=" + step + " simulatedMs=" + clock.nowMs() + " messages=" + network.sent() + " dropped=" + network.dropped()
                + " acked=" + producer.acked() + " consumed=" + consumer.consumed() + " uncleanElections=" + controller.uncleanElections()
                + " violations=" + invariants.violations().size();
    }

    @Override
    public void close() {
        brokers.close();
        producer.close();
        consumer.close();
    }
}
