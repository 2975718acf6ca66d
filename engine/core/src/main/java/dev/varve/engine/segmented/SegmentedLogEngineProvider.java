package dev.varve.engine.segmented;

import dev.varve.engine.api.LogEngine;
import dev.varve.engine.spi.EngineContext;
import dev.varve.engine.spi.LogEngineProvider;

/** Registers the {@code segmented} engine with {@link java.util.ServiceLoader}. */
public final class SegmentedLogEngineProvider implements LogEngineProvider {
    @Override
    public String name() {
        return SegmentedLogEngine.NAME;
    }

    @Override
    public LogEngine open(EngineContext context) {
        return SegmentedLogEngine.open(context);
    }
}
