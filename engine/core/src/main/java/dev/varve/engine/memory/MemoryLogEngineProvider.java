package dev.varve.engine.memory;

import dev.varve.engine.api.LogEngine;
import dev.varve.engine.spi.EngineContext;
import dev.varve.engine.spi.LogEngineProvider;

/** Registers the in-memory engine with {@link java.util.ServiceLoader} under the name {@code memory}. */
public final class MemoryLogEngineProvider implements LogEngineProvider {

    @Override
    public String name() {
        return MemoryLogEngine.NAME;
    }

    @Override
    public LogEngine open(EngineContext context) {
        return MemoryLogEngine.open(context);
    }
}
