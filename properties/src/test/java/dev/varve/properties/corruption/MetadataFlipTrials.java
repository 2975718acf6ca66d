package dev.varve.properties.corruption;

import dev.varve.properties.corruption.MetadataDirectory.Served;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Runs single-byte corruptions of a {@link MetadataDirectory}: built once, copied for every trial, judged
 * against what the pristine copy serves. Counts the verdicts. Not thread-safe.
 */
final class MetadataFlipTrials {
    private final Path root;
    private final Path pristine;
    private final Served expected;
    private final Map<FlipVerdict, Integer> verdicts = new EnumMap<>(FlipVerdict.class);
    private int trials;

    /** Builds the pristine directory under the empty folder {@code root} and reads it once. */
    MetadataFlipTrials(Path root) {
        this.root = root;
        this.pristine = root.resolve("pristine");
        MetadataDirectory.build(pristine);
        Path copy = root.resolve("reference");
        MetadataDirectory.copy(pristine, copy);
        this.expected = MetadataDirectory.reopen(copy);
        MetadataDirectory.delete(copy);
    }

    /** The pristine bytes of the {@code kind} file. */
    byte[] pristineBytes(MetadataFileKind kind) {
        try {
            return Files.readAllBytes(kind.in(pristine));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sets byte {@code position} (modulo the file's size) of the {@code kind} file of a fresh copy to
     * {@code value}, reopens the copy, reads everything and judges it.
     *
     * @throws AssertionError naming the file, position and value when the outcome is not allowed
     */
    FlipVerdict flip(MetadataFileKind kind, int position, int value) {
        Path trial = root.resolve("trial-" + trials++);
        MetadataDirectory.copy(pristine, trial);
        try {
            Path file = kind.in(trial);
            byte[] bytes = Files.readAllBytes(file);
            int at = position % bytes.length;
            String where = "file=" + file.getFileName() + " (" + kind + "), position=" + at + ", value=" + value
                    + " (was " + (bytes[at] & 0xFF) + ")";
            bytes[at] = (byte) value;
            Files.write(file, bytes);
            Served actual;
            try {
                actual = MetadataDirectory.reopen(trial);
            } catch (RuntimeException e) {
                throw new AssertionError("reopening failed after " + where + ": " + e, e);
            }
            FlipVerdict verdict = FlipVerdict.judge(kind, file.toString(), expected, actual, where);
            verdicts.merge(verdict, 1, Integer::sum);
            return verdict;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            MetadataDirectory.delete(trial);
        }
    }

    /** Trials run so far. */
    int trials() {
        return trials;
    }

    /** Verdicts so far. */
    Map<FlipVerdict, Integer> verdicts() {
        return Map.copyOf(verdicts);
    }
}
