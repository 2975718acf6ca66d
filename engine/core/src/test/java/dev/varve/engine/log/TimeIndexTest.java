package dev.varve.engine.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.log.IndexAppendException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeIndexTest {
    private static final long BASE = 500;
    private static final long NO_TIMESTAMP = TimeIndexDescriptor.NO_TIMESTAMP;

    @TempDir
    Path dir;

    private Path file() {
        return LogFileName.of(BASE, LogFileType.TIME_INDEX).resolveIn(dir);
    }

    /** Entries (t=100, 510), (t=200, 520), (t=300, 530) in an index of room for 10. */
    private TimeIndex threeEntries() {
        TimeIndex index = TimeIndex.open(file(), BASE, 125);
        index.maybeAppend(100, 510, false);
        index.maybeAppend(200, 520, false);
        index.maybeAppend(300, 530, false);
        return index;
    }

    @Test
    void shouldPreallocateToWholeTwelveByteEntries() throws IOException {
        try (TimeIndex index = TimeIndex.open(file(), BASE, 125)) {
            assertEquals(120, Files.size(file()));
            assertEquals(10, index.maxEntries());
            assertEquals(new TimeIndexEntry(NO_TIMESTAMP, BASE), index.lastEntry());
        }
    }

    @Test
    void shouldLookUpLargestTimestampAtOrBelowTargetElseNoTimestampAndBaseOffset() {
        try (TimeIndex index = threeEntries()) {
            assertEquals(new TimeIndexEntry(NO_TIMESTAMP, BASE), index.lookup(99));
            assertEquals(new TimeIndexEntry(100, 510), index.lookup(100));
            assertEquals(new TimeIndexEntry(200, 520), index.lookup(299));
            assertEquals(new TimeIndexEntry(300, 530), index.lookup(Long.MAX_VALUE));
            assertEquals(new TimeIndexEntry(300, 530), index.lastEntry());
            assertEquals(new TimeIndexEntry(200, 520), index.entry(1));
        }
    }

    @Test
    void shouldAppendOnlyTimestampsNewerThanTheLastEntry() {
        try (TimeIndex index = threeEntries()) {
            index.maybeAppend(300, 530, true); // the final entry written again on close: ignored
            index.maybeAppend(300, 540, false); // same timestamp, later offset: ignored
            assertEquals(3, index.entries());
            index.maybeAppend(301, 540, false);
            index.maybeAppend(302, 540, false); // same offset, newer timestamp: appended, as in Kafka
            assertEquals(new TimeIndexEntry(302, 540), index.lastEntry());
            assertEquals(5, index.entries());
        }
    }

    @Test
    void shouldStayEmptyWhenRecordsHaveNoTimestamp() {
        try (TimeIndex index = TimeIndex.open(file(), BASE, 120)) {
            index.maybeAppend(NO_TIMESTAMP, 510, false);
            assertEquals(0, index.entries());
        }
    }

    @Test
    void shouldRefuseDecreasingTimestampOrOffset() {
        try (TimeIndex index = threeEntries()) {
            assertEquals(Reason.TIMESTAMP_DECREASING,
                    assertThrows(IndexAppendException.class, () -> index.maybeAppend(299, 540, false)).reason());
            assertEquals(Reason.OFFSET_NOT_INCREASING,
                    assertThrows(IndexAppendException.class, () -> index.maybeAppend(400, 529, false)).reason());
            assertEquals(Reason.OFFSET_OUT_OF_RANGE,
                    assertThrows(IndexAppendException.class, () -> index.maybeAppend(400, BASE + (1L << 31), false)).reason());
            assertEquals(3, index.entries());
        }
    }

    @Test
    void shouldKeepTheLastSlotForTheFinalEntryOfARollingSegment() {
        try (TimeIndex index = TimeIndex.open(file(), BASE, 36)) {
            index.maybeAppend(1, 500, false);
            assertFalse(index.isFull());
            index.maybeAppend(2, 501, false);
            assertTrue(index.isFull());
            assertEquals(Reason.INDEX_FULL, assertThrows(IndexAppendException.class, () -> index.maybeAppend(3, 502, false)).reason());
            index.maybeAppend(3, 502, true);
            assertEquals(3, index.entries());
            assertEquals(Reason.INDEX_FULL, assertThrows(IndexAppendException.class, () -> index.maybeAppend(4, 503, true)).reason());
            index.maybeAppend(3, 502, true); // not newer: ignored even with no slot left
        }
    }

    @Test
    void shouldTruncateByOffsetAndRefreshTheLastEntry() {
        try (TimeIndex index = threeEntries()) {
            index.truncateTo(521);
            assertEquals(new TimeIndexEntry(200, 520), index.lastEntry());
            index.truncateTo(520);
            assertEquals(new TimeIndexEntry(100, 510), index.lastEntry());
            index.maybeAppend(150, 515, false);
            assertEquals(new TimeIndexEntry(150, 515), index.lookup(199));
            index.truncate();
            assertEquals(new TimeIndexEntry(NO_TIMESTAMP, BASE), index.lastEntry());
        }
    }

    @Test
    void shouldTruncateAwayEveryEntryOfARepeatedOffset() {
        try (TimeIndex index = threeEntries()) {
            index.maybeAppend(301, 540, false);
            index.maybeAppend(302, 540, false);
            index.truncateTo(540);
            assertEquals(new TimeIndexEntry(300, 530), index.lastEntry());
        }
    }

    @Test
    void shouldFailSanityCheckOnAnUntrimmedFileReopenedAfterACrash() throws IOException {
        TimeIndex index = threeEntries();
        byte[] preallocated = Files.readAllBytes(file());
        index.close();
        assertEquals(36, Files.size(file()));
        Files.write(file(), preallocated);
        try (TimeIndex reopened = TimeIndex.openReadOnly(file(), BASE)) {
            assertEquals(10, reopened.entries());
            assertEquals(new TimeIndexEntry(0, BASE), reopened.lastEntry());
            CorruptIndexException e = assertThrows(CorruptIndexException.class, reopened::sanityCheck);
            assertEquals(CorruptIndexException.Reason.LAST_TIMESTAMP_BELOW_FIRST, e.reason());
        }
    }

    @Test
    void shouldFailSanityCheckOnALengthThatIsNotWholeEntries() throws IOException {
        threeEntries().close();
        Files.write(file(), new byte[5], java.nio.file.StandardOpenOption.APPEND);
        try (TimeIndex index = TimeIndex.openReadOnly(file(), BASE)) {
            assertEquals(3, index.entries());
            assertEquals(CorruptIndexException.Reason.LENGTH_NOT_MULTIPLE_OF_ENTRY_SIZE,
                    assertThrows(CorruptIndexException.class, index::sanityCheck).reason());
        }
    }

    @Test
    void shouldKeepEntriesAcrossTrimAndResize() {
        try (TimeIndex index = threeEntries()) {
            index.trimToValidSize();
            assertEquals(36, index.length());
            assertTrue(index.isFull());
            assertTrue(index.resize(125));
            assertEquals(new TimeIndexEntry(300, 530), index.lastEntry());
            index.maybeAppend(400, 540, false);
            assertEquals(4, index.entries());
            assertThrows(IllegalArgumentException.class, () -> index.resize(47));
        }
    }
}
