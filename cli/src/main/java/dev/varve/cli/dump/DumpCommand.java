package dev.varve.cli.dump;

import dev.varve.cli.CliException;
import dev.varve.cli.ErrorReporter;
import dev.varve.engine.api.VarveException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code varve dump FILE... [--records] [--json] [--verify-index]} and {@code varve dump --sample}:
 * decodes files of record batches and their {@code .index} and {@code .timeindex} files. Each file is dumped in turn; a file that fails is reported in one line and the
 * next is dumped; the exit code is the worst of them (0 all good, 1 bad data, 2 unsupported file).
 */
@Command(name = "dump", sortOptions = false,
        description = {"Decode .log files of Kafka v2 record batches, and .index and .timeindex files, Kafka's or Varve's.",
            "A batch whose CRC fails is shown with crcValid: false, one out of place in its file (offsets not above the "
                + "previous batch's or outside the segment) with structureValid: false and "
                + "structureError; a corrupt or torn tail ends the dump "
                + "with one error line. Exit code 1 when anything is corrupt."})
public final class DumpCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "The .log, .index and .timeindex files to decode.")
    private List<Path> files = new ArrayList<>();

    @Option(names = "--records", description = "Also print every record: offset, timestamp, sizes, headers, key, value.")
    private boolean records;

    @Option(names = "--json", description = "One JSON object a line per batch (with a records array under --records).")
    private boolean json;

    @Option(names = "--verify-index", description = "Check each .index/.timeindex FILE against the .log next to it "
            + "instead of dumping it: print the entries that do not match, exit 1 if any.")
    private boolean verifyIndex;

    @Option(names = "--sample", description = "Write a sample .log (a batch per codec, a transaction "
            + "and its COMMIT marker) to a temporary directory, dump it with --records, then delete it.")
    private boolean sample;

    @Override
    public Integer call() throws IOException {
        if (sample && !files.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--sample takes no FILE");
        }
        if (!sample && files.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Missing FILE: give at least one .log file, or --sample");
        }
        return sample ? dumpSample() : dumpAll(files, records);
    }

    private int dumpAll(List<Path> paths, boolean withRecords) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean verbose = ErrorReporter.isVerbose(spec.commandLine());
        DumpFormat format = json ? new JsonDumpFormat(out, err, withRecords) : new TextDumpFormat(out);
        int exitCode = 0;
        IndexFileDumper indexDumper = new IndexFileDumper(format, verifyIndex);
        try (LogFileDumper dumper = new LogFileDumper(format, err, withRecords, verbose)) {
            for (Path path : paths) {
                try {
                    if (IndexFileDumper.isIndex(path)) {
                        indexDumper.dump(path);
                    } else {
                        dumper.dump(path);
                    }
                } catch (CliException | VarveException | IOException | UncheckedIOException e) {
                    out.flush();
                    ErrorReporter.report(err, e, verbose);
                    exitCode = Math.max(exitCode, e instanceof CliException cli ? cli.exitCode() : CliException.DATA_ERROR);
                }
            }
        }
        return exitCode;
    }

    private int dumpSample() throws IOException {
        Path directory = Files.createTempDirectory("varve-sample-");
        try {
            Path log = directory.resolve("00000000000000000000.log");
            SampleLog.write(log);
            return dumpAll(List.of(log), true);
        } finally {
            deleteRecursively(directory);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
