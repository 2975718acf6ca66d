package dev.varve.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link IoThrottle} on a simulated clock: the average rate over the run stays at the cap. */
class IoThrottleTest {
    @Test
    void shouldSleepSoTheAverageRateStaysAtTheCap() {
        long[] now = {0};
        long[] bytes = {0};
        long[] atLastSleep = {0, 0};
        IoThrottle throttle = new IoThrottle(1_000_000, () -> now[0], nanos -> {
            now[0] += nanos;
            atLastSleep[0] = now[0];
            atLastSleep[1] = bytes[0];
        });
        for (int i = 0; i < 2000; i++) {
            now[0] += 1_000_000; // each 64 KiB read takes 1 ms: 64 MB/s unthrottled
            bytes[0] += 64 << 10;
            throttle.acquire(64 << 10);
        }
        double rate = atLastSleep[1] / (atLastSleep[0] / 1e9);
        assertTrue(atLastSleep[0] > 0, "slept");
        assertTrue(rate <= 1_000_000 * 1.01 && rate >= 1_000_000 * 0.9, "rate " + rate + " B/s up to the last sleep");
    }

    @Test
    void shouldNeverSleepUnderTheCap() {
        long[] now = {0};
        IoThrottle throttle = new IoThrottle(1_000_000, () -> now[0], nanos -> {
            throw new AssertionError("slept " + nanos);
        });
        for (int i = 0; i < 100; i++) {
            now[0] += 100_000_000;
            throttle.acquire(1000);
        }
        assertEquals(IoThrottle.UNLIMITED, IoThrottle.of(Double.MAX_VALUE));
    }
}
