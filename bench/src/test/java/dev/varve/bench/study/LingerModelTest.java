package dev.varve.bench.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Hand-computed cases. Records of 100 B offered at 100,000 B/s arrive every 1 ms (t = 0, 1, ..., 5 ms);
 * the sender takes 0.5 ms per batch.
 * <pre>
 * batch.size 3 records, linger 5 ms       batch.size 10 records, linger 2 ms
 *   batch 1: records 0,1,2 full at 2 ms     batch 1: records 0,1,2, linger ends at 2 ms
 *            sent 2 -> 2.5 ms                        sent 2 -> 2.5 ms
 *   batch 2: records 3,4,5 full at 5 ms     batch 2: records 3,4,5, linger ends at 5 ms
 *            sent 5 -> 5.5 ms                        sent 5 -> 5.5 ms
 * latencies 2.5 1.5 0.5 2.5 1.5 0.5 ms; waits 2 1 0 2 1 0 ms; busy 1 ms over 6 ms
 * </pre>
 */
class LingerModelTest {
    private static final double EPS = 1e-9;

    @Test
    void shouldCloseABatchWhenItIsFull() {
        LingerModel.Outcome o = LingerModel.simulate(6, 100, 100_000, 3, 5, (n, bytes) -> 0.0005);
        assertEquals(3.0, o.meanBatchRecords(), EPS);
        assertEquals(300.0, o.meanBatchBytes(), EPS);
        assertEquals(1.0, o.waitP50Ms(), 1e-6);
        assertEquals(2.0, o.waitP99Ms(), 1e-6);
        assertEquals(1.5, o.latencyP50Ms(), 1e-6);
        assertEquals(2.5, o.latencyP99Ms(), 1e-6);
        assertEquals(1.0 / 6, o.utilisation(), 1e-6);
        assertFalse(o.saturated());
    }

    @Test
    void shouldCloseABatchWhenLingerEnds() {
        LingerModel.Outcome o = LingerModel.simulate(6, 100, 100_000, 10, 2, (n, bytes) -> 0.0005);
        assertEquals(3.0, o.meanBatchRecords(), EPS);
        assertEquals(1.5, o.latencyP50Ms(), 1e-6);
        assertEquals(2.5, o.latencyP999Ms(), 1e-6);
    }

    @Test
    void shouldSendEachRecordAloneWithoutLingerWhenTheSenderIsIdle() {
        // 1 ms apart, 0.5 ms of service: the sender is always free when a record comes.
        LingerModel.Outcome o = LingerModel.simulate(6, 100, 100_000, 10, 0, (n, bytes) -> 0.0005);
        assertEquals(1.0, o.meanBatchRecords(), EPS);
        assertEquals(0.5, o.latencyP99Ms(), 1e-6);
        assertEquals(0.0, o.waitP99Ms(), 1e-6);
    }

    @Test
    void shouldBatchWhatArrivesWhileTheSenderIsBusy() {
        // linger 0 but 2.5 ms of service: records arriving while the sender is busy join the next batch.
        // batch 1: record 0, sent 0 -> 2.5; batch 2: records 1,2 taken at 2.5 -> 5.0;
        // batch 3: records 3,4,5 (record 5 arrives at 5.0, as the sender takes the batch) -> 7.5.
        LingerModel.Outcome o = LingerModel.simulate(6, 100, 100_000, 10, 0, (n, bytes) -> 0.0025);
        assertEquals(2.0, o.meanBatchRecords(), EPS);
        // latencies: 2.5 | 4.0 3.0 | 4.5 3.5 2.5 -> sorted 2.5 2.5 3.0 3.5 4.0 4.5
        assertEquals(3.0, o.latencyP50Ms(), 1e-6);
        assertEquals(4.5, o.latencyP99Ms(), 1e-6);
        assertTrue(o.saturated(), "busy 7.5 ms of 7.5 ms");
    }
}
