package dev.varve.cli.dump;

/** A record header as dumped: its key (UTF-8 text, never null) and its value bytes. */
public record Header(String key, Payload value) {
}
