package dev.varve.lmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.LogStorageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL at a random moment and reopens its store: every transition the child
 * acknowledged is there, at most the one in flight beyond it, and nothing half-written (every record decodes
 * and both of the store's databases agree). While the child lives, this process cannot open the store. A failure
 * names the seed; rerun with
 * {@code -Dvarve.lmdb.crash.seed=SEED}.
 */
class SigkillDurabilityTest {
    private static final int ROUNDS = 3;
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path data;

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "destroyForcibly is SIGKILL on POSIX only")
    void shouldKeepEveryAcknowledgedTransitionAndNoPartialOneAfterSigkill() throws Exception {
        long seed = Long.getLong("varve.lmdb.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int round = 0; round < ROUNDS; round++) {
            int killAfter = 1 + random.nextInt(400);
            Path dir = data.resolve("round-" + round);
            Map<Integer, RemoteSegmentState> acknowledged = runAndKill(dir, killAfter);
            try {
                check(dir, acknowledged);
            } catch (AssertionError e) {
                throw new AssertionError("seed=" + seed + " round=" + round + " killAfter=" + killAfter
                        + " (rerun with -Dvarve.lmdb.crash.seed=" + seed + "): " + e.getMessage(), e);
            }
        }
    }

    /** Starts the child, reads {@code killAfter} acknowledgements, kills it with SIGKILL. */
    private static Map<Integer, RemoteSegmentState> runAndKill(Path dir, int killAfter) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String flags = System.getProperty("varve.lmdb.jvm.flags", "").trim();
        if (!flags.isEmpty()) {
            command.addAll(Arrays.asList(flags.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), dir.toString()));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<Integer, RemoteSegmentState> acknowledged = new HashMap<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            for (int read = 0; read < killAfter && System.nanoTime() < deadline; read++) {
                String line = lines.readLine();
                if (line == null) {
                    throw new AssertionError("the child ended before it was killed: exit=" + child.waitFor());
                }
                acknowledge(acknowledged, line);
            }
            LogStorageException locked = assertThrows(LogStorageException.class,
                    () -> RemoteLogMetadataStore.open(dir, RemoteMetadataStoreOptions.defaults()));
            assertTrue(locked.getMessage().contains("locked by another process"), locked.getMessage());
            child.toHandle().destroyForcibly(); // SIGKILL; Process.destroyForcibly would also close the pipe
            assertTrue(child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the child did not die");
            // what the child printed before it died, still in the pipe, was acknowledged too
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                acknowledge(acknowledged, line);
            }
        } finally {
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL (128 + 9)");
        return acknowledged;
    }

    /** Records a {@code <segment> <state>} line; a line the kill cut short acknowledges nothing. */
    private static void acknowledge(Map<Integer, RemoteSegmentState> acknowledged, String line) {
        String[] fields = line.split(" ");
        if (fields.length == 2 && Arrays.stream(RemoteSegmentState.values()).anyMatch(s -> s.name().equals(fields[1]))) {
            acknowledged.put(Integer.parseInt(fields[0]), RemoteSegmentState.valueOf(fields[1]));
        }
    }

    private static void check(Path dir, Map<Integer, RemoteSegmentState> acknowledged) {
        try (RemoteLogMetadataStore store = RemoteLogMetadataStore.open(dir, RemoteMetadataStoreOptions.defaults())) {
            List<RemoteSegmentMetadata> stored = store.segments(CrashWriter.PARTITION);
            int last = acknowledged.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
            assertTrue(stored.size() == last + 1 || stored.size() == last + 2,
                    "segments stored: " + stored.size() + ", last acknowledged: " + last);
            for (RemoteSegmentMetadata segment : stored) {
                int i = (int) segment.segmentId().getLeastSignificantBits();
                assertEquals(CrashWriter.id(i), segment.segmentId());
                assertEquals(Optional.of(segment), store.segment(CrashWriter.PARTITION, segment.segmentId()),
                        "the id index agrees");
                List<RemoteSegmentState> life = CrashWriter.life(i);
                int ackedStep = acknowledged.containsKey(i) ? life.indexOf(acknowledged.get(i)) : -1;
                int storedStep = life.indexOf(segment.state());
                assertTrue(storedStep == ackedStep || storedStep == ackedStep + 1 && isInFlight(i, last, ackedStep, life),
                        "segment " + i + ": acknowledged " + acknowledged.get(i) + ", stored " + segment.state());
            }
        }
    }

    /** Only the last transition the child made can be committed but unacknowledged. */
    private static boolean isInFlight(int segment, int lastAcknowledged, int ackedStep, List<RemoteSegmentState> life) {
        return segment == lastAcknowledged && ackedStep + 1 < life.size() || segment == lastAcknowledged + 1 && ackedStep == -1;
    }
}
