package dev.varve.cli.s3;

import dev.varve.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code varve s3}: the group of object-store commands; run alone it prints its usage. */
@Command(name = "s3", description = "Run an S3-compatible object store for tiered storage.",
        subcommands = {S3ServeCommand.class})
public final class S3Command extends CommandGroup {
}
