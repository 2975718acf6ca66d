package dev.varve.engine.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.log.IndexAppendException.Reason;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetIndexTest {
    private static final long BASE = 1000;

    @TempDir
    Path dir;

    private Path file() {
        return LogFileName.of(BASE, LogFileType.OFFSET_INDEX).resolveIn(dir);
    }

    /** Entries (1010, 0), (1020, 100), (1030, 200) in an index of room for 10. */
    private OffsetIndex threeEntries() {
        OffsetIndex index = OffsetIndex.open(file(), BASE, 83);
        index.append(1010, 0);
        index.append(1020, 100);
        index.append(1030, 200);
        return index;
    }

    @Test
    void shouldFindTheLastEntryAtOrBelowAPosition() {
        try (OffsetIndex index = threeEntries()) {
            assertEquals(new OffsetPosition(1010, 0), index.lookupByPosition(0));
            assertEquals(new OffsetPosition(1010, 0), index.lookupByPosition(99));
            assertEquals(new OffsetPosition(1020, 100), index.lookupByPosition(100));
            assertEquals(new OffsetPosition(1030, 200), index.lookupByPosition(Integer.MAX_VALUE));
        }
        try (OffsetIndex empty = OffsetIndex.open(dir.resolve("empty.index"), BASE, 80)) {
            assertEquals(new OffsetPosition(BASE, 0), empty.lookupByPosition(500));
        }
    }

    @Test
    void shouldPreallocateNewFileToMaxIndexSizeRoundedDownToWholeEntries() throws IOException {
        try (OffsetIndex index = OffsetIndex.open(file(), BASE, 83)) {
            assertEquals(80, Files.size(file()));
            assertEquals(10, index.maxEntries());
            assertEquals(0, index.entries());
            assertEquals(BASE, index.lastOffset());
        }
    }

    @Test
    void shouldRefuseMaxIndexSizeBelowOneEntry() {
        assertThrows(IllegalArgumentException.class, () -> OffsetIndex.open(file(), BASE, 7));
    }

    @Test
    void shouldLookUpLargestEntryAtOrBelowTargetElseBaseOffsetAndPositionZero() {
        try (OffsetIndex index = threeEntries()) {
            assertEquals(new OffsetPosition(BASE, 0), index.lookup(1009));
            assertEquals(new OffsetPosition(BASE, 0), index.lookup(0));
            assertEquals(new OffsetPosition(1010, 0), index.lookup(1010));
            assertEquals(new OffsetPosition(1020, 100), index.lookup(1029));
            assertEquals(new OffsetPosition(1030, 200), index.lookup(Long.MAX_VALUE));
            assertEquals(new OffsetPosition(1020, 100), index.entry(1));
            assertEquals(1030, index.lastOffset());
            assertThrows(IndexOutOfBoundsException.class, () -> index.entry(3));
        }
    }

    @Test
    void shouldRefuseAppendsThatBreakTheFormatAndLeaveTheIndexUnchanged() {
        try (OffsetIndex index = threeEntries()) {
            assertEquals(Reason.OFFSET_NOT_INCREASING, assertThrows(IndexAppendException.class, () -> index.append(1030, 300)).reason());
            assertEquals(Reason.OFFSET_NOT_INCREASING, assertThrows(IndexAppendException.class, () -> index.append(1015, 300)).reason());
            assertEquals(Reason.OFFSET_OUT_OF_RANGE,
                    assertThrows(IndexAppendException.class, () -> index.append(BASE + Integer.MAX_VALUE + 1L, 300)).reason());
            assertTrue(index.canAppendOffset(BASE + Integer.MAX_VALUE));
            assertFalse(index.canAppendOffset(BASE - 1));
            assertEquals(3, index.entries());
            assertEquals(1030, index.lastOffset());
        }
    }

    @Test
    void shouldRefuseOffsetBelowBaseOnEmptyIndex() {
        try (OffsetIndex index = OffsetIndex.open(file(), BASE, 80)) {
            IndexAppendException e = assertThrows(IndexAppendException.class, () -> index.append(BASE - 1, 0));
            assertEquals(Reason.OFFSET_OUT_OF_RANGE, e.reason());
            assertEquals(-1, e.kafkaErrorCode());
        }
    }

    @Test
    void shouldRefuseAppendWhenFull() {
        try (OffsetIndex index = OffsetIndex.open(file(), BASE, 16)) {
            index.append(BASE, 0);
            index.append(BASE + 1, 10);
            assertTrue(index.isFull());
            assertEquals(Reason.INDEX_FULL, assertThrows(IndexAppendException.class, () -> index.append(BASE + 2, 20)).reason());
        }
    }

    @Test
    void shouldTruncateToRemoveEntriesAtOrAboveTheOffset() {
        try (OffsetIndex index = threeEntries()) {
            index.truncateTo(1031);
            assertEquals(3, index.entries());
            index.truncateTo(1021);
            assertEquals(2, index.entries());
            index.truncateTo(1020);
            assertEquals(1, index.entries());
            assertEquals(1010, index.lastOffset());
            index.append(1011, 50);
            assertEquals(new OffsetPosition(1011, 50), index.lookup(2000));
            index.truncate();
            assertEquals(0, index.entries());
            assertEquals(BASE, index.lastOffset());
        }
    }

    @Test
    void shouldTrimOnCloseSoThatReopeningCountsOnlyTheValidEntries() throws IOException {
        threeEntries().close();
        assertEquals(24, Files.size(file()));
        try (OffsetIndex reopened = OffsetIndex.open(file(), BASE, 83)) {
            assertEquals(3, reopened.entries());
            assertEquals(1030, reopened.lastOffset());
            assertTrue(reopened.isFull());
            assertTrue(reopened.resize(83));
            assertEquals(80, reopened.length());
            assertFalse(reopened.resize(80));
            reopened.append(1040, 300);
            assertEquals(new OffsetPosition(1040, 300), reopened.lookup(1040));
        }
        assertEquals(32, Files.size(file()));
    }

    @Test
    void shouldCountTheWholeUntrimmedFileAsEntriesAfterACrashAsKafkaDoes() throws IOException {
        OffsetIndex index = threeEntries();
        index.flush();
        byte[] preallocated = Files.readAllBytes(file());
        index.close();
        Files.write(file(), preallocated); // what a crash before trim leaves: 80 bytes, 3 real entries
        try (OffsetIndex reopened = OffsetIndex.openReadOnly(file(), BASE)) {
            assertEquals(10, reopened.entries());
            assertEquals(new OffsetPosition(BASE, 0), reopened.entry(9));
            assertEquals(BASE, reopened.lastOffset());
            reopened.sanityCheck(); // Kafka's checks cannot see this: the segment must be recovered, not trusted
        }
    }

    @Test
    void shouldOpenAGarbageLengthByFlooringEntriesAndFailSanityCheck() throws IOException {
        threeEntries().close();
        try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw")) {
            raf.setLength(27);
        }
        try (OffsetIndex index = OffsetIndex.open(file(), BASE, 83)) {
            assertEquals(3, index.entries());
            CorruptIndexException e = assertThrows(CorruptIndexException.class, index::sanityCheck);
            assertEquals(CorruptIndexException.Reason.LENGTH_NOT_MULTIPLE_OF_ENTRY_SIZE, e.reason());
            index.trimToValidSize();
            index.sanityCheck();
        }
        assertEquals(24, Files.size(file()));
    }

    @Test
    void shouldFailSanityCheckWhenTheLastOffsetIsBelowTheBaseOffset() throws IOException {
        Files.write(file(), new byte[] {0, 0, 0, 5, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 9});
        try (OffsetIndex index = OffsetIndex.openReadOnly(file(), BASE)) {
            assertEquals(new OffsetPosition(BASE - 1, 9), index.entry(1));
            assertEquals(CorruptIndexException.Reason.LAST_OFFSET_BELOW_BASE_OFFSET,
                    assertThrows(CorruptIndexException.class, index::sanityCheck).reason());
        }
    }

    @Test
    void shouldNeverModifyAReadOnlyIndex() throws IOException {
        threeEntries().close();
        byte[] before = Files.readAllBytes(file());
        try (OffsetIndex index = OffsetIndex.openReadOnly(file(), BASE)) {
            assertThrows(IllegalStateException.class, () -> index.append(2000, 0));
            assertThrows(IllegalStateException.class, () -> index.truncateTo(0));
            index.flush();
        }
        assertArrayEquals(before, Files.readAllBytes(file()));
    }

    @Test
    void shouldRefuseUseAfterCloseAndCloseIdempotently() {
        OffsetIndex index = threeEntries();
        index.close();
        index.close();
        assertThrows(IllegalStateException.class, () -> index.lookup(1010));
        assertThrows(IllegalStateException.class, () -> index.append(2000, 0));
    }

    @Test
    void shouldDeleteTheFileAndRenameIt() {
        OffsetIndex index = threeEntries();
        Path deleted = LogFileName.of(BASE, LogFileType.OFFSET_INDEX).withSuffix(LogFileName.Suffix.DELETED).resolveIn(dir);
        index.renameTo(deleted);
        assertEquals(deleted, index.file());
        assertEquals(new OffsetPosition(1020, 100), index.lookup(1020));
        assertTrue(index.deleteIfExists());
        assertFalse(Files.exists(deleted));
        assertFalse(index.deleteIfExists());
        assertThrows(IllegalStateException.class, () -> index.lookup(1010));
    }

    @Test
    void shouldReportAMissingReadOnlyFileAsAStorageError() {
        assertThrows(dev.varve.engine.api.LogStorageException.class, () -> OffsetIndex.openReadOnly(file(), BASE));
    }

    @Test
    void shouldServeConcurrentReadersWhileOneWriterAppendsTruncatesAndResizes() throws Exception {
        try (OffsetIndex index = OffsetIndex.open(file(), 0, 8 * 20_000)) {
            Thread writer = new Thread(() -> {
                for (int round = 0; round < 20; round++) {
                    for (int i = 1; i <= 5_000; i++) {
                        index.append(index.lastOffset() + 2, i * 10);
                    }
                    index.truncateTo(index.lastOffset() / 2);
                    index.trimToValidSize();
                    index.resize(8 * 20_000);
                }
            });
            writer.start();
            long lookups = 0;
            while (writer.isAlive() || lookups == 0) {
                long target = lookups * 7919 % 100_000;
                OffsetPosition found = index.lookup(target);
                assertTrue(found.offset() <= target, () -> "lookup(" + target + ") = " + found);
                assertTrue(found.offset() % 2 == 0, () -> "lookup(" + target + ") = " + found);
                lookups++;
            }
            writer.join();
        }
    }
}
