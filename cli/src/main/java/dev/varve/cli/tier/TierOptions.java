package dev.varve.cli.tier;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --config name=value} options of the tier commands: overrides of {@link dev.varve.cli.TieredSettings}. */
final class TierOptions {
    @Option(names = "--config", paramLabel = "NAME=VALUE",
            description = "A tiered-storage config (remote.storage.s3.*, remote.log.reader.*), over <data>/tiered.properties"
                    + " and the defaults that match 'varve s3 serve'. Repeatable.")
    List<String> configs = new ArrayList<>();
}
