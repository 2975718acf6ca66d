package dev.varve.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.fault.KafkaFolderOracle;
import dev.varve.engine.log.CleanShutdownMarker;
import dev.varve.engine.log.OffsetCheckpointFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Items 1 and 5 of issue 11 at the command line. A produce that hits the file size limit
 * ({@code ulimit -f}, EFBIG, the path a full disk takes) fails with one line naming what is safe and a
 * non-zero exit; the next produce and consume see every record any produce reported, and Kafka's reader
 * accepts the folder. A command whose work succeeded but whose close cannot write the checkpoints
 * exits 0 with one warning line.
 */
class FailedWriteCliTest {
    private static final Pattern WRITTEN = Pattern.compile("; (\\d+) records were written before the failure \\(last offsets: t-0: (-?\\d+|none)\\); the rest were not$");

    @TempDir
    Path dir;

    private CliRun varve(String input, String... args) {
        List<String> all = new ArrayList<>(List.of("--data", dir.resolve("data").toString()));
        all.addAll(List.of(args));
        return CliRun.runWithInput(input, all.toArray(String[]::new));
    }

    /** {@code (ulimit -f blocks; varve produce t < input)} in a child JVM: exit code and standard error. */
    private CliRun produceUnderFileSizeLimit(int blocks, Path input) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                "ulimit -f " + blocks + "; exec \"$0\" -cp \"$VARVE_CP\" dev.varve.cli.Main --data \"$1\" produce t",
                java, dir.resolve("data").toString());
        builder.environment().put("VARVE_CP", System.getProperty("java.class.path"));
        builder.redirectInput(input.toFile());
        builder.redirectOutput(dir.resolve("out").toFile());
        builder.redirectError(dir.resolve("err").toFile());
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the produce ends");
        return new CliRun(process.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }

    /** The repro: {@code (ulimit -f N; seq 1 1000000 | varve produce t)}, then a normal produce and a consume. */
    @ParameterizedTest(name = "ulimit -f {0}")
    @ValueSource(ints = {2048, 12288})
    @EnabledOnOs(OS.LINUX)
    void shouldLoseNoReportedRecordWhenAProduceHitsTheFileSizeLimit(int blocks) throws IOException, InterruptedException {
        Path input = dir.resolve("input");
        Files.writeString(input, LongStream.rangeClosed(1, 1_000_000).mapToObj(Long::toString)
                .collect(Collectors.joining("\n", "", "\n")));
        assertEquals(0, varve("", "topics", "create", "t").exitCode());
        CliRun failed = produceUnderFileSizeLimit(blocks, input);
        assertNotEquals(0, failed.exitCode(), failed::toString);
        assertEquals(1, failed.errLines().size(), failed::toString);
        assertTrue(failed.err().startsWith("varve: storage error: "), failed::toString);
        assertTrue(failed.err().contains("File too large"), failed::toString);
        Matcher written = WRITTEN.matcher(failed.errLines().get(0));
        long reported = written.find() ? Long.parseLong(written.group(1)) : 0;
        assertTrue(reported < 1_000_000, failed::toString);
        // 2048 blocks (2 MiB) fail before any record, at the 10 MiB index preallocation; 12288 (12 MiB) mid-way in the .log
        assertEquals(blocks > 2048, reported > 0, failed::toString);
        assertTrue(reported > 0 || failed.errLines().get(0).endsWith("; no records were written"), failed::toString);

        CliRun next = varve("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n", "produce", "t");
        assertEquals(0, next.exitCode(), next::toString);
        assertEquals("last offsets: t-0: " + (reported + 9), next.outLines().get(2), "the next produce continues after the reported records");
        CliRun consumed = varve("", "consume", "t", "--from-beginning");
        assertEquals(0, consumed.exitCode(), consumed::toString);
        List<String> lines = consumed.outLines();
        assertEquals(reported + 10, lines.size());
        for (int i = 0; i < reported; i++) {
            assertEquals(Integer.toString(i + 1), lines.get(i), "record " + i);
        }
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), lines.subList((int) reported, lines.size()));
        assertEquals(reported + 10, KafkaFolderOracle.assertAccepts(dir.resolve("data").resolve("t-0")));
    }

    @Test
    void shouldWarnAndExitZeroWhenOnlyTheCheckpointsCannotBeWrittenAtClose() throws IOException {
        assertEquals(0, varve("", "topics", "create", "t").exitCode());
        Path data = dir.resolve("data");
        // a non-empty directory where the checkpoint's temporary file goes: every checkpoint write fails
        Files.createDirectories(data.resolve(OffsetCheckpointFile.RECOVERY_POINT + ".tmp").resolve("blocked"));
        CliRun produced = varve("one\ntwo\nthree\n", "produce", "t");
        assertEquals(0, produced.exitCode(), produced::toString);
        assertEquals("last offsets: t-0: 2", produced.outLines().get(2));
        assertEquals(1, produced.errLines().size(), produced::toString);
        assertTrue(produced.err().startsWith("varve: warning: closed without recording a clean shutdown, the next open recovers"),
                produced::toString);
        assertFalse(Files.exists(data.resolve(CleanShutdownMarker.FILE_NAME)), "no clean marker without its checkpoints");

        CliRun consumed = varve("", "consume", "t", "--from-beginning");
        assertEquals(0, consumed.exitCode(), consumed::toString);
        assertEquals(List.of("one", "two", "three"), consumed.outLines());
        assertTrue(consumed.err().startsWith("varve: warning: "), consumed::toString);
    }
}
