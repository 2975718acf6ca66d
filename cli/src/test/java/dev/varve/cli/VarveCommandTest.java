package dev.varve.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VarveCommandTest {

    @Test
    void shouldPrintVersionAndJvm() {
        CliRun run = CliRun.run("version");
        assertEquals(0, run.exitCode(), run::toString);
        List<String> lines = run.outLines();
        assertTrue(lines.get(0).matches("varve \\d+\\.\\d+\\.\\d+.*"), run::toString);
        assertTrue(lines.get(1).startsWith("java " + System.getProperty("java.version")), run::toString);
        assertEquals("", run.err());
    }

    @Test
    void shouldPrintTheSameVersionForTheVersionOption() {
        assertEquals(CliRun.run("version").out(), CliRun.run("--version").out());
    }

    @Test
    void shouldListSubcommandsInHelp() {
        for (String flag : new String[] {"--help", "-h"}) {
            CliRun run = CliRun.run(flag);
            assertEquals(0, run.exitCode(), run::toString);
            assertTrue(run.out().startsWith("Usage: varve"), run::toString);
            assertTrue(run.out().contains("  version "), run::toString);
            assertTrue(run.out().contains("  dump "), run::toString);
            for (String command : new String[] {"topics", "produce", "consume"}) {
                assertTrue(run.out().contains("  " + command + " "), run::toString);
            }
        }
    }

    @Test
    void shouldPrintSubcommandHelp() {
        for (String[] args : List.of(new String[] {"dump", "--help"}, new String[] {"help", "dump"})) {
            CliRun run = CliRun.run(args);
            assertEquals(0, run.exitCode(), run::toString);
            assertTrue(run.out().replaceAll("\\s+", " ").startsWith(
                    "Usage: varve dump [-hV] [--json] [--records] [--sample] [--verbose] [--verify-index] [--data=DIR] [FILE...]"),
                    run::toString);
        }
    }

    @Test
    void shouldPrintUsageWhenRunWithoutCommand() {
        CliRun run = CliRun.run();
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("Usage: varve"), run::toString);
    }

    @Test
    void shouldExitTwoWithOneLineOnUnknownCommand() {
        CliRun run = CliRun.run("frobnicate");
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("varve: Unmatched argument"), run::toString);
        assertEquals("", run.out());
    }

    @Test
    void shouldExitTwoWithOneLineOnUnknownOption() {
        CliRun run = CliRun.run("dump", "--no-such-option", "x.log");
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(List.of("varve: Unknown option: '--no-such-option' (see 'varve dump --help')"), run.errLines());
    }

    @Test
    void shouldShowStackTraceOnlyWhenVerbose() {
        CliRun quiet = CliRun.run("dump", "/no/such/file.log");
        assertEquals(1, quiet.exitCode(), quiet::toString);
        assertEquals(List.of("varve: /no/such/file.log: no such file"), quiet.errLines());

        for (String[] args : List.of(new String[] {"--verbose", "dump", "/no/such/file.log"},
                new String[] {"dump", "/no/such/file.log", "--verbose"})) {
            CliRun verbose = CliRun.run(args);
            assertEquals(1, verbose.exitCode(), verbose::toString);
            assertEquals("varve: /no/such/file.log: no such file", verbose.errLines().get(0));
            assertTrue(verbose.err().contains("\tat dev.varve.cli"), verbose::toString);
        }
        assertFalse(quiet.err().contains("\tat "), quiet::toString);
    }
}
