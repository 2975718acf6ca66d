package dev.varve.replication.sim;

import dev.varve.replication.Acks;
import java.util.Random;

/**
 * The seeded random schedule behind {@link Simulation#step()}: mostly time passing and produce requests,
 * some consumption, and faults (crashes, link cuts, isolation) bounded so that at most replication factor - 1
 * brokers are down at once, with healing steps (restarts, heals, flushes) unbounded, as the protocol's
 * published specifications do, so that liveness stays checkable. Operator elections are preferred ones only:
 * unclean elections are a scenario's explicit choice.
 */
final class RandomSchedule {
    private static final Acks[] ACKS = {Acks.ALL, Acks.ALL, Acks.LEADER, Acks.NONE};

    private RandomSchedule() {
    }

    static SimAction next(Simulation simulation, Random random) {
        SimConfig config = simulation.config();
        int pick = random.nextInt(100);
        int partition = random.nextInt(config.partitions());
        int broker = 1 + random.nextInt(config.brokers());
        if (pick < 35) {
            return new SimAction.Tick(1 + random.nextInt(600));
        }
        if (pick < 65) {
            return new SimAction.Produce(partition, ACKS[random.nextInt(ACKS.length)]);
        }
        if (pick < 75) {
            return new SimAction.Consume(partition);
        }
        if (pick < 77) {
            return down(simulation) < config.replicationFactor() - 1 ? new SimAction.Crash(broker) : new SimAction.Restart(broker);
        }
        if (pick < 84) {
            return new SimAction.Restart(broker);
        }
        if (pick < 86) {
            int other = 1 + random.nextInt(config.brokers());
            return new SimAction.Partition(broker, other == broker ? 0 : other);
        }
        if (pick < 87) {
            return new SimAction.Isolate(broker);
        }
        if (pick < 92) {
            return new SimAction.Heal();
        }
        if (pick < 97) {
            return new SimAction.Flush(broker);
        }
        return new SimAction.Elect(partition, false);
    }

    private static int down(Simulation simulation) {
        int down = 0;
        for (int b = 1; b <= simulation.config().brokers(); b++) {
            if (simulation.broker(b) == null) {
                down++;
            }
        }
        return down;
    }
}
