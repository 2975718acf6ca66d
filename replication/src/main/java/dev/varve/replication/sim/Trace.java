package dev.varve.replication.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * The readable record of a run: every line goes into a SHA-256 digest of the whole run (two runs with the
 * same seed must have the same digest), into a bounded buffer of the most recent lines (what a failure
 * prints), and to an optional listener (a command printing the trace as it happens).
 */
public final class Trace {
    private final int keep;
    private final ArrayDeque<String> recent = new ArrayDeque<>();
    private final MessageDigest digest;
    private final Consumer<String> listener;
    private long lines;

    Trace(int keep, Consumer<String> listener) {
        this.keep = keep;
        this.listener = listener;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    void add(String line) {
        digest.update(line.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
        lines++;
        if (recent.size() == keep) {
            recent.removeFirst();
        }
        recent.addLast(line);
        if (listener != null) {
            listener.accept(line);
        }
    }

    /** The most recent lines, oldest first. */
    public List<String> recent() {
        return List.copyOf(recent);
    }

    /** How many lines the run wrote. */
    public long lines() {
        return lines;
    }

    /** The SHA-256 of every line so far, in hex. */
    public String digest() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests clone in the JDK", e);
        }
    }
}
