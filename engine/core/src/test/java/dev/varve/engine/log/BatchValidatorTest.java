package dev.varve.engine.log;

import static dev.varve.engine.log.TestBatches.batch;
import static dev.varve.engine.log.TestBatches.batchAt;
import static dev.varve.engine.log.TestBatches.baseOffsets;
import static dev.varve.engine.log.TestBatches.concat;
import static dev.varve.engine.log.TestBatches.copy;
import static dev.varve.engine.log.TestBatches.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.AppendResult;
import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.api.InvalidRecordException;
import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.RecordTooLargeException;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.RecordBatchDescriptor;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.codec.CompressionCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchValidatorTest {
    private static final TopicPartition PARTITION = new TopicPartition("t", 0);
    private static final LogConfig CREATE_TIME = LogConfig.defaults();
    private static final LogConfig LOG_APPEND_TIME = LogConfig.of(Map.of("message.timestamp.type", "LogAppendTime"));

    private final BatchValidator validator = new BatchValidator(PARTITION);

    @AfterEach
    void close() {
        validator.close();
    }

    @Test
    void shouldRefuseRecordsWithoutAKeyInACompactedTopicAsKafkaDoes() {
        ByteBuffer keyless;
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(0);
            builder.append(1, "k".getBytes(StandardCharsets.UTF_8), new byte[1]);
            builder.append(2, null, new byte[1]);
            keyless = copy(builder.build());
        }
        for (String policy : new String[] {"compact", "compact,delete", "delete, compact"}) {
            LogConfig compacted = LogConfig.of(Map.of("cleanup.policy", policy));
            InvalidRecordException e = assertThrows(InvalidRecordException.class,
                    () -> validator.validate(keyless, compacted, 0, 0));
            assertTrue(e.getMessage().contains("null key"), e.getMessage());
        }
        assertEquals(2, validator.validate(keyless, CREATE_TIME, 0, 0).result().recordCount());
        assertEquals(2, validator.validate(batch(1, 2), LogConfig.of(Map.of("cleanup.policy", "compact")), 0, 0)
                .result().recordCount());
    }

    @Test
    void shouldAssignContiguousOffsetsAcrossBatchesOfOneAppend() {
        ByteBuffer input = concat(batch(10, 11, 12), batch(13), batch(14, 15));

        ValidatedAppend validated = validator.validate(input, CREATE_TIME, 100, 0);

        assertEquals(List.of(100L, 103L, 104L), baseOffsets(validated.batches()));
        assertEquals(List.of("100@10", "101@11", "102@12", "103@13", "104@14", "105@15"), records(validated.batches()));
        AppendResult result = validated.result();
        assertEquals(100, result.firstOffset());
        assertEquals(105, result.lastOffset());
        assertEquals(6, result.recordCount());
        assertEquals(3, result.batchCount());
        assertEquals(input.remaining(), result.sizeInBytes());
        assertEquals(-1, result.logAppendTime());
    }

    @Test
    void shouldReuseOneDirectCopyAcrossCallsWhenAskedToAndLeaveTheInputAlone() {
        try (BatchValidator reusing = BatchValidator.withReusedCopy(PARTITION)) {
            ByteBuffer input = concat(batch(10, 11), batch(12));
            ByteBuffer before = copy(input);

            ByteBuffer first = reusing.validate(input, LOG_APPEND_TIME, 0, 99).batches();
            assertTrue(first.isDirect());
            assertEquals(List.of("0@99", "1@99", "2@99"), records(first));
            ByteBuffer second = reusing.validate(input, CREATE_TIME, 7, 0).batches();
            assertEquals(List.of("7@10", "8@11", "9@12"), records(second));
            assertEquals(List.of(7L, 9L), baseOffsets(first), "the first result's bytes were reused by the second call");
            assertEquals(before, input);
        }
    }

    @Test
    void shouldValidateAndRenumberCompressedBatches() {
        ByteBuffer zstd;
        try (RecordBatchBuilder builder = new RecordBatchBuilder(CompressionCodec.ZSTD)) {
            builder.reset(0);
            builder.append(7, null, new byte[] {1});
            builder.append(9, null, new byte[] {2});
            zstd = copy(builder.build());
        }

        ValidatedAppend validated = validator.validate(concat(batch(1), zstd), CREATE_TIME, 40, 0);

        assertEquals(List.of("40@1", "41@7", "42@9"), records(validated.batches()));
        assertEquals(42, validated.result().offsetOfMaxTimestamp());
    }

    @Test
    void shouldRejectACompressedSectionThatDoesNotDecompress() {
        ByteBuffer gzip;
        try (RecordBatchBuilder builder = new RecordBatchBuilder(CompressionCodec.GZIP)) {
            builder.reset(0);
            builder.append(7, null, new byte[100]);
            gzip = copy(builder.build());
        }
        int middle = RecordBatchDescriptor.RECORDS_OFFSET + (gzip.limit() - RecordBatchDescriptor.RECORDS_OFFSET) / 2;
        gzip.put(middle, (byte) ~gzip.get(middle));
        new RecordBatchFlyweight().wrap(gzip, 0).writeCrc();

        assertThrows(CorruptRecordException.class, () -> validator.validate(gzip, CREATE_TIME, 0, 0));
    }

    @Test
    void shouldAcceptAnyIncomingBaseOffsetAndRenumberIt() {
        ValidatedAppend validated = validator.validate(batchAt(987_654, 1, 2), CREATE_TIME, 5, 0);

        assertEquals(List.of(5L), baseOffsets(validated.batches()));
    }

    @Test
    void shouldLeaveTheCallersBufferUntouched() {
        ByteBuffer input = concat(batch(1, 2), batch(3));
        ByteBuffer before = copy(input);
        int position = input.position();

        validator.validate(input, LOG_APPEND_TIME, 42, 999);

        assertEquals(before, input);
        assertEquals(position, input.position());
    }

    @Test
    void shouldRejectTheWholeAppendWhenOneBatchIsCorrupt() {
        ByteBuffer first = batch(1, 2);
        ByteBuffer second = batch(3);
        ByteBuffer input = concat(first, second);
        int secondStart = first.remaining();
        input.put(input.limit() - 1, (byte) (input.get(input.limit() - 1) ^ 1));

        CorruptRecordException e = assertThrows(CorruptRecordException.class,
                () -> validator.validate(input, CREATE_TIME, 0, 0));

        assertEquals(CorruptRecordException.Reason.BAD_CRC, e.reason());
        assertEquals(secondStart, e.position());
    }

    @Test
    void shouldRejectATornLastBatch() {
        ByteBuffer input = concat(batch(1), batch(2));
        input.limit(input.limit() - 3);

        CorruptRecordException e = assertThrows(CorruptRecordException.class,
                () -> validator.validate(input, CREATE_TIME, 0, 0));

        assertEquals(CorruptRecordException.Reason.TRUNCATED, e.reason());
    }

    @Test
    void shouldRejectMagicOtherThanTwo() {
        ByteBuffer input = batch(1);
        input.put(RecordBatchDescriptor.MAGIC_OFFSET, (byte) 1);

        CorruptRecordException e = assertThrows(CorruptRecordException.class,
                () -> validator.validate(input, CREATE_TIME, 0, 0));

        assertEquals(CorruptRecordException.Reason.BAD_MAGIC, e.reason());
    }

    @Test
    void shouldRejectABatchLargerThanMaxMessageBytes() {
        ByteBuffer small = batch(1);
        ByteBuffer large = batch(1, 2, 3, 4, 5, 6, 7, 8);
        LogConfig config = LogConfig.of(Map.of("max.message.bytes", Integer.toString(large.remaining() - 1)));

        assertThrows(RecordTooLargeException.class, () -> validator.validate(concat(small, large), config, 0, 0));
        LogConfig exact = LogConfig.of(Map.of("max.message.bytes", Integer.toString(large.remaining())));
        assertEquals(2, validator.validate(concat(small, large), exact, 0, 0).result().batchCount());
    }

    @Test
    void shouldRejectAnAppendWithoutBatches() {
        assertThrows(InvalidRecordException.class, () -> validator.validate(ByteBuffer.allocate(0), CREATE_TIME, 0, 0));
    }

    @Test
    void shouldRejectABatchWithoutRecords() {
        ByteBuffer empty;
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            empty = copy(builder.reset(0).build());
        }

        assertThrows(InvalidRecordException.class, () -> validator.validate(empty, CREATE_TIME, 0, 0));
    }

    @Test
    void shouldRejectABatchWhoseOffsetRangeDisagreesWithItsCount() {
        ByteBuffer gapped;
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(0);
            builder.appendWithOffset(0, 1, null, ByteBuffer.wrap(new byte[] {1}));
            builder.appendWithOffset(5, 2, null, ByteBuffer.wrap(new byte[] {2}));
            gapped = copy(builder.build());
        }

        assertThrows(InvalidRecordException.class, () -> validator.validate(gapped, CREATE_TIME, 0, 0));
    }

    @Test
    void shouldRejectABatchThatAProducerMarkedLogAppendTime() {
        ByteBuffer stamped;
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(0).logAppendTime(77);
            builder.append(1, null, new byte[] {1});
            stamped = copy(builder.build());
        }

        assertThrows(InvalidRecordException.class, () -> validator.validate(stamped, LOG_APPEND_TIME, 0, 0));
    }

    @Test
    void shouldStampLogAppendTimeAndKeepTheCrcValid() {
        ValidatedAppend validated = validator.validate(concat(batch(1, 2), batch(3)), LOG_APPEND_TIME, 10, 5_000);

        assertEquals(List.of("10@5000", "11@5000", "12@5000"), records(validated.batches()));
        assertEquals(5_000, validated.result().logAppendTime());
        assertEquals(5_000, validated.result().maxTimestamp());
        assertEquals(12, validated.result().offsetOfMaxTimestamp());
    }

    @Test
    void shouldReportTheLastOffsetOfTheFirstBatchHoldingTheLargestTimestamp() {
        ByteBuffer input = concat(batch(5, 1), batch(9, 2, 3), batch(4), batch(9));

        AppendResult result = validator.validate(input, CREATE_TIME, 0, 0).result();

        assertEquals(9, result.maxTimestamp());
        assertEquals(4, result.offsetOfMaxTimestamp());
    }

    @Test
    void shouldReportNoMaxTimestampOffsetWhenNoRecordHasATimestamp() {
        AppendResult result = validator.validate(batch(-1, -1), CREATE_TIME, 0, 0).result();

        assertEquals(-1, result.maxTimestamp());
        assertEquals(-1, result.offsetOfMaxTimestamp());
    }

    @Test
    void shouldCorrectAHeaderMaxTimestampThatDisagreesWithTheRecords() {
        ByteBuffer input = batch(3, 8, 5);
        RecordBatchFlyweight header = new RecordBatchFlyweight().wrap(input, 0);
        header.setMaxTimestamp(1_000);

        ValidatedAppend validated = validator.validate(input, CREATE_TIME, 0, 0);

        RecordBatchReader reader = new RecordBatchReader().reset(validated.batches());
        assertTrue(reader.next());
        assertEquals(8, reader.batch().maxTimestamp());
        assertEquals(8, validated.result().maxTimestamp());
    }
}
