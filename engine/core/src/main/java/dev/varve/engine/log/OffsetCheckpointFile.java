package dev.varve.engine.log;

import dev.varve.engine.api.LogStorageException;
import dev.varve.engine.api.TopicPartition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
 * <p>The layout is {@link CheckpointFormat}'s. Crash behaviour: {@link #write} replaces the file atomically and durably (temp file, fsync,
 * rename, directory fsync), so a reader sees the previous or the new checkpoint, never a torn one.
 * Reading is strict: a wrong version, a malformed line (also any byte that is not printable ASCII, a
 * sign, an overflowing number, a bad topic name), or a count that disagrees with the lines is a
 * {@link CorruptCheckpointException}; callers read that as no checkpoint. As in Kafka, a missing or empty file reads as no entries, and a
 * partition listed twice keeps its last offset. Thread-safety: methods are synchronized; use one
 * instance per file.
 */
public final class OffsetCheckpointFile {
    /** The only version Kafka defines. */
    public static final int VERSION = CheckpointFormat.VERSION;
    public static final String RECOVERY_POINT = "recovery-point-offset-checkpoint";
    public static final String LOG_START_OFFSET = "log-start-offset-checkpoint";
    public static final String REPLICATION_OFFSET = "replication-offset-checkpoint";
    public static final String CLEANER_OFFSET = "cleaner-offset-checkpoint";

    private static final String SHAPE = "topic partition offset";

    private final Path file;

    public OffsetCheckpointFile(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Replaces the checkpoint with {@code offsets}, in the map's iteration order. */
    public synchronized void write(Map<TopicPartition, Long> offsets) {
        List<String> entries = new ArrayList<>(offsets.size());
        for (Map.Entry<TopicPartition, Long> entry : offsets.entrySet()) {
            TopicPartition partition = entry.getKey();
            entries.add(partition.topic() + ' ' + partition.partition() + ' ' + (long) entry.getValue());
        }
        CheckpointFormat.write(file, entries);
    }

    /**
     * The checkpointed offsets, in file order.
     *
     * @throws CorruptCheckpointException naming the file and line when the content does not parse
     * @throws LogStorageException on an I/O error
     */
    public synchronized Map<TopicPartition, Long> read() {
        return offsets(CheckpointFormat.read(file, 3, SHAPE));
    }

    /**
     * The offsets {@code bytes} hold, read as this file's content would be (for checking content before
     * it is written, and for tests).
     *
     * @throws CorruptCheckpointException naming the file and line when the content does not parse
     */
    public Map<TopicPartition, Long> parse(byte[] bytes) {
        return offsets(CheckpointFormat.parse(file, bytes, 3, SHAPE));
    }

    private Map<TopicPartition, Long> offsets(List<String[]> entries) {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String[] fields = entries.get(i);
            try {
                int partition = Math.toIntExact(CheckpointFormat.number(fields[1]));
                offsets.put(new TopicPartition(fields[0], partition), CheckpointFormat.number(fields[2]));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new CorruptCheckpointException(file.toString(), i + 3, "expected '" + SHAPE + "': text='"
                        + String.join(" ", fields) + "', cause=" + e.getMessage());
            }
        }
        return Collections.unmodifiableMap(offsets);
    }
}
