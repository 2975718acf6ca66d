package dev.varve.properties.corruption;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.file.Path;
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
 * <p>Examples: {@code varve.property.examples / 8} (25 by default, 625 under {@code -Pdeep}). A failure
 * prints the file, position and value; pin it as a test calling {@link MetadataFlipTrials#flip}. The exhaustive half is
 * {@link MetadataFileExhaustiveFlipTest}.
 */
class MetadataFileFlipPropertyTest {
    private static final int EXAMPLES = Math.max(1, Integer.getInteger("varve.property.examples", 200) / 8);

    @TempDir
    static Path root;
    private static MetadataFlipTrials trials;

    @BeforeAll
    static void buildOnce() {
        trials = new MetadataFlipTrials(root);
    }

    @AfterAll
    static void report() {
        System.out.println("metadata file flips (random): trials=" + trials.trials() + ", verdicts=" + trials.verdicts());
    }

    @Test
    void shouldDetectOrShrugOffAnyByteOfAnyMetadataFile() {
        MetadataFileKind[] kinds = MetadataFileKind.values();
        qt().withExamples(EXAMPLES)
                .forAll(integers().between(0, kinds.length - 1), integers().between(0, Integer.MAX_VALUE), integers().between(0, 255))
                .checkAssert((kind, position, value) -> trials.flip(kinds[kind], position, value));
    }
}
