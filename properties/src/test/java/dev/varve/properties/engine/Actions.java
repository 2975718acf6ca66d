package dev.varve.properties.engine;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The steps the conformance kit drives an engine with, as immutable values. Parameters are raw "picks",
 * not offsets: {@link KitRun} maps them onto the log's current range when it runs them, so a list of
 * actions replays identically and still makes sense after shrinking removes some of its steps.
 *
 * <p>Every {@code toString} is the Java expression that builds the value with this class's factories,
 * so a printed failing scenario pastes into a regression test ({@code import static ...Actions.*}).
 */
public final class Actions {
    private Actions() {
    }

    /** One step of a scenario. */
    public sealed interface Action permits Append, AppendAsLeader, AppendAsFollower, AppendCorrupt, Read, OffsetForTimestamp, Roll, Flush,
            TruncateTo, DeleteRecordsBefore, EnforceRetention, ReopenEngine, ReopenLog, Crash, Tick {
        void applyTo(KitRun run);
    }

    /**
     * A record to write: timestamp as a delta from the kit's base time, key id (-1 for a null key), value
     * length (-1 for a null value) filled from {@code salt}, and a header count.
     */
    public record RecordSpec(int timestampDelta, int key, int valueLength, int salt, int headers) {
        @Override
        public String toString() {
            return "r(" + timestampDelta + ", " + key + ", " + valueLength + ", " + salt + ", " + headers + ")";
        }
    }

    /** A batch of records; {@code codec} indexes {@link KitRun#CODECS}. */
    public record BatchSpec(int codec, List<RecordSpec> records) {
        @Override
        public String toString() {
            return "batch(" + codec + ", " + join(records) + ")";
        }
    }

    /** Appends the batches in one call; expects success, or RecordTooLargeException when one exceeds max.message.bytes or segment.bytes. */
    public record Append(List<BatchSpec> batches) implements Action {
        public void applyTo(KitRun run) {
            run.append(this);
        }

        @Override
        public String toString() {
            return "append(" + join(batches) + ")";
        }
    }

    /** Appends the batches as a leader in epoch {@code epoch}: as {@link Append}, every stored batch stamped with the epoch. */
    public record AppendAsLeader(List<BatchSpec> batches, int epoch) implements Action {
        public void applyTo(KitRun run) {
            run.appendAsLeader(this);
        }

        @Override
        public String toString() {
            return "appendAsLeader(" + epoch + ", " + join(batches) + ")";
        }
    }

    /**
     * Appends the batches as a follower: numbered from the log end and stamped with {@code epoch} as a leader would
     * have sent them, then, by {@code misplace}: 0 kept so (accepted byte for byte), 1 starting one below the log end,
     * 2 one above it, 3 with a gap before the last batch; 1 to 3 must be refused with UnexpectedAppendOffsetException.
     */
    public record AppendAsFollower(List<BatchSpec> batches, int epoch, int misplace) implements Action {
        public void applyTo(KitRun run) {
            run.appendAsFollower(this);
        }

        @Override
        public String toString() {
            return "appendAsFollower(" + epoch + ", " + misplace + ", " + join(batches) + ")";
        }
    }

    /** Appends the batches with one byte flipped at {@code bytePick}; expects the whole append refused. */
    public record AppendCorrupt(List<BatchSpec> batches, int bytePick) implements Action {
        public void applyTo(KitRun run) {
            run.appendCorrupt(this);
        }

        @Override
        public String toString() {
            return "appendCorrupt(" + bytePick + ", " + join(batches) + ")";
        }
    }

    /** Reads from a start picked around the log's range, with {@code maxBytes} and a bound ({@code boundPick < 0}: none). */
    public record Read(int startPick, int maxBytes, int boundPick) implements Action {
        public void applyTo(KitRun run) {
            run.read(this);
        }

        @Override
        public String toString() {
            return "read(" + startPick + ", " + maxBytes + ", " + boundPick + ")";
        }
    }

    /** Looks up a timestamp: -2 EARLIEST, -1 LATEST, else the kit's base time plus {@code pick}. */
    public record OffsetForTimestamp(int pick) implements Action {
        public void applyTo(KitRun run) {
            run.offsetForTimestamp(this);
        }

        @Override
        public String toString() {
            return "offsetForTimestamp(" + pick + ")";
        }
    }

    public record Roll() implements Action {
        public void applyTo(KitRun run) {
            run.roll();
        }

        @Override
        public String toString() {
            return "roll()";
        }
    }

    public record Flush() implements Action {
        public void applyTo(KitRun run) {
            run.flush();
        }

        @Override
        public String toString() {
            return "flush()";
        }
    }

    /** Truncates to an offset picked around the log's range (below the start, inside, past the end). */
    public record TruncateTo(int pick) implements Action {
        public void applyTo(KitRun run) {
            run.truncateTo(this);
        }

        @Override
        public String toString() {
            return "truncateTo(" + pick + ")";
        }
    }

    /** Advances the log start to an offset picked around the log's range (one past the end must be refused). */
    public record DeleteRecordsBefore(int pick) implements Action {
        public void applyTo(KitRun run) {
            run.deleteRecordsBefore(this);
        }

        @Override
        public String toString() {
            return "deleteRecordsBefore(" + pick + ")";
        }
    }

    /** Enforces the engine's retention now, through the fixture (engines without retention: nothing happens). */
    public record EnforceRetention() implements Action {
        public void applyTo(KitRun run) {
            run.enforceRetention();
        }

        @Override
        public String toString() {
            return "enforceRetention()";
        }
    }

    /** Closes the engine cleanly and opens a new one on the same directory. */
    public record ReopenEngine() implements Action {
        public void applyTo(KitRun run) {
            run.reopenEngine();
        }

        @Override
        public String toString() {
            return "reopenEngine()";
        }
    }

    /** Closes the partition log only and opens it again from the same engine. */
    public record ReopenLog() implements Action {
        public void applyTo(KitRun run) {
            run.reopenLog();
        }

        @Override
        public String toString() {
            return "reopenLog()";
        }
    }

    /** Crashes the engine through the fixture and opens a new one on the same directory. */
    public record Crash() implements Action {
        public void applyTo(KitRun run) {
            run.crash();
        }

        @Override
        public String toString() {
            return "crash()";
        }
    }

    /** Advances the kit's clock. */
    public record Tick(int millis) implements Action {
        public void applyTo(KitRun run) {
            run.tick(this);
        }

        @Override
        public String toString() {
            return "tick(" + millis + ")";
        }
    }

    public static RecordSpec r(int timestampDelta, int key, int valueLength, int salt, int headers) {
        return new RecordSpec(timestampDelta, key, valueLength, salt, headers);
    }

    public static BatchSpec batch(int codec, RecordSpec... records) {
        return new BatchSpec(codec, List.of(records));
    }

    public static Action append(BatchSpec... batches) {
        return new Append(List.of(batches));
    }

    public static Action appendAsLeader(int epoch, BatchSpec... batches) {
        return new AppendAsLeader(List.of(batches), epoch);
    }

    public static Action appendAsFollower(int epoch, int misplace, BatchSpec... batches) {
        return new AppendAsFollower(List.of(batches), epoch, misplace);
    }

    public static Action appendCorrupt(int bytePick, BatchSpec... batches) {
        return new AppendCorrupt(List.of(batches), bytePick);
    }

    public static Action read(int startPick, int maxBytes, int boundPick) {
        return new Read(startPick, maxBytes, boundPick);
    }

    public static Action offsetForTimestamp(int pick) {
        return new OffsetForTimestamp(pick);
    }

    public static Action roll() {
        return new Roll();
    }

    public static Action flush() {
        return new Flush();
    }

    public static Action truncateTo(int pick) {
        return new TruncateTo(pick);
    }

    public static Action deleteRecordsBefore(int pick) {
        return new DeleteRecordsBefore(pick);
    }

    public static Action reopenEngine() {
        return new ReopenEngine();
    }

    public static Action reopenLog() {
        return new ReopenLog();
    }

    public static Action crash() {
        return new Crash();
    }

    public static Action enforceRetention() {
        return new EnforceRetention();
    }

    public static Action tick(int millis) {
        return new Tick(millis);
    }

    static String join(List<?> values) {
        return values.stream().map(Object::toString).collect(Collectors.joining(", "));
    }
}
