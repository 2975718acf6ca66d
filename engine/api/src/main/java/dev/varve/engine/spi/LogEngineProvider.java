package dev.varve.engine.spi;

import dev.varve.engine.api.LogEngine;

/**
 * What an engine plug-in implements to be found by name: list the implementation in
 * {@code META-INF/services/dev.varve.engine.spi.LogEngineProvider}. Must have a public no-argument
 * constructor; {@link #open} may be called many times, once per data directory.
 */
public interface LogEngineProvider {

    /** The unique name brokers ask for, e.g. {@code segmented}. */
    String name();

    /** Opens (creating if needed, recovering if it was not shut down cleanly) an engine over the context's directory. */
    LogEngine open(EngineContext context);
}
