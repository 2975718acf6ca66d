package dev.varve.properties.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The kit's clock: stands still until a {@code tick} action moves it. Not thread-safe beyond a volatile read. */
final class KitClock extends Clock {
    private volatile long millis;

    KitClock(long millis) {
        this.millis = millis;
    }

    void advance(long delta) {
        millis += delta;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
