package dev.varve.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code varve version}: prints varve's version and the JVM's, one a line. */
@Command(name = "version", description = "Print the version of varve and of the JVM running it.")
public final class VersionCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        for (String line : new VersionInfo().getVersion()) {
            spec.commandLine().getOut().println(line);
        }
    }
}
