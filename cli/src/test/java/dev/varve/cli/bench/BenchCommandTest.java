package dev.varve.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.cli.CliRun;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void shouldRefuseAnUnknownCodecInOneLineWithUsageExit() {
        CliRun run = CliRun.run("bench", "--codecs", "none,brotli");
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
        assertTrue(run.err().startsWith("varve: unknown codec 'brotli'"), run.toString());
    }

    @Test
    void shouldRefuseABatchSizeThatIsNotASize() {
        CliRun run = CliRun.run("bench", "--batch-sizes", "16q");
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("varve: --batch-sizes: '16q' is not a size"), run.toString());
    }

    @Test
    void shouldRefuseABatchLargerThanKafkasDefaultMaxMessageBytes() {
        CliRun run = CliRun.run("bench", "--batch-sizes", "2m");
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("outside"), run.toString());
    }

    @Test
    void shouldRefuseAnUnknownOptionWithPicocliUsageError() {
        CliRun run = CliRun.run("bench", "--fast");
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
        assertTrue(run.err().startsWith("varve: Unknown option: '--fast'"), run.toString());
    }

    @Test
    void shouldListTheStudyOptionsInHelp() {
        CliRun run = CliRun.run("bench", "--help");
        assertEquals(0, run.exitCode(), run.toString());
        for (String option : new String[] {"--quick", "--out", "--seed", "--codecs", "--report", "--plan"}) {
            assertTrue(run.out().contains(option), option + " missing from\n" + run.out());
        }
    }

    @Test
    void shouldSayInOneLineWhenTheStudyJarIsMissing() {
        String saved = System.getProperty("varve.bench.jar");
        System.setProperty("varve.bench.jar", "/nonexistent/benchmarks.jar");
        try {
            CliRun run = CliRun.run("bench", "--quick");
            assertEquals(1, run.exitCode(), run.toString());
            assertEquals(1, run.errLines().size(), run.toString());
            assertTrue(run.err().contains("the study's jar is missing"), run.toString());
        } finally {
            if (saved == null) {
                System.clearProperty("varve.bench.jar");
            } else {
                System.setProperty("varve.bench.jar", saved);
            }
        }
    }
}
