package dev.varve.bench.study;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A one-line progress bar on standard error, redrawn in place: shown only on a terminal (the JVM has a
 * console), silent when output is piped or captured. {@link #clear()} wipes it before a table line is
 * printed, so the two never mix. Not thread-safe.
 */
final class Progress {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final boolean enabled;
    private final long startNs = System.nanoTime();
    private boolean shown;

    Progress(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** A bar on {@code System.err} when this JVM runs on a terminal. */
    static Progress onTerminal() {
        return new Progress(System.err, System.console() != null);
    }

    /** Draws {@code done} of {@code total} with what runs now and the time left, estimated from the pace so far. */
    void update(int done, int total, String now, double estimatedTotalSeconds) {
        if (!enabled) {
            return;
        }
        double elapsed = (System.nanoTime() - startNs) / 1e9;
        double left = done == 0 ? estimatedTotalSeconds : elapsed / done * (total - done);
        int filled = total == 0 ? WIDTH : (int) Math.round((double) done / total * WIDTH);
        err.print("\r\033[K[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total
                + " cells  " + clock(elapsed) + " elapsed, ~" + clock(left) + " left  " + now);
        err.flush();
        shown = true;
    }

    /** Removes the bar from the screen (no-op when none is shown). */
    void clear() {
        if (shown) {
            err.print("\r\033[K");
            err.flush();
            shown = false;
        }
    }

    static String clock(double seconds) {
        Duration d = Duration.ofSeconds(Math.max(0, Math.round(seconds)));
        return String.format("%d:%02d", d.toMinutes(), d.toSecondsPart());
    }
}
