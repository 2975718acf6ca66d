package dev.varve.cli;

/**
 * A failure a command explains to its user in one line, with the exit code to end on:
 * {@link #DATA_ERROR} for files and data, {@link #USAGE_ERROR} for requests varve cannot serve.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit code for bad or missing files and data. */
    public static final int DATA_ERROR = 1;
    /** Exit code for bad usage, as picocli uses for invalid input. */
    public static final int USAGE_ERROR = 2;

    private final int exitCode;

    /** A failure with its one-line message (no {@code varve:} prefix) and exit code. */
    public CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    /** A failure with its one-line message, exit code and the exception behind it. */
    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A usage error for a request the engine refused as invalid (a bad name, count or config). */
    public static CliException usage(IllegalArgumentException refused) {
        return new CliException(USAGE_ERROR, refused.getMessage(), refused);
    }

    public int exitCode() {
        return exitCode;
    }
}
