package dev.varve.bench.study;

import dev.varve.bench.study.StudyOptions.Settings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The study's entry point in its own JVM ({@code java -cp bench/target/benchmarks.jar
 * dev.varve.bench.study.StudyMain [options]}), started by {@code varve bench}: parses
 * {@link StudyOptions}, then prints the plan ({@code --plan}), renders a results folder
 * ({@code --report}) or runs the study. Errors end as one line {@code varve: ...} on standard error
 * with exit code 2 (usage) or 1 (anything else); {@code --verbose} adds the stack trace.
 */
@Command(name = "varve bench", mixinStandardHelpOptions = true,
        description = "The batching and compression trade-off study: Varve vs Kafka vs the machine's limits.")
public final class StudyMain implements java.util.concurrent.Callable<Integer> {
    @Mixin
    StudyOptions options = new StudyOptions();

    @Option(names = "--verbose", description = "Print stack traces with errors.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs with {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        StudyMain main = new StudyMain();
        CommandLine commandLine = new CommandLine(main);
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            err.println("varve: " + e.getMessage() + " (see 'varve bench --help')");
            return 2;
        }
        if (commandLine.isUsageHelpRequested()) {
            commandLine.usage(out);
            return 0;
        }
        try {
            return main.execute(out);
        } catch (IllegalArgumentException e) {
            err.println("varve: " + e.getMessage());
            if (main.verbose) {
                e.printStackTrace(err);
            }
            return 2;
        } catch (Exception | Error e) {
            err.println("varve: " + describe(e));
            if (main.verbose) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    private int execute(PrintStream out) throws Exception {
        Settings settings = options.settings();
        Path paper = options.paper() == null ? Path.of("papers", "batching-compression.md")
                : options.paper().equals("none") ? null : Path.of(options.paper());
        if (options.report() != null) {
            Report.render(Path.of(options.report()), paper, out);
            return 0;
        }
        Study study = new Study(settings, out, Progress.onTerminal());
        study.printPlan();
        if (options.plan()) {
            return 0;
        }
        Path outRoot = Path.of(options.out() == null ? "bench/results" : options.out());
        Path workDir = Path.of(options.workDir() == null ? System.getProperty("java.io.tmpdir") : options.workDir());
        if (!Files.isDirectory(workDir)) {
            throw new IllegalArgumentException("--work-dir " + workDir + " is not a directory");
        }
        study.run(outRoot, workDir, paper);
        return 0;
    }

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("run through main");
    }

    private static String describe(Throwable e) {
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": " + (n.getReason() == null ? "no such file" : n.getReason());
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() + " (run with --verbose for the stack trace)"
                : message + (e instanceof java.io.IOException ? "" : " (" + e.getClass().getSimpleName() + "; --verbose for the stack trace)");
    }
}
