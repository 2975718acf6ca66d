package dev.varve.replication;

import dev.varve.engine.log.CheckpointFormat;
import dev.varve.engine.log.CorruptCheckpointException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Kafka's {@code leader-epoch-checkpoint} file in a partition directory, byte-compatible with Kafka's
 * {@code LeaderEpochCheckpointFile}:
 *
 * <pre>
 * 0            version
 * 2            number of entries
 * 0 0          epoch startOffset, one per line
 * 3 1042
 * </pre>
 *
 * Writes replace the file atomically and durably (temp file, fsync, rename, directory fsync), so a crash
 * leaves the old or the new entries; a missing file reads as no entries; anything that does not parse (also
 * a byte that is not printable ASCII, a sign, an overflowing number) is a {@link CorruptCheckpointException}
 * naming the file and line, which {@link LeaderEpochCache#readOrRebuild} answers by rebuilding the epochs
 * from the log's batches. Not thread-safe: one owner per file.
 */
public final class LeaderEpochCheckpointFile implements LeaderEpochCheckpoint {
    /** Kafka's file name, in the partition's directory. */
    public static final String FILE_NAME = "leader-epoch-checkpoint";
    private static final String SHAPE = "epoch offset";

    private final Path file;

    /** The checkpoint in {@code partitionDirectory}. */
    public LeaderEpochCheckpointFile(Path partitionDirectory) {
        this.file = partitionDirectory.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    @Override
    public List<EpochEntry> read() {
        return entries(CheckpointFormat.read(file, 2, SHAPE));
    }

    /**
     * The entries {@code bytes} hold, read as this file's content would be (for tests).
     *
     * @throws CorruptCheckpointException naming the file and line when the content does not parse
     */
    public List<EpochEntry> parse(byte[] bytes) {
        return entries(CheckpointFormat.parse(file, bytes, 2, SHAPE));
    }

    private List<EpochEntry> entries(List<String[]> lines) {
        List<EpochEntry> entries = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            try {
                int epoch = Math.toIntExact(CheckpointFormat.number(lines.get(i)[0]));
                entries.add(new EpochEntry(epoch, CheckpointFormat.number(lines.get(i)[1])));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new CorruptCheckpointException(file.toString(), i + 3, "expected '" + SHAPE + "': text='"
                        + String.join(" ", lines.get(i)) + "'");
            }
        }
        return entries;
    }

    @Override
    public void write(List<EpochEntry> entries) {
        List<String> lines = new ArrayList<>(entries.size());
        entries.forEach(entry -> lines.add(entry.epoch() + " " + entry.startOffset()));
        CheckpointFormat.write(file, lines);
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
