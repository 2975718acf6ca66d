package dev.varve.cli.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimCommandTest {
    @TempDir
    Path directory;

    @Test
    void shouldShowTheKip101LossUnderTheOldProtocolAndNoneByDefault() {
        CliRun run = CliRun.run("sim", "--script", "../replication/scenarios/kip-101-data-loss.txt");
        assertEquals(0, run.exitCode(), run.toString());
        String out = run.out();
        int old = out.indexOf("== verdicts under high-watermark");
        int current = out.indexOf("== verdicts under leader-epoch");
        assertTrue(old >= 0 && current > old, out);
        assertTrue(out.substring(old, current).contains("durability: VIOLATED"), out);
        assertTrue(out.substring(current).contains("durability: holds"), out);
        assertTrue(out.contains("== every expectation met"), out);
    }

    private CliRun runScript(String name, String text) throws IOException {
        Path script = directory.resolve(name);
        Files.writeString(script, text);
        return CliRun.run("sim", "--script", script.toString());
    }

    @Test
    void shouldExitNonZeroWhenAnExpectationIsNotMet() throws IOException {
        CliRun run = runScript("wrong.txt", "expect leader-epoch durability violated\nsettle 30000\nproduce p0 acks=all\nawait 2000\n");
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.out().contains("EXPECTATION NOT MET"), run.out());
    }

    @Test
    void shouldRunASeededRandomScheduleTheSameWayTwice() {
        CliRun first = CliRun.run("sim", "--seed", "1", "--steps", "2000");
        assertEquals(0, first.exitCode(), first.toString());
        assertTrue(first.out().contains("every invariant held"), first.out());
        assertEquals(first.out(), CliRun.run("sim", "--seed", "1", "--steps", "2000").out());
    }

    @Test
    void shouldFindTheOldProtocolsLossByRandomSchedule() {
        CliRun run = CliRun.run("sim", "--seed", "3", "--steps", "3000", "--config", "min.insync.replicas=2",
                "--config", "replica.truncation.protocol=high-watermark");
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.out().contains("VIOLATION durability"), run.out());
        assertTrue(run.out().contains("replay: varve sim --seed 3"), run.out());
    }

    @Test
    void shouldSaveARandomRunAsAScriptThatReplaysIt() throws IOException {
        Path script = directory.resolve("run.txt");
        CliRun random = CliRun.run("sim", "--seed", "5", "--steps", "300", "--save-script", script.toString());
        assertEquals(0, random.exitCode(), random.toString());
        assertTrue(Files.readString(script).startsWith("cluster brokers=3 partitions=1 rf=3\nseed 5\n"));
        CliRun replay = CliRun.run("sim", "--script", script.toString());
        assertEquals(0, replay.exitCode(), replay.toString());
        assertTrue(replay.out().contains("== every expectation met"), replay.out());
    }

    @Test
    void shouldRefuseABadScriptWithItsLine() throws IOException {
        CliRun run = runScript("bad.txt", "cluster brokers=2 partitions=1 rf=2\ncrash b9\n");
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("bad.txt:2: no broker b9"), run.err());
    }
}
