package dev.varve.cli;

/** Entry point of the shaded jar: runs {@link VarveCommand} and exits with its code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(VarveCommand.commandLine().execute(args));
    }
}
