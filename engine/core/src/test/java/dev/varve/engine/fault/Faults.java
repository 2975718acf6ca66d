package dev.varve.engine.fault;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The faults a {@link FaultyFileSystem} injects: each armed fault names an operation, the files it
 * applies to, which matching operation fails (the Nth, counted from when it was armed) and how; a
 * sticky fault keeps failing every matching operation after the first, as a full disk does. Counts
 * every operation by kind, so a test can first count the operations of a run and then fail a random
 * one. Thread-safe.
 */
public final class Faults {
    /** The file operations a fault can fail. */
    public enum Op { WRITE, FORCE, TRUNCATE, MOVE, CREATE, DELETE }

    /** How an operation fails: the errno's message as the JDK reports it, or a short write then ENOSPC. */
    public enum Kind {
        ENOSPC("No space left on device"),
        EFBIG("File too large"),
        EIO("Input/output error"),
        /** A write that puts part of its bytes in the file, then fails with ENOSPC (ENOSPC on other operations). */
        SHORT_WRITE("No space left on device");

        private final String message;

        Kind(String message) {
            this.message = message;
        }

        IOException exception(Path file) {
            return new IOException(message + ": " + file);
        }
    }

    /** Which files a fault applies to, by name. */
    public enum FileKind implements Predicate<Path> {
        /** A segment's {@code .log}, also as {@code .cleaned}, {@code .swap} or {@code .deleted}. */
        LOG(".log"),
        OFFSET_INDEX(".index"),
        TIME_INDEX(".timeindex"),
        /** Any checkpoint ({@code recovery-point-offset-checkpoint}, its {@code .tmp}, its {@code .varve} twin, ...). */
        CHECKPOINT("checkpoint"),
        MARKER(".kafka_cleanshutdown"),
        ANY("");

        private final String marker;

        FileKind(String marker) {
            this.marker = marker;
        }

        @Override
        public boolean test(Path file) {
            Path name = file.getFileName();
            String text = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
            return switch (this) {
                case LOG -> text.endsWith(".log") || text.contains(".log.");
                case OFFSET_INDEX -> text.endsWith(".index") || text.contains(".index.");
                case TIME_INDEX -> text.endsWith(".timeindex") || text.contains(".timeindex.");
                default -> text.contains(marker);
            };
        }
    }

    /** One armed fault. */
    public record Fault(Op op, Predicate<Path> files, long nth, Kind kind, boolean sticky) {
        @Override
        public String toString() {
            return kind + " at " + op + " #" + nth + " of " + files + (sticky ? " (and every one after)" : "");
        }
    }

    private final List<Fault> armed = new ArrayList<>();
    private final List<Long> seen = new ArrayList<>();
    private final List<Boolean> fired = new ArrayList<>();
    private final long[] counts = new long[Op.values().length];
    private boolean everFired;

    /** Fails the {@code nth} (1-based) matching operation from now on. */
    public synchronized Faults arm(Op op, Predicate<Path> files, long nth, Kind kind, boolean sticky) {
        armed.add(new Fault(op, files, nth, kind, sticky));
        seen.add(0L);
        fired.add(false);
        return this;
    }

    /** Removes every armed fault (counts stay). */
    public synchronized void disarm() {
        armed.clear();
        seen.clear();
        fired.clear();
    }

    /** Whether any armed fault has failed an operation, since the faults were last disarmed. */
    public synchronized boolean fired() {
        return fired.contains(true);
    }

    /** Whether any fault ever failed an operation, disarmed ones included. */
    public synchronized boolean everFired() {
        return everFired;
    }

    /** Operations of kind {@code op} seen so far, on any file. */
    public synchronized long count(Op op) {
        return counts[op.ordinal()];
    }

    /** Called before an operation: throws the armed fault's error when it is due. */
    synchronized void check(Op op, Path file) throws IOException {
        Kind kind = due(op, file);
        if (kind != null) {
            throw kind.exception(file);
        }
    }

    /** The kind of the fault due now for {@code op} on {@code file}, counting the operation; null when none. */
    synchronized Kind due(Op op, Path file) {
        counts[op.ordinal()]++;
        Kind due = null;
        for (int i = 0; i < armed.size(); i++) {
            Fault fault = armed.get(i);
            if (fault.op() != op || !fault.files().test(file)) {
                continue;
            }
            long n = seen.get(i) + 1;
            seen.set(i, n);
            if (n == fault.nth() || fault.sticky() && n > fault.nth()) {
                fired.set(i, true);
                everFired = true;
                due = due == null ? fault.kind() : due;
            }
        }
        return due;
    }

    @Override
    public synchronized String toString() {
        return "Faults" + armed;
    }
}
