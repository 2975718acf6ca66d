package dev.varve.engine.log;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The name of one of a segment's files, Kafka's way: the base offset as 20 zero-padded decimal
 * digits, the {@link LogFileType} suffix, then at most one {@link Suffix} marking a file in a
 * transition ({@code 00000000000000000042.log.swap}). Immutable, thread-safe.
 *
 * <p>{@link #parse(String)} is stricter than Kafka's {@code offsetFromFileName}, which reads whatever
 * precedes the first dot: it accepts exactly the names {@link #fileName()} produces, so any other file
 * in a partition folder (checkpoints, {@code partition.metadata}, editor leftovers) is "not ours".
 */
public record LogFileName(long baseOffset, LogFileType type, Suffix suffix) {
    /** Digits in the base-offset prefix. */
    public static final int PREFIX_DIGITS = 20;

    /** Marks a file in transition. Kafka's recovery acts on each (see the log loader). */
    public enum Suffix {
        /** A plain, live file. */
        NONE(""),
        /** Scheduled for asynchronous deletion; deleted at load. */
        DELETED(".deleted"),
        /** Output of the cleaner, not yet swapped in; deleted at load. */
        CLEANED(".cleaned"),
        /** Being swapped in to replace older segments; completed at load. */
        SWAP(".swap");

        private final String text;

        Suffix(String text) {
            this.text = text;
        }

        /** The suffix with its dot, or "" for {@link #NONE}. */
        public String text() {
            return text;
        }
    }

    /**
     * @throws IllegalArgumentException if the base offset is negative
     */
    public LogFileName {
        if (baseOffset < 0) {
            throw new IllegalArgumentException("base offset must not be negative: baseOffset=" + baseOffset);
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(suffix, "suffix");
    }

    /** The live file of {@code type} for the segment at {@code baseOffset}. */
    public static LogFileName of(long baseOffset, LogFileType type) {
        return new LogFileName(baseOffset, type, Suffix.NONE);
    }

    /** The same file with another transition suffix. */
    public LogFileName withSuffix(Suffix newSuffix) {
        return new LogFileName(baseOffset, type, newSuffix);
    }

    /** Kafka's prefix: {@code 42} becomes {@code 00000000000000000042}. */
    public static String prefix(long baseOffset) {
        if (baseOffset < 0) {
            throw new IllegalArgumentException("base offset must not be negative: baseOffset=" + baseOffset);
        }
        String digits = Long.toString(baseOffset);
        return "0".repeat(PREFIX_DIGITS - digits.length()) + digits;
    }

    /** The file name, e.g. {@code 00000000000000000042.timeindex}. */
    public String fileName() {
        return prefix(baseOffset) + type.suffix() + suffix.text();
    }

    /** This file inside {@code dir}. */
    public Path resolveIn(Path dir) {
        return dir.resolve(fileName());
    }

    /**
     * Reads a file name back; empty when the name is not one {@link #fileName()} could have produced
     * (wrong digit count, unknown type or suffix, an offset beyond {@code Long.MAX_VALUE}).
     */
    public static Optional<LogFileName> parse(String fileName) {
        if (fileName.length() <= PREFIX_DIGITS || fileName.charAt(PREFIX_DIGITS) != '.') {
            return Optional.empty();
        }
        long offset = 0;
        for (int i = 0; i < PREFIX_DIGITS; i++) {
            int digit = fileName.charAt(i) - '0';
            if (digit < 0 || digit > 9 || offset > (Long.MAX_VALUE - digit) / 10) {
                return Optional.empty();
            }
            offset = offset * 10 + digit;
        }
        String rest = fileName.substring(PREFIX_DIGITS);
        for (LogFileType type : LogFileType.values()) {
            if (!rest.startsWith(type.suffix())) {
                continue;
            }
            String tail = rest.substring(type.suffix().length());
            for (Suffix suffix : Suffix.values()) {
                if (tail.equals(suffix.text())) {
                    return Optional.of(new LogFileName(offset, type, suffix));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return fileName();
    }
}
