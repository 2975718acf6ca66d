package dev.varve.cli.topics;

import dev.varve.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code varve topics}: the group of topic commands; run alone it prints its usage. */
@Command(name = "topics", description = "Create, list, describe, alter and delete topics.",
        subcommands = {TopicCreateCommand.class, TopicListCommand.class, TopicDescribeCommand.class,
            TopicAlterCommand.class, TopicDeleteCommand.class})
public final class TopicsCommand extends CommandGroup {
}
