package dev.varve.cli;

import dev.varve.engine.api.VarveException;
import dev.varve.tiered.RemoteStoreUnavailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line {@code varve: <what went wrong>} on the command's error writer
 * and an exit code: 2 for usage errors, a {@link CliException}'s own code, 1 for anything else.
 * Stack traces appear only under {@code --verbose}. Stateless, so one instance serves the tree.
 */
public final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
    static final String VERBOSE = "--verbose";

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        String help = commandLine.getCommandSpec().qualifiedName() + " --help";
        PrintWriter err = commandLine.getErr();
        err.println("varve: " + ex.getMessage() + " (see '" + help + "')");
        if (Arrays.asList(args).contains(VERBOSE)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        report(commandLine.getErr(), ex, isVerbose(commandLine));
        return ex instanceof CliException cli ? cli.exitCode() : CliException.DATA_ERROR;
    }

    /** Prints {@code varve: <message>} for {@code failure}, and its stack trace when verbose. */
    public static void report(PrintWriter err, Throwable failure, boolean verbose) {
        err.println("varve: " + describe(failure));
        if (verbose) {
            failure.printStackTrace(err);
        }
        err.flush();
    }

    /** One line saying what went wrong, for a user rather than a developer. */
    public static String describe(Throwable failure) {
        if (failure instanceof RemoteStoreUnavailableException e) {
            String only = e.operation().equals("read") ? "; these records are only in the remote store (offsets at or"
                    + " above the local log start stay readable)" : "";
            return e.getMessage() + only + "; next: start the store (varve s3 serve) or check remote.storage.s3.endpoint";
        }
        if (failure instanceof CliException || failure instanceof VarveException) {
            return failure.getMessage();
        }
        if (failure instanceof NoSuchFileException e) {
            return e.getFile() + ": no such file";
        }
        if (failure instanceof AccessDeniedException e) {
            return e.getFile() + ": permission denied";
        }
        if (failure instanceof FileSystemException e) {
            return e.getFile() + ": " + (e.getReason() == null ? "cannot be read" : e.getReason());
        }
        if (failure instanceof IOException e) {
            return "I/O error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return "internal error: " + failure + " (run with --verbose for the stack trace)";
    }

    /** Whether {@code --verbose} was given anywhere on the command line that ran {@code commandLine}. */
    public static boolean isVerbose(CommandLine commandLine) {
        CommandLine root = commandLine;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        for (ParseResult result = root.getParseResult(); result != null; result = result.subcommand()) {
            if (result.hasMatchedOption(VERBOSE)) {
                return true;
            }
        }
        return false;
    }
}
