package dev.varve.properties.corruption;

import dev.varve.cli.VarveCommand;
import dev.varve.engine.fault.LogCapture;
import dev.varve.engine.log.CleanShutdownMarker;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * One corruption trial: a fresh copy of the sample folder, one file changed, reopened cleanly (the
 * clean-shutdown marker kept) or not (marker removed, so recovery runs from the recovery point), then
 * read whole through the {@code varve consume} command in this JVM, and a few timestamp lookups
 * ({@code consume --time}); the output is judged against the unchanged folder's:
 * <ul>
 *   <li>{@link Verdict#HARMLESS}: exit 0 and exactly the original output;</li>
 *   <li>{@link Verdict#DETECTED}: a non-zero exit with one line on standard error naming where (a
 *       position or offset), no stack trace, and only original records printed before it;</li>
 *   <li>{@link Verdict#RECOVERED}: exit 0 with a prefix of the original output, after recovery logged
 *       that it cut the log at an invalid batch (what Kafka does after an unclean shutdown);</li>
 *   <li>{@link Verdict#WRONG}: anything else: a record that is not the original, a silent loss, an
 *       untyped error.</li>
 * </ul>
 */
final class FlipTrial {
    /** How a trial ended. */
    enum Verdict { HARMLESS, DETECTED, RECOVERED, WRONG }

    /** A trial's verdict and, when it is not harmless, what was seen. */
    record Outcome(Verdict verdict, String evidence) {
    }

    /** What {@code varve consume} printed for one query. */
    record Output(int exitCode, List<String> out, List<String> err) {
    }

    private final Path template;
    private final Path scratch;
    /** What the engine warned while the last query ran. */
    private List<String> warnings = List.of();

    FlipTrial(Path template, Path scratch) {
        this.template = template;
        this.scratch = scratch;
    }

    /** The queries a trial makes of {@code topic}: the whole partition, then a lookup by timestamp per entry of {@code times}. */
    static List<List<String>> queries(String topic, List<Long> times) {
        List<List<String>> queries = new ArrayList<>();
        queries.add(List.of("consume", topic, "--from-beginning", "--format", "json"));
        for (long time : times) {
            queries.add(List.of("consume", topic, "--partition", "0", "--time", Long.toString(time), "--max", "2", "--format", "json"));
        }
        return queries;
    }

    /** Runs {@code queries} on an unchanged copy: the outputs every trial is judged against. */
    List<Output> expected(List<List<String>> queries) {
        Path dir = copyTemplate();
        try {
            return queries.stream().map(query -> run(dir, query)).toList();
        } finally {
            delete(dir);
        }
    }

    /** Applies {@code change} to a fresh copy, reopens it cleanly or not, runs {@code queries} and judges each. */
    Outcome run(FileChange change, boolean clean, List<List<String>> queries, List<Output> expected) {
        Path dir = copyTemplate();
        try {
            change.applyTo(dir);
            if (!clean) {
                deleteFile(new CleanShutdownMarker(dir).file());
            }
            for (int i = 0; i < queries.size(); i++) {
                Output actual = run(dir, queries.get(i));
                Outcome outcome = judge(actual, expected.get(i));
                if (outcome.verdict() != Verdict.HARMLESS) {
                    return new Outcome(outcome.verdict(), String.join(" ", queries.get(i)) + ": " + outcome.evidence());
                }
            }
            return new Outcome(Verdict.HARMLESS, "");
        } finally {
            delete(dir);
        }
    }

    private Outcome judge(Output actual, Output expected) {
        boolean prefix = isPrefix(actual.out(), expected.out());
        String seen = "exit " + actual.exitCode() + ", " + actual.out().size() + " of " + expected.out().size()
                + " lines, err " + actual.err() + (prefix ? "" : ", first differing line: " + firstDifference(actual.out(), expected.out()));
        if (actual.exitCode() == 0 && actual.out().equals(expected.out()) && actual.err().equals(expected.err())) {
            return new Outcome(Verdict.HARMLESS, "");
        }
        if (actual.exitCode() != 0 && prefix && oneClearLine(actual.err())) {
            return new Outcome(Verdict.DETECTED, seen);
        }
        if (actual.exitCode() == 0 && prefix && actual.err().equals(expected.err())
                && warnings.stream().anyMatch(w -> w.contains("truncated") || w.contains("deleted segment"))) {
            return new Outcome(Verdict.RECOVERED, seen + ", warnings " + warnings);
        }
        return new Outcome(Verdict.WRONG, seen + ", warnings " + warnings);
    }

    private static boolean oneClearLine(List<String> err) {
        return err.size() == 1 && err.get(0).startsWith("varve: ") && !err.get(0).contains("internal error")
                && (err.get(0).contains("position=") || err.get(0).contains("offset"));
    }

    private static boolean isPrefix(List<String> actual, List<String> expected) {
        return actual.size() <= expected.size() && expected.subList(0, actual.size()).equals(actual);
    }

    private static String firstDifference(List<String> actual, List<String> expected) {
        for (int i = 0; i < actual.size(); i++) {
            if (i >= expected.size() || !actual.get(i).equals(expected.get(i))) {
                return actual.get(i) + " (expected " + (i < expected.size() ? expected.get(i) : "nothing") + ")";
            }
        }
        return "none";
    }

    private Output run(Path dir, List<String> query) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = VarveCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(query);
        args.add("--data");
        args.add(dir.toString());
        try (LogCapture log = LogCapture.named("dev.varve")) {
            Level level = log.logger().getLevel();
            try {
                int exitCode = commandLine.execute(args.toArray(String[]::new));
                return new Output(exitCode, out.toString().lines().toList(), err.toString().lines().toList());
            } finally {
                warnings = log.warnings();
                log.logger().setLevel(level);
            }
        }
    }

    private Path copyTemplate() {
        try {
            Path dir = Files.createTempDirectory(scratch, "trial");
            try (Stream<Path> walk = Files.walk(template)) {
                for (Path source : walk.toList()) {
                    Path target = dir.resolve(template.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteFile(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
