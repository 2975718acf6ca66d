package dev.varve.engine.log;

import dev.varve.engine.api.LogStorageException;
import dev.varve.engine.api.TopicPartition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

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
 * <p>The layout is {@link CheckpointFormat}'s. Reading is strict: a wrong version, a malformed line (also
 * any byte that is not printable ASCII, a sign, an overflowing number, a bad topic name), or a count that
 * disagrees with the lines is a {@link CorruptCheckpointException}. As in Kafka, a missing or empty file reads
 * as no entries, and a partition listed twice keeps its last offset.
 *
 * <p>Damage: Kafka's format has no checksum, and a changed digit still parses (a log start moved up hides
 * acknowledged records). So every write also keeps a checksummed twin, {@code <file>.varve}, with a copy of
 * the content ({@code CheckpointSidecar}; Kafka ignores it, as its {@code LogManager} loads only directories
 * from a data directory's root, and Kafka's own file stays byte-identical).
 * {@link #read} trusts the checkpoint when the twin vouches for it, and when there is no valid twin (a
 * directory Kafka wrote, or the twin damaged: then as before, a checkpoint that parses is trusted). It
 * reads the twin's copy instead, with a warning naming the file, when the checkpoint does not parse or
 * differs from the copy in exactly one byte: so every single-byte change of the checkpoint is detected and
 * reads as exactly what Varve wrote, and every single-byte change of the twin is detected and harmless. A
 * checkpoint that differs from the copy in more than one byte is one another program (Kafka) wrote after
 * Varve, and is trusted as before; one Kafka wrote that happens to differ in a single byte reads as the
 * stale copy, whose offsets are lower for every offset Kafka only moves up (more recovery, more cleaning,
 * records Kafka deleted shown again; the one exception, a partition Kafka deleted and recreated whose old
 * and new log starts are both single digits, the new one lower, hides fewer than ten records).
 *
 * <p>Crash behaviour: {@link #write} replaces the twin, then the file, each atomically and durably (temp
 * file, fsync, rename, directory fsync), so a reader sees the previous or the new checkpoint, never a torn
 * one. The twin vouches for the new content and for the trusted content it replaces, so a crash (or a
 * failed write) between the two leaves the previous checkpoint, trusted without a warning. Thread-safety:
 * methods are synchronized; use one instance per file.
 */
public final class OffsetCheckpointFile {
    /** The only version Kafka defines. */
    public static final int VERSION = CheckpointFormat.VERSION;
    public static final String RECOVERY_POINT = "recovery-point-offset-checkpoint";
    public static final String LOG_START_OFFSET = "log-start-offset-checkpoint";
    public static final String REPLICATION_OFFSET = "replication-offset-checkpoint";
    public static final String CLEANER_OFFSET = "cleaner-offset-checkpoint";
    /** Appended to a checkpoint's file name to name its Varve-only twin. */
    public static final String TWIN_SUFFIX = CheckpointSidecar.SUFFIX;

    private static final String SHAPE = "topic partition offset";
    private static final Logger LOG = Logger.getLogger(OffsetCheckpointFile.class.getName());

    private final Path file;

    public OffsetCheckpointFile(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * Replaces the checkpoint with {@code offsets}, in the map's iteration order: first its twin (vouching
     * for the new content and for the current one when that is trusted), then the checkpoint.
     */
    public synchronized void write(Map<TopicPartition, Long> offsets) {
        List<String> entries = new ArrayList<>(offsets.size());
        for (Map.Entry<TopicPartition, Long> entry : offsets.entrySet()) {
            TopicPartition partition = entry.getKey();
            entries.add(partition.topic() + ' ' + partition.partition() + ' ' + (long) entry.getValue());
        }
        byte[] content = CheckpointFormat.format(entries);
        byte[] current = CheckpointFormat.bytes(file);
        Integer previous = current != null && trusts(current, twin(false)) ? CheckpointSidecar.crc(current, 0, current.length) : null;
        CheckpointSidecar.write(file, content, previous);
        DurableFile.replace(file, content);
    }

    /**
     * The checkpointed offsets, in file order: the checkpoint's own when it can be trusted (see the class
     * comment), else, with a warning naming the file and the damage, those of its twin's copy.
     *
     * @throws CorruptCheckpointException naming the file and line when the content does not parse and
     *     there is no valid twin
     * @throws LogStorageException on an I/O error
     */
    public synchronized Map<TopicPartition, Long> read() {
        byte[] bytes = CheckpointFormat.bytes(file);
        if (bytes == null) {
            return Map.of();
        }
        CheckpointSidecar twin = twin(true);
        if (twin == null || trusts(bytes, twin)) {
            return parse(bytes);
        }
        String damage;
        try {
            parse(bytes);
            damage = "one byte differs from the content Varve wrote: position=" + twin.onlyDifference(bytes);
        } catch (CorruptCheckpointException e) {
            damage = e.getMessage();
        }
        String reason = damage;
        LOG.warning(() -> "damaged checkpoint " + file + ", using the copy Varve wrote in " + CheckpointSidecar.pathOf(file)
                + ": " + reason);
        return parse(twin.content());
    }

    /**
     * Whether {@code bytes} can be trusted as this checkpoint's content: they parse and either there is no
     * valid {@code twin} (as before Varve wrote one), the twin vouches for them, or they differ from its copy
     * in more than one byte (a whole file another program, Kafka, wrote after Varve).
     */
    private boolean trusts(byte[] bytes, CheckpointSidecar twin) {
        if (twin != null && twin.vouchesFor(bytes)) {
            return true;
        }
        try {
            parse(bytes);
        } catch (CorruptCheckpointException e) {
            return false;
        }
        return twin == null || twin.onlyDifference(bytes) < 0;
    }

    /** The valid twin of this checkpoint, or null when it is missing or damaged (then with a warning if {@code warn}). */
    private CheckpointSidecar twin(boolean warn) {
        try {
            return CheckpointSidecar.read(file);
        } catch (CorruptCheckpointException e) {
            if (warn) {
                LOG.warning(() -> "ignoring a damaged checkpoint twin, trusting " + file + " if it parses: " + e.getMessage());
            }
            return null;
        }
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
