/**
 * The {@code varve} command: a picocli command tree ({@link dev.varve.cli.VarveCommand}) run by
 * {@link dev.varve.cli.Main} from the shaded jar that {@code ./varve} builds.
 *
 * <p>Error policy: every failure ends as one line {@code varve: <what went wrong>} on standard error
 * and a non-zero exit, 1 for bad data or files and 2 for bad usage, as picocli numbers them; the
 * global {@code --verbose} option adds the stack trace. Commands write only through their
 * {@link picocli.CommandLine}'s out and err writers, so tests run them in-process.
 */
package dev.varve.cli;
