package dev.varve.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Where the global {@code --data DIR} option points: the value given anywhere on the command line,
 * else {@code $VARVE_DATA}, else {@code ./varve-data}.
 */
public final class DataOption {
    static final String NAME = "--data";
    static final String ENVIRONMENT = "VARVE_DATA";
    static final String DEFAULT = "varve-data";

    private DataOption() {
    }

    /** The data directory for the command line that ran {@code commandLine}. */
    public static Path dataDirectory(CommandLine commandLine) {
        CommandLine root = commandLine;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        String value = null;
        for (ParseResult result = root.getParseResult(); result != null; result = result.subcommand()) {
            if (result.hasMatchedOption(NAME)) {
                value = result.matchedOptionValue(NAME, value);
            }
        }
        if (value == null) {
            String environment = System.getenv(ENVIRONMENT);
            value = environment == null || environment.isBlank() ? DEFAULT : environment;
        }
        return Path.of(value);
    }
}
