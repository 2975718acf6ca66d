package dev.varve.engine.spi;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * What an engine is opened with: its data directory and the clock it must use for every timestamp it
 * takes (log append time, segment age, retention), so tests and simulations control time.
 */
public record EngineContext(Path dataDirectory, Clock clock) {
    public EngineContext {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(clock, "clock");
    }
}
