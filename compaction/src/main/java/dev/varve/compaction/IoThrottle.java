package dev.varve.compaction;

import java.util.function.LongSupplier;

/**
 * Caps the cleaner's I/O at {@code log.cleaner.io.max.bytes.per.second}, as Kafka's {@code Throttler}
 * does: callers report the bytes they read, and once per check period the throttle compares the bytes
 * of the period with the time it took and sleeps the difference, so the average rate over any run of
 * periods stays at or below the cap. One throttle is shared by every cleaner thread (it is
 * synchronized, so a sleeping thread holds the others back, as in Kafka). Time and sleeping are
 * injected for tests.
 */
public final class IoThrottle {
    /** No cap: Kafka's default ({@code Double.MAX_VALUE}). */
    public static final IoThrottle UNLIMITED = new IoThrottle(Double.MAX_VALUE, System::nanoTime, IoThrottle::sleepNanos);
    /** Kafka's {@code Throttler} check interval: 300 ms. */
    static final long CHECK_PERIOD_NANOS = 300_000_000L;

    /** Sleeps a number of nanoseconds. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos);
    }

    private final double bytesPerSecond;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long periodStartNanos;
    private long periodBytes;

    IoThrottle(double bytesPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (!(bytesPerSecond > 0)) {
            throw new IllegalArgumentException("log.cleaner.io.max.bytes.per.second must be positive: " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.periodStartNanos = nanoTime.getAsLong();
    }

    /** A throttle at {@code bytesPerSecond} on the system clock; {@link #UNLIMITED} for {@code Double.MAX_VALUE}. */
    public static IoThrottle of(double bytesPerSecond) {
        return bytesPerSecond == Double.MAX_VALUE ? UNLIMITED : new IoThrottle(bytesPerSecond, System::nanoTime, IoThrottle::sleepNanos);
    }

    /** Counts {@code bytes} of I/O, sleeping when the period's rate ran above the cap. */
    public void acquire(long bytes) {
        if (this == UNLIMITED) {
            return;
        }
        synchronized (this) {
            periodBytes += bytes;
            long elapsed = nanoTime.getAsLong() - periodStartNanos;
            if (elapsed < CHECK_PERIOD_NANOS) {
                return;
            }
            long due = (long) (periodBytes / bytesPerSecond * 1e9) - elapsed;
            if (due > 0) {
                sleeper.sleep(due);
            }
            periodStartNanos = nanoTime.getAsLong();
            periodBytes = 0;
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
