package dev.varve.engine.memory;

import static dev.varve.engine.log.TestBatches.batch;
import static dev.varve.engine.log.TestBatches.baseOffsets;
import static dev.varve.engine.log.TestBatches.concat;
import static dev.varve.engine.log.TestBatches.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.LogEngine;
import dev.varve.engine.api.LogEngines;
import dev.varve.engine.api.OffsetOutOfRangeException;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.ReadResult;
import dev.varve.engine.api.TimestampOffset;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.spi.EngineContext;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryLogEngineTest {
    private static final TopicPartition PARTITION = new TopicPartition("orders", 0);
    private static final long NO_BOUND = Long.MAX_VALUE;

    @TempDir
    Path directory;
    private MemoryLogEngine engine;

    private MemoryLogEngine engine() {
        if (engine == null) {
            engine = MemoryLogEngine.open(new EngineContext(directory, Clock.fixed(Instant.ofEpochMilli(7_000), ZoneOffset.UTC)));
        }
        return engine;
    }

    private PartitionLog log() {
        return engine().open(PARTITION, LogConfig.defaults());
    }

    private MemoryLogEngine reopen() {
        engine = null;
        return engine();
    }

    @AfterEach
    void discard() {
        if (engine != null) {
            engine.close();
        }
        MemoryLogEngine.discard(directory);
    }

    /** Batches [0-2] [3] [4-5], timestamps = offset * 10. */
    private PartitionLog logWithThreeBatches() {
        PartitionLog log = log();
        log.append(concat(batch(0, 10, 20), batch(30), batch(40, 50)));
        return log;
    }

    @Test
    void shouldBeFoundByItsRegisteredName() {
        try (LogEngine found = LogEngines.open("memory", directory.resolve("other"))) {
            assertEquals("memory", found.name());
        }
        MemoryLogEngine.discard(directory.resolve("other"));
    }

    @Test
    void shouldReturnTheSameInstanceWhenALogIsOpenedTwice() {
        assertSame(log(), log());
    }

    @Test
    void shouldAssignOffsetsFromTheLogEnd() {
        PartitionLog log = log();
        log.append(batch(1, 2));

        assertEquals(2, log.append(batch(3)).firstOffset());
        assertEquals(3, log.logEndOffset());
    }

    @Test
    void shouldReadWholeBatchesFromTheOneHoldingTheStartOffset() {
        PartitionLog log = logWithThreeBatches();
        ReadResult result = log.read(5, 1 << 20, NO_BOUND);

        assertEquals(ReadResult.Status.OK, result.status());
        assertEquals(List.of(4L), baseOffsets(result.records().toBuffer()));
        assertEquals(List.of(3L, 4L), baseOffsets(log.read(3, 1 << 20, NO_BOUND).records().toBuffer()));
        assertEquals(List.of(0L, 3L, 4L), baseOffsets(log.read(1, 1 << 20, NO_BOUND).records().toBuffer()));
    }

    @Test
    void shouldReturnTheFirstBatchWholeWhenItExceedsMaxBytes() {
        ReadResult result = logWithThreeBatches().read(0, 1, NO_BOUND);

        assertEquals(List.of("0@0", "1@10", "2@20"), records(result.records().toBuffer()));
    }

    @Test
    void shouldStopBeforeTheBatchThatNoLongerFitsInMaxBytes() {
        PartitionLog log = logWithThreeBatches();
        int firstTwo = log.read(0, 1 << 20, 4).records().sizeInBytes();

        assertEquals(List.of(0L, 3L), baseOffsets(log.read(0, firstTwo + 1, NO_BOUND).records().toBuffer()));
    }

    @Test
    void shouldStopBeforeTheBatchHoldingMaxOffset() {
        PartitionLog log = logWithThreeBatches();

        assertEquals(List.of(0L, 3L, 4L), baseOffsets(log.read(0, 1 << 20, 6).records().toBuffer()));
        assertEquals(List.of(0L, 3L), baseOffsets(log.read(0, 1 << 20, 4).records().toBuffer()));
        assertEquals(List.of(0L), baseOffsets(log.read(0, 1 << 20, 3).records().toBuffer()));
        assertEquals(List.of(), baseOffsets(log.read(0, 1 << 20, 1).records().toBuffer()));
        assertEquals(0, log.read(3, 1 << 20, 3).records().sizeInBytes());
    }

    @Test
    void shouldReportOffsetOutOfRangeOutsideTheLogAndNothingAtTheEnd() {
        PartitionLog log = logWithThreeBatches();
        log.deleteRecordsBefore(2);

        assertEquals(ReadResult.Status.OFFSET_OUT_OF_RANGE, log.read(1, 100, NO_BOUND).status());
        assertEquals(ReadResult.Status.OFFSET_OUT_OF_RANGE, log.read(7, 100, NO_BOUND).status());
        ReadResult atEnd = log.read(6, 100, NO_BOUND);
        assertEquals(ReadResult.Status.OK, atEnd.status());
        assertEquals(0, atEnd.records().sizeInBytes());
        assertEquals(2, atEnd.logStartOffset());
        assertEquals(6, atEnd.logEndOffset());
    }

    @Test
    void shouldFindTheFirstOffsetWhoseTimestampIsAtOrAfterTheTarget() {
        PartitionLog log = log();
        log.append(concat(batch(100, 300, 200), batch(150), batch(400, 250)));

        assertEquals(new TimestampOffset(300, 1), log.offsetForTimestamp(201));
        assertEquals(new TimestampOffset(300, 1), log.offsetForTimestamp(200));
        assertEquals(new TimestampOffset(100, 0), log.offsetForTimestamp(0));
        assertEquals(new TimestampOffset(400, 4), log.offsetForTimestamp(301));
        assertNull(log.offsetForTimestamp(401));
    }

    @Test
    void shouldSkipRecordsBelowTheLogStartWhenLookingUpByTimestamp() {
        PartitionLog log = log();
        log.append(batch(500, 100, 600));
        log.deleteRecordsBefore(1);

        assertEquals(new TimestampOffset(600, 2), log.offsetForTimestamp(500));
    }

    @Test
    void shouldAnswerEarliestAndLatestWithTheLogBounds() {
        PartitionLog log = logWithThreeBatches();
        log.deleteRecordsBefore(1);

        assertEquals(1, log.offsetForTimestamp(TimestampOffset.EARLIEST).offset());
        assertEquals(6, log.offsetForTimestamp(TimestampOffset.LATEST).offset());
    }

    @Test
    void shouldStampLogAppendTimeFromTheEngineClock() {
        PartitionLog log = engine().open(PARTITION, LogConfig.of(Map.of("message.timestamp.type", "LogAppendTime")));

        assertEquals(7_000, log.append(batch(1, 2)).logAppendTime());
        assertEquals(List.of("0@7000", "1@7000"), records(log.read(0, 100, NO_BOUND).records().toBuffer()));
    }

    @Test
    void shouldLeaveTheLogUnchangedWhenAnAppendIsRejected() {
        PartitionLog log = logWithThreeBatches();
        ByteBuffer bad = concat(batch(1), batch(2));
        bad.put(bad.limit() - 1, (byte) 0x7f);

        assertThrows(CorruptRecordException.class, () -> log.append(bad));
        assertEquals(6, log.logEndOffset());
        assertEquals(6, log.append(batch(60)).firstOffset());
    }

    @Test
    void shouldKeepEverythingAcrossCloseAndReopen() {
        logWithThreeBatches();
        engine().close();

        PartitionLog log = reopen().open(PARTITION, LogConfig.defaults());

        assertEquals(6, log.logEndOffset());
        assertEquals(Set.of(PARTITION), engine().partitions());
    }

    @Test
    void shouldLoseOnlyTheUnflushedTailOnCrash() {
        PartitionLog log = log();
        log.append(batch(1, 2));
        log.flush();
        log.append(batch(3));
        log.append(batch(4));
        engine().crash();

        PartitionLog reopened = reopen().open(PARTITION, LogConfig.defaults());

        assertEquals(2, reopened.logEndOffset());
        assertEquals(List.of("0@1", "1@2"), records(reopened.read(0, 1 << 20, NO_BOUND).records().toBuffer()));
        assertEquals(2, reopened.append(batch(5)).firstOffset());
    }

    @Test
    void shouldRefuseCallsOnALogOrEngineAfterACrash() {
        PartitionLog log = log();
        MemoryLogEngine crashed = engine();
        crashed.crash();

        assertThrows(IllegalStateException.class, log::logEndOffset);
        assertThrows(IllegalStateException.class, () -> crashed.open(PARTITION, LogConfig.defaults()));
    }

    @Test
    void shouldRefuseCallsButCloseOnAClosedLog() {
        PartitionLog log = log();
        log.close();
        log.close();

        assertThrows(IllegalStateException.class, () -> log.append(batch(1)));
        assertTrue(log != log());
    }

    @Test
    void shouldRemoveTheWholeBatchHoldingTheTruncationOffset() {
        PartitionLog log = logWithThreeBatches();

        log.truncateTo(5);
        assertEquals(4, log.logEndOffset());
        log.truncateTo(3);
        assertEquals(3, log.logEndOffset());
        log.truncateTo(99);
        assertEquals(3, log.logEndOffset());
        assertEquals(List.of(0L), baseOffsets(log.read(0, 1 << 20, NO_BOUND).records().toBuffer()));
    }

    @Test
    void shouldRestartTheLogAtTheOffsetWhenTruncatingBelowTheLogStart() {
        PartitionLog log = logWithThreeBatches();
        log.deleteRecordsBefore(4);

        log.truncateTo(2);

        assertEquals(2, log.logStartOffset());
        assertEquals(2, log.logEndOffset());
        assertEquals(2, log.append(batch(1)).firstOffset());
    }

    @Test
    void shouldAdvanceTheLogStartAndRefuseOffsetsPastTheEnd() {
        PartitionLog log = logWithThreeBatches();

        assertEquals(4, log.deleteRecordsBefore(4));
        assertEquals(4, log.deleteRecordsBefore(1));
        assertThrows(OffsetOutOfRangeException.class, () -> log.deleteRecordsBefore(7));
        assertEquals(6, log.deleteRecordsBefore(6));
        assertEquals(0, log.read(6, 100, NO_BOUND).records().sizeInBytes());
    }

    @Test
    void shouldRestartEmptyAtTheLogStartWhenDeletedRecordsWereNeverFlushed() {
        PartitionLog log = log();
        log.append(batch(1));
        log.flush();
        log.append(batch(2, 3, 4));
        log.deleteRecordsBefore(3);
        engine().crash();

        PartitionLog reopened = reopen().open(PARTITION, LogConfig.defaults());

        assertEquals(3, reopened.logStartOffset());
        assertEquals(3, reopened.logEndOffset());
    }

    @Test
    void shouldListAndDeletePartitions() {
        TopicPartition other = new TopicPartition("orders", 1);
        logWithThreeBatches();
        engine().open(other, LogConfig.defaults());

        assertEquals(Set.of(PARTITION, other), engine().partitions());
        engine().delete(PARTITION);
        assertEquals(Set.of(other), engine().partitions());
        assertEquals(0, log().logEndOffset());
    }

    @Test
    void shouldRefuseASecondEngineOnTheSameDirectory() {
        engine();

        assertThrows(IllegalStateException.class,
                () -> MemoryLogEngine.open(new EngineContext(directory, Clock.systemUTC())));
    }
}
