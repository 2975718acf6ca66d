package dev.varve.replication.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The simulation's only time: milliseconds from 0, moved forward by the simulation alone. Handed to the
 * engines (log append time) so nothing in a run reads the machine's clock. Not thread-safe.
 */
final class SimClock extends Clock {
    private long nowMs;

    long nowMs() {
        return nowMs;
    }

    void advanceTo(long ms) {
        if (ms < nowMs) {
            throw new IllegalArgumentException("time does not go back: now=" + nowMs + ", to=" + ms);
        }
        nowMs = ms;
    }

    @Override
    public long millis() {
        return nowMs;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(nowMs);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the simulated clock is UTC only");
    }
}
