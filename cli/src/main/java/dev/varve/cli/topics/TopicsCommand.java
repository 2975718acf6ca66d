package dev.varve.cli.topics;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code varve topics}: the group of topic commands; run alone it prints its usage. */
@Command(name = "topics", description = "Create, list, describe, alter and delete topics.",
        subcommands = {TopicCreateCommand.class, TopicListCommand.class, TopicDescribeCommand.class,
            TopicAlterCommand.class, TopicDeleteCommand.class})
public final class TopicsCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        CommandLine commandLine = spec.commandLine();
        commandLine.usage(commandLine.getOut());
    }
}
