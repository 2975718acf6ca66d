package dev.varve.engine.log;

import dev.varve.engine.api.LogStorageException;
import dev.varve.engine.api.TopicPartition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One of Kafka's per-log-dir offset checkpoints ({@code recovery-point-offset-checkpoint},
 * {@code log-start-offset-checkpoint}, {@code replication-offset-checkpoint},
 * {@code cleaner-offset-checkpoint}), byte-compatible with Kafka's {@code OffsetCheckpointFile}:
 *
 * <pre>
 * 0                      version
 * 2                      number of entries
 * orders 0 1042          topic partition offset, one per line, space-separated
 * orders 1 987
 * </pre>
 *
 * <p>Crash behaviour: {@link #write} replaces the file atomically and durably (temp file, fsync,
 * rename, directory fsync), so a reader sees the previous or the new checkpoint, never a torn one.
 * Reading is strict: a wrong version, a malformed line, or a count that disagrees with the lines is a
 * {@link CorruptCheckpointException}. As in Kafka, a missing or empty file reads as no entries, and a
 * partition listed twice keeps its last offset. Thread-safety: methods are synchronized; use one
 * instance per file.
 */
public final class OffsetCheckpointFile {
    /** The only version Kafka defines. */
    public static final int VERSION = 0;
    public static final String RECOVERY_POINT = "recovery-point-offset-checkpoint";
    public static final String LOG_START_OFFSET = "log-start-offset-checkpoint";
    public static final String REPLICATION_OFFSET = "replication-offset-checkpoint";
    public static final String CLEANER_OFFSET = "cleaner-offset-checkpoint";

    private final Path file;

    public OffsetCheckpointFile(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Replaces the checkpoint with {@code offsets}, in the map's iteration order. */
    public synchronized void write(Map<TopicPartition, Long> offsets) {
        StringBuilder text = new StringBuilder().append(VERSION).append('\n').append(offsets.size()).append('\n');
        for (Map.Entry<TopicPartition, Long> entry : offsets.entrySet()) {
            TopicPartition partition = entry.getKey();
            text.append(partition.topic()).append(' ').append(partition.partition()).append(' ')
                    .append((long) entry.getValue()).append('\n');
        }
        DurableFile.replace(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The checkpointed offsets, in file order.
     *
     * @throws CorruptCheckpointException naming the file and line when the content does not parse
     * @throws LogStorageException on an I/O error
     */
    public synchronized Map<TopicPartition, Long> read() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Collections.emptyMap();
        } catch (IOException e) {
            throw new LogStorageException("read checkpoint", file.toString(), e);
        }
        return parse(text);
    }

    private Map<TopicPartition, Long> parse(String text) {
        String[] lines = text.lines().toArray(String[]::new);
        if (lines.length == 0) {
            return Collections.emptyMap();
        }
        int version = parseInt(lines, 0, "version");
        if (version != VERSION) {
            throw corrupt(1, "unsupported version: version=" + version + ", expected=" + VERSION);
        }
        int count = parseInt(lines, 1, "entry count");
        if (count < 0) {
            throw corrupt(2, "negative entry count: count=" + count);
        }
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (int i = 2; i < lines.length; i++) {
            String[] fields = lines[i].split("\\s+");
            if (fields.length != 3) {
                throw corrupt(i + 1, "expected 'topic partition offset': text='" + lines[i] + "'");
            }
            try {
                offsets.put(new TopicPartition(fields[0], Integer.parseInt(fields[1])), Long.parseLong(fields[2]));
            } catch (IllegalArgumentException e) {
                throw corrupt(i + 1, "expected 'topic partition offset': text='" + lines[i] + "', cause=" + e.getMessage());
            }
        }
        // Checked after the lines, so that a line torn inside is reported as itself.
        if (lines.length - 2 != count) {
            throw corrupt(Math.min(lines.length, count + 2) + 1, "entry count does not match the lines: count="
                    + count + ", entryLines=" + (lines.length - 2));
        }
        return Collections.unmodifiableMap(offsets);
    }

    private int parseInt(String[] lines, int index, String what) {
        if (index >= lines.length) {
            throw corrupt(index + 1, "missing " + what);
        }
        try {
            return Integer.parseInt(lines[index]);
        } catch (NumberFormatException e) {
            throw corrupt(index + 1, "malformed " + what + ": text='" + lines[index] + "'");
        }
    }

    private CorruptCheckpointException corrupt(int line, String detail) {
        return new CorruptCheckpointException(file.toString(), line, detail);
    }
}
