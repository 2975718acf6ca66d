package dev.varve.engine.log;

import static dev.varve.engine.log.TestBatches.batch;
import static dev.varve.engine.log.TestBatches.batchAt;
import static dev.varve.engine.log.TestBatches.baseOffsets;
import static dev.varve.engine.log.TestBatches.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.varve.engine.api.AppendResult;
import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.LogEngine;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.RecordTooLargeException;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.api.UnexpectedAppendOffsetException;
import dev.varve.engine.memory.MemoryLogEngine;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.segmented.SegmentedLogEngine;
import dev.varve.engine.spi.EngineContext;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The replica appends of the SPI ({@code appendAsLeader}, {@code appendAsFollower}) on both engines. */
class ReplicaAppendTest {
    private static final TopicPartition PARTITION = new TopicPartition("replicated", 0);
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(9_000), ZoneOffset.UTC);

    @TempDir
    Path directory;

    private void withLog(String engineName, LogConfig config, java.util.function.Consumer<PartitionLog> test) {
        EngineContext context = new EngineContext(directory, CLOCK);
        Function<EngineContext, LogEngine> open = engineName.equals("memory") ? MemoryLogEngine::open : SegmentedLogEngine::open;
        try (LogEngine engine = open.apply(context)) {
            test.accept(engine.open(PARTITION, config));
        } finally {
            MemoryLogEngine.discard(directory);
        }
    }

    private static List<long[]> offsetsAndEpochs(PartitionLog log) {
        ByteBuffer bytes = log.read(log.logStartOffset(), Integer.MAX_VALUE, Long.MAX_VALUE).records().toBuffer();
        RecordBatchReader reader = new RecordBatchReader().reset(bytes);
        List<long[]> found = new ArrayList<>();
        while (reader.next()) {
            RecordBatchFlyweight batch = reader.batch();
            found.add(new long[] {batch.baseOffset(), batch.lastOffset(), batch.partitionLeaderEpoch()});
        }
        return found;
    }

    private static String describe(List<long[]> batches) {
        StringBuilder text = new StringBuilder();
        batches.forEach(b -> text.append('[').append(b[0]).append('-').append(b[1]).append('@').append(b[2]).append(']'));
        return text.toString();
    }

    /** Batches as a leader would send them: at {@code baseOffset}, stamped with {@code epoch}. */
    private static ByteBuffer fetched(long baseOffset, int epoch, int records) {
        long[] timestamps = new long[records];
        java.util.Arrays.fill(timestamps, 5_000L);
        ByteBuffer batch = batchAt(baseOffset, timestamps);
        new RecordBatchFlyweight().wrap(batch, 0).setPartitionLeaderEpoch(epoch);
        return batch;
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "segmented"})
    void shouldStampTheLeaderEpochIntoEveryBatchOfALeaderAppend(String engine) {
        withLog(engine, LogConfig.defaults(), log -> {
            log.appendAsLeader(concat(batch(1, 2), batch(3)), 4);
            log.appendAsLeader(batch(4, 5, 6), 7);
            log.append(batch(7));
            assertEquals("[0-1@4][2-2@4][3-5@7][6-6@-1]", describe(offsetsAndEpochs(log)));
            assertThrows(IllegalArgumentException.class, () -> log.appendAsLeader(batch(1), -1));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "segmented"})
    void shouldKeepOffsetsAndEpochsOfAFollowerAppend(String engine) {
        withLog(engine, LogConfig.of(Map.of("message.timestamp.type", "LogAppendTime")), log -> {
            AppendResult result = log.appendAsFollower(concat(fetched(0, 0, 2), fetched(2, 3, 1)));
            assertEquals(0, result.firstOffset());
            assertEquals(2, result.lastOffset());
            assertEquals(-1, result.logAppendTime());
            assertEquals(5_000L, result.maxTimestamp());
            log.appendAsFollower(fetched(3, 5, 3));
            assertEquals("[0-1@0][2-2@3][3-5@5]", describe(offsetsAndEpochs(log)));
            assertEquals(6, log.logEndOffset());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "segmented"})
    void shouldRefuseAFollowerAppendThatDoesNotContinueTheLog(String engine) {
        withLog(engine, LogConfig.defaults(), log -> {
            log.appendAsFollower(fetched(0, 0, 2));
            UnexpectedAppendOffsetException behind = assertThrows(UnexpectedAppendOffsetException.class,
                    () -> log.appendAsFollower(fetched(1, 0, 2)));
            assertEquals(2, behind.expectedOffset());
            assertEquals(1, behind.actualOffset());
            assertThrows(UnexpectedAppendOffsetException.class, () -> log.appendAsFollower(fetched(3, 0, 1)));
            UnexpectedAppendOffsetException gap = assertThrows(UnexpectedAppendOffsetException.class,
                    () -> log.appendAsFollower(concat(fetched(2, 0, 1), fetched(4, 0, 1))));
            assertEquals(3, gap.expectedOffset());
            assertEquals(List.of(0L), baseOffsets(log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE).records().toBuffer()));
            assertEquals(2, log.logEndOffset());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "segmented"})
    void shouldRefuseACorruptOrOversizedFollowerAppend(String engine) {
        withLog(engine, LogConfig.of(Map.of("max.message.bytes", "200")), log -> {
            ByteBuffer corrupt = fetched(0, 0, 1);
            int last = corrupt.limit() - 1;
            corrupt.put(last, (byte) ~corrupt.get(last));
            CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> log.appendAsFollower(corrupt));
            assertEquals(CorruptRecordException.Reason.BAD_CRC, e.reason());
            assertThrows(RecordTooLargeException.class, () -> log.appendAsFollower(fetched(0, 0, 40)));
            assertEquals(0, log.logEndOffset());
        });
    }
}
