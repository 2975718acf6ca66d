package dev.varve.properties.faults;

import static org.quicktheories.QuickTheory.qt;

import dev.varve.properties.faults.FaultScenario.FaultClass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 11, item 1, as a property: for each fault class, random workloads with the fault at a random
 * file operation, then a close or a power loss and a reopen (see {@link FaultRun} for the checks).
 *
 * <p>Examples per class: {@code varve.property.examples / 8} (25 by default, 625 under {@code -Pdeep}).
 * A failure prints QuickTheories' seed and the shrunk {@link FaultScenario}; rerun it with
 * {@code -DQT_SEED=S}, or pin it as a test calling {@link FaultRun#run}. The count of runs and of runs in
 * which the fault fired is printed per class.
 */
class FailedWritePropertyTest {
    private static final Map<FaultClass, int[]> RUNS = new EnumMap<>(FaultClass.class);

    @TempDir
    Path root;

    @ParameterizedTest
    @EnumSource(FaultClass.class)
    void shouldKeepEveryAcknowledgedRecordThroughAFailedWrite(FaultClass type) {
        int examples = Math.max(10, Integer.getInteger("varve.property.examples", 200) / 8);
        qt().withExamples(examples).forAll(FaultScenarioGen.scenarios(type)).checkAssert(scenario -> {
            boolean fired = FaultRun.run(directory(), scenario);
            synchronized (RUNS) {
                int[] counts = RUNS.computeIfAbsent(type, t -> new int[2]);
                counts[0]++;
                counts[1] += fired ? 1 : 0;
            }
        });
    }

    private Path directory() {
        try {
            return Files.createTempDirectory(root, "run-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void printRuns() {
        RUNS.forEach((type, counts) -> System.out.println("failed-write property: " + type + ": " + counts[0] + " runs, fault fired in "
                + counts[1]));
    }
}
