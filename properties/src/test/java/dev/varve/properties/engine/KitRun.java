package dev.varve.properties.engine;

import dev.varve.engine.api.AppendResult;
import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.LogEngine;
import dev.varve.engine.api.OffsetOutOfRangeException;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.ReadResult;
import dev.varve.engine.api.RecordTooLargeException;
import dev.varve.engine.api.TimestampOffset;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.api.UnexpectedAppendOffsetException;
import dev.varve.engine.log.BatchValidator;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.codec.CompressionCodec;
import dev.varve.engine.spi.EngineContext;
import dev.varve.properties.engine.Actions.Action;
import dev.varve.properties.engine.LogModel.ModelBatch;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * One scenario run: drives an engine through the fixture, mirrors every step in a {@link LogModel}, and
 * checks the engine against it after every step. A failure is an {@link AssertionError} that names the
 * step, the model's state and the trace of resolved steps (QuickTheories prints the scenario). Not thread-safe.
 */
public final class KitRun implements AutoCloseable {
    /** Codecs the generated batches use, by a batch spec's codec index. */
    static final List<CompressionCodec> CODECS = List.of(CompressionCodec.values());
    /** Record timestamps are this plus a small delta, so lookups by timestamp hit often. */
    static final long BASE_TIME = 1_700_000_000_000L;
    static final TopicPartition PARTITION = new TopicPartition("conformance", 0);

    private final EngineFixture fixture;
    private final KitClock clock = new KitClock(BASE_TIME + 25);
    private final EngineContext context;
    private final LogConfig config;
    private final LogModel model = new LogModel();
    private final KitBatches batches = new KitBatches();
    private final StepTrace trace = new StepTrace("engine conformance");
    private LogEngine engine;
    private PartitionLog log;

    private KitRun(EngineFixture fixture, Path dataDirectory, Scenario scenario) {
        this.fixture = fixture;
        this.context = new EngineContext(dataDirectory, clock);
        this.config = LogConfig.of(scenario.config());
    }

    /** Runs {@code scenario} against a fresh engine over {@code dataDirectory}. */
    public static void run(EngineFixture fixture, Path dataDirectory, Scenario scenario) {
        try (KitRun run = new KitRun(fixture, dataDirectory, scenario)) {
            run.start();
            int step = 0;
            for (Action action : scenario.actions()) {
                run.step(++step, action);
            }
        }
    }

    private void start() {
        engine = fixture.open(context);
        log = engine.open(PARTITION, config);
    }

    private void step(int number, Action action) {
        trace.step(number, action, () -> {
            action.applyTo(this);
            checkBounds();
        }, model::toString);
    }

    private void note(String resolved) {
        trace.note(resolved);
    }

    static void check(boolean condition, String message) {
        StepTrace.check(condition, message);
    }

    private void checkBounds() {
        check(log.logStartOffset() == model.logStartOffset, "logStartOffset=" + log.logStartOffset()
                + ", expected " + model.logStartOffset);
        check(log.logEndOffset() == model.logEndOffset, "logEndOffset=" + log.logEndOffset()
                + ", expected " + model.logEndOffset);
    }

    void append(Actions.Append append) {
        appendAsLeader(append.batches(), BatchValidator.KEEP_EPOCH);
    }

    void appendAsLeader(Actions.AppendAsLeader append) {
        appendAsLeader(append.batches(), append.epoch());
    }

    /** A client's append ({@code epoch} is {@link BatchValidator#KEEP_EPOCH}) or a leader's, stamping {@code epoch}. */
    private void appendAsLeader(List<Actions.BatchSpec> specs, int epoch) {
        boolean asLeader = epoch != BatchValidator.KEEP_EPOCH;
        List<ByteBuffer> built = batches.build(specs);
        ByteBuffer input = KitBatches.concat(built);
        Function<ByteBuffer, AppendResult> appender = asLeader ? bytes -> log.appendAsLeader(bytes, epoch) : log::append;
        if (tooLarge(built)) {
            expectRefused(input, appender, RecordTooLargeException.class, RecordTooLargeException.class);
            return;
        }
        long now = clock.millis();
        AppendResult result = appender.apply(input);
        if (asLeader) {
            KitBatches.asFetched(built, model.logEndOffset, epoch);
        }
        List<ModelBatch> expected = batches.toModel(specs, built, model.logEndOffset, config.logAppendTime() ? now : -1);
        checkAppended(result, expected, input.remaining(), config.logAppendTime() ? now : -1);
    }

    /** Appends as a follower: kept byte for byte when the batches continue the log, refused when misplaced. */
    void appendAsFollower(Actions.AppendAsFollower append) {
        List<ByteBuffer> built = batches.build(append.batches());
        int misplace = append.misplace() == 1 && model.logEndOffset == 0 ? 2 : append.misplace();
        KitBatches.asFetched(built, model.logEndOffset + (misplace == 1 ? -1 : misplace == 2 ? 1 : 0), append.epoch());
        if (misplace == 3) {
            ByteBuffer last = built.get(built.size() - 1);
            RecordBatchFlyweight batch = new RecordBatchFlyweight().wrap(last, last.position());
            batch.setBaseOffset(batch.baseOffset() + 1);
        }
        ByteBuffer input = KitBatches.concat(built);
        boolean tooLarge = tooLarge(built);
        if (misplace != 0) {
            expectRefused(input, log::appendAsFollower, UnexpectedAppendOffsetException.class,
                    tooLarge ? RecordTooLargeException.class : UnexpectedAppendOffsetException.class);
        } else if (tooLarge) {
            expectRefused(input, log::appendAsFollower, RecordTooLargeException.class, RecordTooLargeException.class);
        } else {
            AppendResult result = log.appendAsFollower(input);
            checkAppended(result, batches.toModel(append.batches(), built, model.logEndOffset, -1), input.remaining(), -1);
        }
    }

    private boolean tooLarge(List<ByteBuffer> built) {
        return batches.anyLargerThan(built, Math.min(config.maxMessageBytes(), config.segmentBytes()));
    }

    private void checkAppended(AppendResult result, List<ModelBatch> expected, int bytes, long logAppendTime) {
        note(result.toString());
        AppendResult wanted = expectedResult(expected, bytes, logAppendTime);
        check(result.equals(wanted), "append returned " + result + ", expected " + wanted);
        model.append(expected);
        verifyContent();
    }

    private AppendResult expectedResult(List<ModelBatch> appended, int bytes, long logAppendTime) {
        long maxTimestamp = -1;
        long offsetOfMaxTimestamp = -1;
        int records = 0;
        for (ModelBatch batch : appended) {
            if (batch.maxTimestamp() > maxTimestamp) {
                maxTimestamp = batch.maxTimestamp();
                offsetOfMaxTimestamp = batch.lastOffset();
            }
            records += batch.records().size();
        }
        long last = appended.get(appended.size() - 1).lastOffset();
        boolean stamped = logAppendTime >= 0;
        return new AppendResult(appended.get(0).baseOffset(), last, maxTimestamp, stamped ? last : offsetOfMaxTimestamp,
                logAppendTime, records, appended.size(), bytes);
    }

    void appendCorrupt(Actions.AppendCorrupt append) {
        List<ByteBuffer> built = batches.build(append.batches());
        int position = KitBatches.corrupt(built, append.bytePick());
        note("flipped byte " + position);
        expectRefused(KitBatches.concat(built), log::append, CorruptRecordException.class,
                tooLarge(built) ? RecordTooLargeException.class : CorruptRecordException.class);
    }

    private void expectRefused(ByteBuffer input, Function<ByteBuffer, AppendResult> appender,
            Class<? extends RuntimeException> one, Class<? extends RuntimeException> other) {
        try {
            AppendResult result = appender.apply(input);
            throw new AssertionError("append was accepted: " + result + ", expected " + one.getSimpleName());
        } catch (RuntimeException e) {
            check(one.isInstance(e) || other.isInstance(e), "append threw " + e + ", expected " + one.getSimpleName());
            note("refused: " + e.getClass().getSimpleName());
        }
        checkBounds();
        verifyContent();
    }

    void read(Actions.Read read) {
        long span = model.logEndOffset - model.logStartOffset;
        long start = model.logStartOffset - 1 + Math.floorMod(read.startPick(), span + 3);
        long bound = read.boundPick() < 0 ? Long.MAX_VALUE : model.logStartOffset + Math.floorMod(read.boundPick(), span + 2);
        note("read(" + start + ", " + read.maxBytes() + ", " + bound + ")");
        checkRead(start, read.maxBytes(), bound);
    }

    /** Reads and checks one read against the model; returns the offset after the last batch read. */
    private long checkRead(long start, int maxBytes, long bound) {
        ReadResult result = log.read(start, maxBytes, bound);
        check(result.logStartOffset() == model.logStartOffset && result.logEndOffset() == model.logEndOffset,
                "read reported bounds [" + result.logStartOffset() + ", " + result.logEndOffset() + ")");
        if (start < model.logStartOffset || start > model.logEndOffset) {
            check(result.status() == ReadResult.Status.OFFSET_OUT_OF_RANGE, "read(" + start + ") status " + result.status());
            check(result.records().sizeInBytes() == 0, "an out-of-range read returned bytes");
            return start;
        }
        check(result.status() == ReadResult.Status.OK, "read(" + start + ") status " + result.status());
        return KitBatches.checkPrefix(result.records(), model.expectedRead(start, maxBytes, bound), maxBytes, start);
    }

    /** Reads the whole log in small steps and compares every batch with the model. */
    private void verifyContent() {
        long next = model.logStartOffset;
        while (next < model.logEndOffset) {
            next = checkRead(next, 1024, Long.MAX_VALUE);
        }
        checkRead(model.logEndOffset, 1024, Long.MAX_VALUE);
    }

    void offsetForTimestamp(Actions.OffsetForTimestamp lookup) {
        long target = lookup.pick() < 0 ? lookup.pick() : BASE_TIME + lookup.pick();
        TimestampOffset found = log.offsetForTimestamp(target);
        note(String.valueOf(found));
        if (target == TimestampOffset.EARLIEST || target == TimestampOffset.LATEST) {
            long expected = target == TimestampOffset.EARLIEST ? model.logStartOffset : model.logEndOffset;
            check(found != null && found.offset() == expected, "sentinel " + target + " gave " + found + ", expected offset " + expected);
            return;
        }
        TimestampOffset expected = model.expectedOffsetForTimestamp(target);
        check(expected == null ? found == null : expected.equals(found), "offsetForTimestamp(" + target + ") = " + found
                + ", expected " + expected);
    }

    void roll() {
        log.roll();
    }

    void flush() {
        log.flush();
        model.flush();
    }

    void truncateTo(Actions.TruncateTo truncate) {
        long span = model.logEndOffset - model.logStartOffset;
        long offset = Math.max(0, model.logStartOffset - 2 + Math.floorMod(truncate.pick(), span + 5));
        note("truncateTo(" + offset + ")");
        log.truncateTo(offset);
        model.truncateTo(offset);
        checkBounds();
        verifyContent();
    }

    void deleteRecordsBefore(Actions.DeleteRecordsBefore delete) {
        long span = model.logEndOffset - model.logStartOffset;
        long offset = Math.max(0, model.logStartOffset - 1 + Math.floorMod(delete.pick(), span + 3));
        note("deleteRecordsBefore(" + offset + ")");
        if (offset > model.logEndOffset) {
            try {
                log.deleteRecordsBefore(offset);
                throw new AssertionError("deleteRecordsBefore past the log end was accepted");
            } catch (OffsetOutOfRangeException expected) {
                return;
            }
        }
        long start = log.deleteRecordsBefore(offset);
        model.deleteRecordsBefore(offset);
        check(start == model.logStartOffset, "deleteRecordsBefore returned " + start);
        checkBounds();
        verifyContent();
    }

    /**
     * Retention may only delete whole segments from the front: the log start moves forward to a batch
     * boundary (or stays), the log end and everything from the new start stay as they were.
     */
    void enforceRetention() {
        long before = model.logStartOffset;
        fixture.enforceRetention(engine);
        long start = log.logStartOffset();
        note("enforceRetention() -> logStart " + start);
        check(start >= before && start <= model.logEndOffset, "retention moved the log start from " + before + " to " + start);
        check(start == before || model.isBatchBoundary(start), "retention cut inside a batch: log start " + start);
        model.deleteRecordsBefore(start);
        checkBounds();
        verifyContent();
    }

    void reopenEngine() {
        engine.close();
        model.flush();
        start();
        check(engine.open(PARTITION, config) == log, "opening an open log gave a new instance");
        check(engine.partitions().contains(PARTITION), "partitions() lacks " + PARTITION);
        checkBounds();
        verifyContent();
    }

    void reopenLog() {
        PartitionLog old = log;
        old.close();
        old.close();
        model.flush();
        try {
            old.logEndOffset();
            throw new AssertionError("a closed log still answered");
        } catch (RuntimeException expected) {
            // any typed refusal will do
        }
        log = engine.open(PARTITION, config);
        checkBounds();
        verifyContent();
    }

    void crash() {
        fixture.crash(engine);
        start();
        long start = log.logStartOffset();
        long end = log.logEndOffset();
        note("recovered [" + start + ", " + end + ")");
        check(start >= model.durableStartOffset && start <= model.logStartOffset, "log start " + start
                + " outside [" + model.durableStartOffset + ", " + model.logStartOffset + "]");
        check(end >= model.durableEndOffset && end <= model.logEndOffset, "log end " + end + " outside ["
                + model.durableEndOffset + ", " + model.logEndOffset + "]: flushed data lost or data invented");
        check(start <= end, "log start " + start + " above log end " + end);
        check(start == end || end == model.durableEndOffset || model.isBatchBoundary(end),
                "log end " + end + " is inside a batch: a torn batch survived");
        model.recovered(start, end);
        verifyContent();
    }

    void tick(Actions.Tick tick) {
        clock.advance(tick.millis());
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
    }
}
