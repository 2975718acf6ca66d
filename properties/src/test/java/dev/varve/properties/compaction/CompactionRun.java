package dev.varve.properties.compaction;

import static dev.varve.properties.engine.StepTrace.check;

import dev.varve.compaction.CleanerCheckpoint;
import dev.varve.compaction.CleaningSummary;
import dev.varve.compaction.LogCleaner;
import dev.varve.compaction.OffsetMap;
import dev.varve.engine.api.AppendResult;
import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.LogConfigKey;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.log.OffsetCheckpointFile;
import dev.varve.engine.record.ControlRecordType;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.codec.CompressionCodec;
import dev.varve.engine.segmented.CleanableLog.ClosedSegment;
import dev.varve.engine.segmented.SegmentedLogEngine;
import dev.varve.engine.spi.EngineContext;
import dev.varve.properties.compaction.CompactedLogModel.Written;
import dev.varve.properties.compaction.CompactionActions.Action;
import dev.varve.properties.compaction.CompactionActions.CrashKind;
import dev.varve.properties.compaction.CompactionActions.Put;
import dev.varve.properties.engine.KitClock;
import dev.varve.properties.engine.StepTrace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One compaction scenario run: drives a {@code segmented} engine and a {@link LogCleaner} on real files
 * with a controlled clock, mirrors every step in a {@link CompactedLogModel}, and after every step reads
 * the whole log as a consumer would and checks the invariants, then the model's exact content.
 * A failure is an {@link AssertionError} naming the step, the model and the trace of steps. Not thread-safe.
 */
final class CompactionRun implements AutoCloseable {
    static final TopicPartition PARTITION = new TopicPartition("compacted", 0);
    private static final List<CompressionCodec> CODECS = List.of(CompressionCodec.values());
    private static final long START_MS = 1_700_000_000_000L;
    /** Small reads, so a consumer's fetches often start inside the holes a cleaning leaves. */
    private static final int READ_BYTES = 300;

    private final Path directory;
    private final CompactionScenario scenario;
    private final KitClock clock = new KitClock(START_MS);
    private final LogConfig config;
    private final CompactedLogModel model;
    private final StepTrace trace = new StepTrace("compaction property");
    private SegmentedLogEngine engine;
    private CleanerCheckpoint cleanerCheckpoint;
    private PartitionLog log;

    private CompactionRun(Path directory, CompactionScenario scenario) {
        this.directory = directory;
        this.scenario = scenario;
        Map<String, String> overrides = new HashMap<>(scenario.config());
        overrides.put("cleanup.policy", "compact");
        this.config = LogConfig.of(overrides);
        this.model = new CompactedLogModel(config.getLong(LogConfigKey.DELETE_RETENTION_MS));
    }

    /** Runs {@code scenario} on a fresh engine over the empty folder {@code directory}. */
    static void run(Path directory, CompactionScenario scenario) {
        try (CompactionRun run = new CompactionRun(directory, scenario)) {
            run.open();
            int step = 0;
            for (Action action : scenario.actions()) {
                run.step(++step, action);
            }
        }
    }

    private void open() {
        engine = SegmentedLogEngine.open(new EngineContext(directory, clock));
        cleanerCheckpoint = new CleanerCheckpoint(directory);
        log = engine.open(PARTITION, config);
    }

    private void step(int number, Action action) {
        trace.step(number, action, () -> {
            action.applyTo(this);
            checkLog();
        }, model::toString);
    }

    void append(CompactionActions.Append append) {
        appendBatch(Math.floorMod(append.codec(), CODECS.size()), -1, append.records());
    }

    void transaction(CompactionActions.Transaction transaction) {
        long producerId = 1 + Math.floorMod(transaction.producer(), 3);
        appendBatch(Math.floorMod(transaction.records().size(), CODECS.size()), producerId, transaction.records());
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(0).producer(producerId, (short) 0, -1);
            builder.appendEndTxnMarker(transaction.commit() ? ControlRecordType.COMMIT : ControlRecordType.ABORT, clock.millis(), 0);
            AppendResult result = log.append(copy(builder.build()));
            check(result.firstOffset() == model.logEndOffset, "marker at " + result.firstOffset() + ", expected " + model.logEndOffset);
            model.appendMarker(result.lastOffset());
        }
    }

    /** Appends one batch of {@code puts}, transactional for {@code producerId} unless it is -1. */
    private void appendBatch(int codec, long producerId, List<Put> puts) {
        long now = clock.millis();
        List<Written> records = new ArrayList<>();
        long offset = model.logEndOffset;
        try (RecordBatchBuilder builder = new RecordBatchBuilder(CODECS.get(codec))) {
            builder.reset(0);
            if (producerId >= 0) {
                builder.producer(producerId, (short) 0, 0).transactional(true);
            }
            for (Put put : puts) {
                String key = "k" + Math.floorMod(put.key(), scenario.keys());
                byte[] value = value(put);
                builder.append(now, key.getBytes(StandardCharsets.UTF_8), value);
                records.add(new Written(offset++, key, value, producerId >= 0));
            }
            AppendResult result = log.append(copy(builder.build()));
            check(result.firstOffset() == model.logEndOffset, "append at " + result.firstOffset() + ", expected " + model.logEndOffset);
        }
        model.append(records);
    }

    private static ByteBuffer copy(ByteBuffer built) {
        return ByteBuffer.allocate(built.remaining()).put(built).flip();
    }

    /** The value of {@code put}: {@code valueLength} bytes of {@code salt}, or null for a tombstone. */
    private static byte[] value(Put put) {
        byte[] value = put.valueLength() < 0 ? null : new byte[put.valueLength()];
        if (value != null) {
            Arrays.fill(value, (byte) put.salt());
        }
        return value;
    }

    void clean(CompactionActions.Clean clean) {
        long end = log.logEndOffset();
        List<ClosedSegment> closed = engine.cleanable(PARTITION).closedSegments();
        int mapBytes = (int) (Math.max(2, clean.mapKeys()) / OffsetMap.LOAD_FACTOR + 1) * OffsetMap.BYTES_PER_ENTRY;
        CleaningSummary summary;
        try (LogCleaner cleaner = new LogCleaner(cleanerCheckpoint, new OffsetMap(mapBytes), 4096, clock)) {
            summary = cleaner.clean(engine.cleanable(PARTITION));
        }
        trace.note("cleaned [" + summary.firstDirtyOffset() + ", " + summary.cleanedUpTo() + "), segments "
                + summary.segmentsBefore() + " -> " + summary.segmentsAfter());
        check(log.logEndOffset() == end, "a cleaning moved the log end from " + end + " to " + log.logEndOffset());
        if (summary.cleanedAnything()) {
            model.clean(closed, summary.firstDirtyOffset(), summary.cleanedUpTo(), clock.millis());
        }
    }

    void roll() {
        log.roll();
    }

    void tick(CompactionActions.Tick tick) {
        clock.advance(tick.millis());
    }

    void flush() {
        log.flush();
        model.flush();
    }

    void crash(CompactionActions.Crash crash) {
        boolean powerLoss = crash.kind() == CrashKind.POWER_LOSS || crash.kind() == CrashKind.POWER_LOSS_NO_RECOVERY_POINT;
        if (powerLoss) {
            engine.losePowerAndHalt(crash.seed());
        } else {
            engine.halt();
        }
        Path recoveryPoint = directory.resolve(OffsetCheckpointFile.RECOVERY_POINT);
        try {
            if (crash.kind() == CrashKind.POWER_LOSS_NO_RECOVERY_POINT) {
                Files.deleteIfExists(recoveryPoint);
            } else if (crash.kind() == CrashKind.HALT_CORRUPT_RECOVERY_POINT) {
                Files.writeString(recoveryPoint, "0\n1\ngarbage");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        open();
        long end = log.logEndOffset();
        trace.note("recovered to " + end);
        long floor = powerLoss ? model.durableEndOffset : model.logEndOffset;
        check(end >= floor && end <= model.logEndOffset, "recovered log end " + end + " outside [" + floor + ", "
                + model.logEndOffset + "]: " + (end < floor ? "durable data lost" : "data invented"));
        check(model.isBatchBoundary(end), "recovered log end " + end + " is inside a batch");
        model.recovered(end);
    }

    void reopen() {
        engine.close();
        model.flush();
        open();
    }

    /** Reads the log from its start as a consumer does and checks it against what was written and the model. */
    private void checkLog() {
        check(log.logEndOffset() == model.logEndOffset, "log end " + log.logEndOffset() + ", expected " + model.logEndOffset);
        List<Written> read = ConsumerView.readAll(log, READ_BYTES);
        long previous = -1;
        Map<Long, Written> readByOffset = new HashMap<>();
        for (Written record : read) {
            Written original = model.written.get(record.offset());
            check(record.offset() > previous, "offset " + record.offset() + " read after " + previous + ": out of order");
            check(original != null && original.sameAs(record),
                    "read " + record + " but wrote " + original + " there: not a subsequence of what was written");
            previous = record.offset();
            readByOffset.put(record.offset(), record);
        }
        long now = clock.millis();
        for (Written last : model.lastByKey().values()) {
            boolean present = readByOffset.containsKey(last.offset());
            Long horizon = model.horizons.get(last.offset());
            check(present || last.tombstone(), "key " + last.key() + ": its latest value at " + last.offset() + " is not readable");
            check(present || horizon != null && now >= horizon, "key " + last.key() + ": its tombstone at " + last.offset()
                    + " was removed before its delete horizon " + horizon + " (now " + now + ")");
        }
        check(readByOffset.keySet().equals(model.live), "read offsets " + new java.util.TreeSet<>(readByOffset.keySet())
                + " but Kafka's rules keep " + model.live);
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
    }
}
