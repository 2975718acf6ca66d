package dev.varve.replication.sim;

import dev.varve.replication.Message;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The simulated network: every message gets a delay drawn between {@code minDelayMs} and {@code maxDelayMs}
 * (so messages overtake each other), may be dropped or, except produce requests, duplicated, and never
 * crosses a cut link: a link cut when the message is sent or when it arrives loses it. Delivery order is
 * (time, send sequence), so a run is a function of the seed. Not thread-safe.
 *
 * <p>Produce requests are never duplicated: a duplicate is a producer retry, which only an idempotent
 * producer (producer ids and sequences, not modelled yet) makes safe, and it would make a refused record
 * reappear.
 */
final class SimNetwork {
    /** One message in flight. */
    record Envelope(long deliverAtMs, long sequence, int from, int to, Message message) implements Comparable<Envelope> {
        @Override
        public int compareTo(Envelope other) {
            int byTime = Long.compare(deliverAtMs, other.deliverAtMs);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final Random random;
    private final SimConfig config;
    private final PriorityQueue<Envelope> inFlight = new PriorityQueue<>();
    private final Set<Long> cutLinks = new TreeSet<>();
    private long sequence;
    private long sent;
    private long dropped;

    SimNetwork(SimConfig config, Random random) {
        this.config = config;
        this.random = random;
    }

    void send(int from, int to, Message message, long nowMs) {
        sent++;
        if (isCut(from, to) || random.nextDouble() < config.dropRate()) {
            dropped++;
            return;
        }
        enqueue(from, to, message, nowMs);
        if (!(message instanceof Message.Produce) && random.nextDouble() < config.duplicateRate()) {
            enqueue(from, to, message, nowMs);
        }
    }

    private void enqueue(int from, int to, Message message, long nowMs) {
        long delay = config.minDelayMs() + (long) random.nextInt((int) (config.maxDelayMs() - config.minDelayMs() + 1));
        inFlight.add(new Envelope(nowMs + delay, sequence++, from, to, message));
    }

    /** When the next message arrives, or {@link Long#MAX_VALUE} when none is in flight. */
    long nextDeliveryMs() {
        Envelope next = inFlight.peek();
        return next == null ? Long.MAX_VALUE : next.deliverAtMs();
    }

    /** The next message due, or null when it crosses a link cut meanwhile (it is lost). */
    Envelope poll() {
        Envelope next = inFlight.poll();
        if (next != null && isCut(next.from(), next.to())) {
            dropped++;
            return null;
        }
        return next;
    }

    /** Cuts the link between nodes {@code a} and {@code b}, both ways. */
    void cut(int a, int b) {
        cutLinks.add(link(a, b));
    }

    /** Restores every link. */
    void heal() {
        cutLinks.clear();
    }

    boolean isCut(int a, int b) {
        return cutLinks.contains(link(a, b));
    }

    private static long link(int a, int b) {
        return ((long) Math.min(a, b) << 32) | Math.max(a, b);
    }

    long sent() {
        return sent;
    }

    long dropped() {
        return dropped;
    }

    int inFlight() {
        return inFlight.size();
    }
}
