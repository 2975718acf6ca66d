package dev.varve.cli;

import dev.varve.cli.bench.BenchCommand;
import dev.varve.cli.compact.CompactCommand;
import dev.varve.cli.consume.ConsumeCommand;
import dev.varve.cli.dump.DumpCommand;
import dev.varve.cli.produce.ProduceCommand;
import dev.varve.cli.s3.S3Command;
import dev.varve.cli.sim.SimCommand;
import dev.varve.cli.tier.TierCommand;
import dev.varve.cli.topics.TopicsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The root of the {@code varve} command tree: global options ({@code --help}, {@code --version},
 * {@code --verbose}, {@code --data DIR}, inherited by every sub-command) and the list of sub-commands. Run with no
 * sub-command, it prints its usage.
 */
@Command(name = "varve",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = VersionInfo.class,
        description = "Varve: a Kafka-compatible log storage engine.",
        subcommands = {VersionCommand.class, TopicsCommand.class, ProduceCommand.class, ConsumeCommand.class,
            CompactCommand.class, DumpCommand.class, BenchCommand.class, S3Command.class, SimCommand.class,
            TierCommand.class, CommandLine.HelpCommand.class},
        usageHelpAutoWidth = true)
public final class VarveCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Read by {@link ErrorReporter}, which looks it up by name on the parsed command line. */
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces with errors.")
    private boolean verbose;

    /** Read by {@link DataOption}, which looks it up by name on the parsed command line. */
    @Option(names = DataOption.NAME, scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Data directory of the embedded engine (default: $VARVE_DATA, else ./varve-data).")
    private String data;

    /**
     * A command line for the whole tree with varve's error handling installed: what {@link Main}
     * runs, and what tests run in-process after setting its out and err writers.
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new VarveCommand());
        ErrorReporter reporter = new ErrorReporter();
        commandLine.setExecutionExceptionHandler(reporter);
        commandLine.setParameterExceptionHandler(reporter);
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
