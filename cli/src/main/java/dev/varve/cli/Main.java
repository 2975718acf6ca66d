package dev.varve.cli;

/** Entry point of the shaded jar: runs {@link VarveCommand} and exits with its code. */
public final class Main {
    /** The engine's warnings (a recovery that truncated a torn tail, say) as one line each, like our errors. */
    private static final String LOG_LINE_FORMAT = "varve: %4$s: %5$s%n";

    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", LOG_LINE_FORMAT);
        }
        System.exit(VarveCommand.commandLine().execute(args));
    }
}
