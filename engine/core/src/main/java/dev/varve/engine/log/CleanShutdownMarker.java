package dev.varve.engine.log;

import dev.varve.engine.api.LogStorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clean-shutdown marker of a log dir, Kafka's {@code .kafka_cleanshutdown}: its presence at
 * startup means every log in the dir was flushed and closed, so recovery can be skipped. Content is
 * Kafka's JSON {@code {"version":0,"brokerEpoch":N}}.
 *
 * <p>Protocol (Kafka's, KAFKA-10471): {@link #write} after all logs are flushed and closed;
 * at startup, {@link #exists()} then {@link #delete()} <em>before</em> loading any log, so a crash
 * during loading counts as unclean. Crash behaviour: both {@link #write} and {@link #delete} are
 * durable when they return (the write is atomic, and the directory is fsynced after each; Kafka only
 * fsyncs the file); their I/O errors are {@link LogStorageException}s. Thread-safety: stateless apart from the file; callers serialize write and delete.
 */
public final class CleanShutdownMarker {
    public static final String FILE_NAME = ".kafka_cleanshutdown";
    /** The only content version Kafka defines. */
    public static final int VERSION = 0;
    private static final Pattern BROKER_EPOCH = Pattern.compile("\"brokerEpoch\"\\s*:\\s*(-?\\d+)");

    private final Path file;

    /** The marker of the log dir {@code logDir}. */
    public CleanShutdownMarker(Path logDir) {
        this.file = logDir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /** Writes the marker, durably, with the broker epoch of the shutting-down broker. @throws LogStorageException on an I/O error */
    public void write(long brokerEpoch) {
        String json = "{\"version\":" + VERSION + ",\"brokerEpoch\":" + brokerEpoch + "}";
        DurableFile.replace(file, json.getBytes(StandardCharsets.UTF_8));
    }

    /** True when the marker is present. */
    public boolean exists() {
        return Files.exists(file);
    }

    /**
     * The broker epoch written in the marker; empty when there is no marker or it does not hold one
     * (as in Kafka, an unreadable marker still counts as present for {@link #exists()}).
     */
    public OptionalLong brokerEpoch() {
        try {
            Matcher matcher = BROKER_EPOCH.matcher(Files.readString(file, StandardCharsets.UTF_8));
            return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) { // NoSuchFileException included: no marker

            return OptionalLong.empty();
        }
    }

    /** Removes the marker, durably. @return whether it existed */
    public boolean delete() {
        return DurableFile.delete(file);
    }

    @Override
    public String toString() {
        return "CleanShutdownMarker(file=" + file + ")";
    }
}
