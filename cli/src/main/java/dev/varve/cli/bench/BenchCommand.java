package dev.varve.cli.bench;

import dev.varve.bench.study.StudyOptions;
import dev.varve.cli.CliException;
import dev.varve.cli.ErrorReporter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code varve bench}: checks the study's options ({@link StudyOptions}, shared with the study), then
 * runs the study in its own JVM, {@code java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp
 * bench/target/benchmarks.jar dev.varve.bench.study.StudyMain ...}, with this process's standard
 * streams, and ends with its exit code. The bench jar is found through {@code -Dvarve.bench.jar} (the
 * {@code ./varve} launcher sets it), else next to this jar as {@code ../../bench/target/benchmarks.jar};
 * results default to {@code bench/results} and the paper to {@code papers/batching-compression.md} of
 * that checkout. See {@code dev.varve.bench.study}'s package doc for why a child JVM.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"The batching and compression trade-off study: Varve vs Apache Kafka vs this machine's limits.",
            "Measures codec x batch size x record size x payload; prints a table, writes JSON, CSV and PNG plots under "
                + "bench/results/<timestamp>/ and regenerates papers/batching-compression.md."})
public final class BenchCommand implements Callable<Integer> {
    /** The JVM settings of the study: a fixed, pre-touched heap (steady GC, no first-touch noise) and no display. */
    static final List<String> JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-Djava.awt.headless=true");

    @Mixin
    StudyOptions options = new StudyOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try {
            options.settings();
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e);
        }
        Path jar = benchJar();
        Path root = jar.getParent().getParent().getParent();
        options.defaultOut(root.resolve("bench").resolve("results").toString());
        options.defaultPaper(root.resolve("papers").resolve("batching-compression.md").toString());
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(jar.toString());
        command.add("dev.varve.bench.study.StudyMain");
        command.addAll(options.toArgs());
        if (ErrorReporter.isVerbose(spec.commandLine())) {
            command.add("--verbose");
        }
        Process study = new ProcessBuilder(command).inheritIO().start();
        try {
            return study.waitFor();
        } catch (InterruptedException e) {
            study.destroy();
            Thread.currentThread().interrupt();
            throw new CliException(CliException.DATA_ERROR, "interrupted", e);
        }
    }

    /** The bench module's runnable jar, or a one-line error saying how to build it. */
    static Path benchJar() {
        String configured = System.getProperty("varve.bench.jar");
        Path jar;
        if (configured != null) {
            jar = Path.of(configured);
        } else {
            try {
                Path self = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                jar = self.toAbsolutePath().getParent().getParent().getParent().resolve("bench/target/benchmarks.jar");
            } catch (URISyntaxException | RuntimeException e) {
                throw new CliException(CliException.DATA_ERROR, "cannot locate bench/target/benchmarks.jar: set -Dvarve.bench.jar", e);
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new CliException(CliException.DATA_ERROR, jar + ": the study's jar is missing: run ./varve (which builds it) "
                    + "or ./mvnw -pl bench -am package -DskipTests");
        }
        return jar.toAbsolutePath();
    }

    private static String javaExecutable() throws IOException {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
