package dev.varve.properties.compaction;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The steps of a compaction scenario, as immutable values. Parameters are raw picks that
 * {@link CompactionRun} maps onto the scenario (a key pick modulo the scenario's key count, a codec pick
 * modulo the codecs), so a list of steps replays identically and still makes sense after shrinking.
 * Every {@code toString} is the Java expression that builds the value with this class's factories
 * ({@code import static ...CompactionActions.*}), so a printed scenario pastes into a regression test.
 */
public final class CompactionActions {
    private CompactionActions() {
    }

    /** One step of a scenario. */
    public sealed interface Action permits Append, Transaction, Clean, Plain, Tick, Crash {
        void applyTo(CompactionRun run);
    }

    /** A keyed record: key pick, value length ({@code -1}: a tombstone), value bytes derived from {@code salt}. */
    public record Put(int key, int valueLength, int salt) {
        @Override
        public String toString() {
            return "put(" + key + ", " + valueLength + ", " + salt + ")";
        }
    }

    /** Appends one batch of the records, compressed with codec pick {@code codec}, stamped with the clock's time. */
    public record Append(int codec, List<Put> records) implements Action {
        public void applyTo(CompactionRun run) {
            run.append(this);
        }

        @Override
        public String toString() {
            return "append(" + codec + ", " + records.stream().map(Put::toString).collect(Collectors.joining(", ")) + ")";
        }
    }

    /**
     * Appends one transactional batch of the records for producer pick {@code producer}, then its end
     * marker: COMMIT when {@code commit}, else ABORT.
     */
    public record Transaction(int producer, boolean commit, List<Put> records) implements Action {
        public void applyTo(CompactionRun run) {
            run.transaction(this);
        }

        @Override
        public String toString() {
            return "transaction(" + producer + ", " + commit + ", " + records.stream().map(Put::toString).collect(Collectors.joining(", ")) + ")";
        }
    }

    /** Runs one {@code LogCleaner} pass with an offset map of {@code mapKeys} keys (small maps stop passes part-way). */
    public record Clean(int mapKeys) implements Action {
        public void applyTo(CompactionRun run) {
            run.clean(this);
        }

        @Override
        public String toString() {
            return "clean(" + mapKeys + ")";
        }
    }

    /** The steps without parameters: roll the active segment, flush, close the engine cleanly and open it again. */
    public enum Plain implements Action {
        ROLL, FLUSH, REOPEN;

        public void applyTo(CompactionRun run) {
            switch (this) {
                case ROLL -> run.roll();
                case FLUSH -> run.flush();
                case REOPEN -> run.reopen();
            }
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT) + "()";
        }
    }

    /** Advances the clock the engine and the cleaner read. */
    public record Tick(int millis) implements Action {
        public void applyTo(CompactionRun run) {
            run.tick(this);
        }

        @Override
        public String toString() {
            return "tick(" + millis + ")";
        }
    }

    /** How a crash strikes: a kill, a power loss, and each of them with the recovery-point checkpoint lost. */
    public enum CrashKind {
        /** {@code kill -9}: the page cache survives, nothing written may be lost. */
        HALT,
        /** A power loss: unflushed data may be lost or torn. */
        POWER_LOSS,
        /** A kill, then {@code recovery-point-offset-checkpoint} is found corrupt: every segment recovers. */
        HALT_CORRUPT_RECOVERY_POINT,
        /** A power loss, then {@code recovery-point-offset-checkpoint} is gone: every segment recovers. */
        POWER_LOSS_NO_RECOVERY_POINT
    }

    /** Crashes the engine ({@code seed} chooses what a power loss keeps) and reopens it. */
    public record Crash(CrashKind kind, long seed) implements Action {
        public void applyTo(CompactionRun run) {
            run.crash(this);
        }

        @Override
        public String toString() {
            return "crash(" + kind + ", " + seed + "L)";
        }
    }

    public static Put put(int key, int valueLength, int salt) {
        return new Put(key, valueLength, salt);
    }

    public static Action append(int codec, Put... records) {
        return new Append(codec, List.of(records));
    }

    public static Action transaction(int producer, boolean commit, Put... records) {
        return new Transaction(producer, commit, List.of(records));
    }

    public static Action clean(int mapKeys) {
        return new Clean(mapKeys);
    }

    public static Action roll() {
        return Plain.ROLL;
    }

    public static Action tick(int millis) {
        return new Tick(millis);
    }

    public static Action flush() {
        return Plain.FLUSH;
    }

    public static Action crash(CrashKind kind, long seed) {
        return new Crash(kind, seed);
    }

    public static Action reopen() {
        return Plain.REOPEN;
    }
}
