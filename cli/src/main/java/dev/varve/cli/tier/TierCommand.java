package dev.varve.cli.tier;

import dev.varve.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code varve tier}: the group of tiered-storage commands; run alone it prints its usage. */
@Command(name = "tier", description = "Tiered storage: upload closed segments, enforce retention, show where data lives.",
        subcommands = {TierStatusCommand.class, TierRunCommand.class})
public final class TierCommand extends CommandGroup {
}
