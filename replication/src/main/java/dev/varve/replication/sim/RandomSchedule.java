package dev.varve.replication.sim;

import dev.varve.engine.api.TopicPartition;
import dev.varve.replication.Acks;
import dev.varve.replication.PartitionRegistration;
import java.util.Random;

/**
 * The seeded random schedule behind {@link Simulation#step()}: mostly time passing and produce requests,
 * some consumption, and faults (crashes, link cuts, isolation) bounded so that at most replication factor - 1
 * brokers are down at once, with healing steps (restarts, heals, flushes) more frequent than faults, as the
 * protocol's published specifications do, so that liveness stays checkable. Operator elections are preferred
 * ones, except that a partition left without any ISR or ELR member (every last member restarted after losing
 * data) may get an unclean election, as an operator would eventually do; the checker then stops protecting
 * that partition's older records.
 */
final class RandomSchedule {
    private static final Acks[] ACKS = {Acks.ALL, Acks.ALL, Acks.LEADER, Acks.NONE};

    private RandomSchedule() {
    }

    static SimAction next(Simulation simulation, Random random) {
        SimConfig config = simulation.config();
        int pick = random.nextInt(1000);
        int partition = random.nextInt(config.partitions());
        int broker = 1 + random.nextInt(config.brokers());
        if (pick < 400) {
            return new SimAction.Tick(1 + random.nextInt(600));
        }
        if (pick < 720) {
            return new SimAction.Produce(partition, ACKS[random.nextInt(ACKS.length)]);
        }
        if (pick < 820) {
            return new SimAction.Consume(partition);
        }
        if (pick < 830) {
            return simulation.brokersDown() < config.replicationFactor() - 1 ? new SimAction.Crash(broker) : new SimAction.Restart(broker);
        }
        if (pick < 880) {
            return new SimAction.Restart(broker);
        }
        if (pick < 890) {
            int other = 1 + random.nextInt(config.brokers());
            return new SimAction.Partition(broker, other == broker ? 0 : other);
        }
        if (pick < 895) {
            return new SimAction.Isolate(broker);
        }
        if (pick < 940) {
            return new SimAction.Heal();
        }
        if (pick < 990) {
            return new SimAction.Flush(broker);
        }
        return new SimAction.Elect(partition, isStuck(simulation, partition));
    }

    private static boolean isStuck(Simulation simulation, int partition) {
        TopicPartition topicPartition = simulation.partitions().get(partition);
        PartitionRegistration registration = simulation.controller().partition(topicPartition);
        return registration.leader() < 0 && registration.isr().isEmpty() && registration.elr().isEmpty();
    }
}
