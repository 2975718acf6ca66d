package dev.varve.lmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: what one random byte of an LMDB data file does, each flip read in a child JVM
 * ({@link FlipReader}) so that a crash is counted rather than suffered. Outcomes: {@code exact}, {@code typed}
 * (a Varve exception naming the file), {@code crash} (the JVM died: before {@link LmdbPageWalk}, LMDB followed
 * damaged B-tree pages without checks), {@code wrong} (other content without an error: before the store's
 * witness, a damaged B-tree page that dropped a record from a scan) and {@code untyped}. Fails on any of the last
 * three; prints
 * the counts, which the reliability paper reports. Flips: {@code varve.property.examples / 20} (10 by default,
 * 250 under {@code -Pdeep}; a child JVM each); seed in {@code varve.lmdb.flip.seed}, printed.
 */
class DataFileFlipStudyTest {
    private static final int FLIPS = Math.max(1, Integer.getInteger("varve.property.examples", 200) / 20);
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path root;

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "reads exit codes of a crashed JVM as POSIX reports them")
    void shouldNeverServeAWrongAnswerOrAnUntypedErrorForAFlippedByteOfTheDataFile() throws Exception {
        long seed = Long.getLong("varve.lmdb.flip.seed", System.nanoTime());
        Random random = new Random(seed);
        Path pristine = root.resolve("pristine");
        try (RemoteLogMetadataStore store = RemoteLogMetadataStore.open(pristine, RemoteMetadataStoreOptions.defaults())) {
            for (int i = 0; i < 30; i++) {
                Segments.readable(store, FlipReader.PARTITIONS[i % 2], i * 100L, i * 100L + 99, i);
            }
        }
        String expected = child(pristine);
        assertTrue(expected.startsWith("OK "), expected);
        byte[] data = Files.readAllBytes(pristine.resolve(LmdbEnvironment.DATA_FILE));
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int flip = 0; flip < FLIPS; flip++) {
            int position = random.nextInt(data.length);
            int value = random.nextInt(256);
            Path trial = root.resolve("flip-" + flip);
            Files.createDirectories(trial);
            byte[] bytes = data.clone();
            bytes[position] = (byte) value;
            Files.write(trial.resolve(LmdbEnvironment.DATA_FILE), bytes);
            String line = child(trial);
            String outcome = line.equals(expected) ? "exact" : line.startsWith("TYPED ") ? "typed"
                    : line.startsWith("OK ") ? "wrong" : line.startsWith("UNTYPED ") ? "untyped" : "crash";
            outcomes.merge(outcome, 1, Integer::sum);
            if (!outcome.equals("exact") && !outcome.equals("typed")) {
                String flipped = outcome + " at position=" + position + " (page " + position / 4096 + "), value="
                        + value + " (was " + (data[position] & 0xFF) + "): " + line;
                System.out.println("lmdb data file flip: " + flipped);
                failures.add(flipped);
            }
        }
        System.out.println("lmdb data file flips: seed=" + seed + ", bytes=" + data.length + ", flips=" + FLIPS + ", outcomes=" + outcomes);
        assertEquals(List.of(), failures, "seed=" + seed + " (rerun with -Dvarve.lmdb.flip.seed=" + seed + ")");
    }

    /** Runs {@link FlipReader} on {@code dir}; its line, or {@code CRASH exit=N} when it printed none. */
    private static String child(Path dir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String flags = System.getProperty("varve.lmdb.jvm.flags", "").trim();
        if (!flags.isEmpty()) {
            command.addAll(Arrays.asList(flags.split("\\s+")));
        }
        command.addAll(List.of("-XX:-CreateCoredumpOnCrash", "-XX:ErrorFile=" + dir.resolve("hs_err.log"), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), FlipReader.class.getName(), dir.toString()));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String line;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            line = lines.readLine();
        } finally {
            if (!child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        return line != null ? line : "CRASH exit=" + child.waitFor();
    }
}
