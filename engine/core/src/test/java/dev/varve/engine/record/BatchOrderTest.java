package dev.varve.engine.record;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.api.CorruptRecordException.Reason;
import org.junit.jupiter.api.Test;

/** The rules of {@link BatchOrder}, one by one: what Kafka's logs allow passes, the rest is typed corruption. */
class BatchOrderTest {
    private final BatchOrder order = new BatchOrder();

    @Test
    void shouldAcceptContiguousBatchesAndGapsLeftByCompaction() {
        order.startSegment(100, 200);
        assertDoesNotThrow(() -> {
            order.check(100, 4, 0);
            order.check(105, 0, 70);
            order.check(150, 9, 140); // a gap, as compaction leaves
            order.check(160, 0, 210);
        });
        assertEquals(160, order.lastOffset());
    }

    @Test
    void shouldPlaceAnOverlapAtThePreviousBatchSinceEitherMayBeTheDamagedOne() {
        order.startSegment(0, Long.MAX_VALUE);
        order.check(0, 9, 0);
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> order.check(9, 3, 500));
        assertEquals(Reason.BAD_OFFSET, e.reason());
        assertEquals(0, e.position());
    }

    @Test
    void shouldRefuseABatchBelowTheSegmentBaseAtItsOwnPosition() {
        order.startSegment(100, Long.MAX_VALUE);
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> order.check(99, 3, 0));
        assertEquals(Reason.BAD_OFFSET, e.reason());
        assertEquals(0, e.position());
    }

    @Test
    void shouldRefuseOffsetsReachingTheNextSegmentOrBeyondARelativeInt() {
        order.startSegment(100, 200);
        assertEquals(Reason.BAD_OFFSET, assertThrows(CorruptRecordException.class, () -> order.check(195, 5, 0)).reason());
        order.startSegment(100, Long.MAX_VALUE);
        assertEquals(Reason.BAD_OFFSET,
                assertThrows(CorruptRecordException.class, () -> order.check(100 + Integer.MAX_VALUE, 1, 0)).reason());
        order.startSegment(0, Long.MAX_VALUE);
        assertEquals(Reason.BAD_OFFSET, assertThrows(CorruptRecordException.class, () -> order.check(Long.MAX_VALUE, 5, 0)).reason());
    }

    @Test
    void shouldRefuseABaseOffsetWhoseLastOffsetOverflows() {
        order.startLog();
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> order.check(Long.MAX_VALUE - 1, 5, 70));
        assertEquals(Reason.BAD_OFFSET, e.reason());
        assertEquals(70, e.position());
    }
}
