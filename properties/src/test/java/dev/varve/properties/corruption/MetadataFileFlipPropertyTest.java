package dev.varve.properties.corruption;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.varve.properties.corruption.MetadataDirectory.Served;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, items 2 and 3: one byte of any file that is not a segment or an index, set to any value, is
 * detected or harmless. For random (file kind, position, value) over every {@link MetadataFileKind} of a
 * {@link MetadataDirectory}, the damaged copy is reopened and every topic read; the {@link FlipVerdict}
 * must be one the issue allows: every topic whose own files are intact served exactly; the owner of a
 * damaged topic file served exactly or offline with a {@code TopicOfflineException} naming it and the file;
 * never an untyped exception, never a data directory refused, never a wrong record.
 *
 * <p>Examples: {@code varve.property.examples / 5} (40 by default, 1000 under {@code -Pdeep}). A failure
 * prints the file, position and value; pin it as a test calling {@link #flip}. The exhaustive half is
 * {@link MetadataFileExhaustiveFlipTest}.
 */
class MetadataFileFlipPropertyTest {
    private static final int EXAMPLES = Math.max(1, Integer.getInteger("varve.property.examples", 200) / 5);
    private static final Map<FlipVerdict, AtomicInteger> VERDICTS = new EnumMap<>(FlipVerdict.class);

    @TempDir
    static Path root;
    private static Path pristine;
    private static Served expected;
    private static int trials;

    @BeforeAll
    static void buildOnce() {
        pristine = root.resolve("pristine");
        MetadataDirectory.build(pristine);
        Path copy = root.resolve("reference");
        MetadataDirectory.copy(pristine, copy);
        expected = MetadataDirectory.reopen(copy);
        MetadataDirectory.delete(copy);
    }

    @AfterAll
    static void report() {
        System.out.println("metadata file flips: trials=" + trials + ", verdicts=" + VERDICTS);
    }

    @Test
    void shouldDetectOrShrugOffAnyByteOfAnyMetadataFile() {
        MetadataFileKind[] kinds = MetadataFileKind.values();
        qt().withExamples(EXAMPLES)
                .forAll(integers().between(0, kinds.length - 1), integers().between(0, Integer.MAX_VALUE), integers().between(0, 255))
                .checkAssert((kind, position, value) -> flip(kinds[kind], position, value));
    }

    /** Damages byte {@code position} (modulo the file's size) of the {@code kind} file, reopens, judges. */
    static FlipVerdict flip(MetadataFileKind kind, int position, int value) {
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
            VERDICTS.computeIfAbsent(verdict, v -> new AtomicInteger()).incrementAndGet();
            return verdict;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            MetadataDirectory.delete(trial);
        }
    }
}
