package dev.varve.replication.sim;

import dev.varve.replication.Acks;

/**
 * One step a scenario or a random schedule applies to a {@link Simulation}. Brokers are numbered from 1,
 * partitions from 0. Each {@code toString} is the step as a line of text ({@code produce p0 acks=all},
 * {@code crash b2}, ...), which is how traces print it and how a scenario script will spell it.
 */
public sealed interface SimAction {

    /** The simulated producer sends one new record to the partition's leader (as the controller knows it). */
    record Produce(int partition, Acks acks) implements SimAction {
        @Override
        public String toString() {
            return "produce p" + partition + " acks=" + acks;
        }
    }

    /** The simulated consumer fetches the partition from its position, from the leader, up to the high watermark. */
    record Consume(int partition) implements SimAction {
        @Override
        public String toString() {
            return "consume p" + partition;
        }
    }

    /** Simulated time passes: messages arrive, timers fire, the operating system writes back. */
    record Tick(long millis) implements SimAction {
        @Override
        public String toString() {
            return "tick " + millis;
        }
    }

    /** Power loss of a broker: its unflushed log tails are lost, messages to it are dropped until it restarts. */
    record Crash(int broker) implements SimAction {
        @Override
        public String toString() {
            return "crash b" + broker;
        }
    }

    /** A crashed broker starts again (a new incarnation) over what its disk kept. */
    record Restart(int broker) implements SimAction {
        @Override
        public String toString() {
            return "restart b" + broker;
        }
    }

    /** Cuts the link between two nodes both ways (0 is the controller, 1 and up brokers). */
    record Partition(int a, int b) implements SimAction {
        @Override
        public String toString() {
            return "partition " + Simulation.nodeName(a) + " " + Simulation.nodeName(b);
        }
    }

    /** Cuts every link of a broker: to the controller, the other brokers and the clients. */
    record Isolate(int broker) implements SimAction {
        @Override
        public String toString() {
            return "isolate b" + broker;
        }
    }

    /** Restores every link. */
    record Heal() implements SimAction {
        @Override
        public String toString() {
            return "heal";
        }
    }

    /** A broker flushes its logs and checkpoints its high watermarks. */
    record Flush(int broker) implements SimAction {
        @Override
        public String toString() {
            return "flush b" + broker;
        }
    }

    /** An operator's election: {@code unclean} elects any live replica when no ISR or ELR member can lead; else the preferred one. */
    record Elect(int partition, boolean unclean) implements SimAction {
        @Override
        public String toString() {
            return "elect p" + partition + (unclean ? " unclean" : " preferred");
        }
    }

    /** Time passes in 10 ms steps until the producer's last request is answered, or {@code maxMillis} pass. */
    record AwaitAnswer(long maxMillis) implements SimAction {
        @Override
        public String toString() {
            return "await " + maxMillis;
        }
    }

    /**
     * Faults stop: links heal, crashed brokers restart, and time runs (in 100 ms steps) until the cluster has
     * converged or {@code maxMillis} pass; not converging is a liveness violation.
     */
    record Settle(long maxMillis) implements SimAction {
        @Override
        public String toString() {
            return "settle " + maxMillis;
        }
    }
}
