package dev.varve.replication.sim;

import dev.varve.engine.api.LogEngine;
import dev.varve.engine.memory.MemoryLogEngine;
import dev.varve.engine.segmented.SegmentedLogEngine;
import dev.varve.engine.spi.EngineContext;

/**
 * The engine simulated brokers keep their logs in, and how each loses power. {@link #MEMORY}: the memory
 * engine, whose crash keeps exactly the flushed prefix; nothing touches the disk. {@link #SEGMENTED}: the
 * segmented engine on real files in a temporary directory, whose crash keeps the flushed prefix plus a part
 * of the rest chosen from a seed, sometimes ending in a torn write, and recovers on the next open; its
 * background thread is scheduled too rarely to run, so the run stays deterministic.
 */
public enum SimEngine {
    MEMORY,
    SEGMENTED;

    private static final long NEVER_MS = 1L << 40;

    LogEngine open(EngineContext context) {
        return this == MEMORY ? MemoryLogEngine.open(context)
                : SegmentedLogEngine.open(context, new SegmentedLogEngine.Schedule(NEVER_MS, NEVER_MS, NEVER_MS));
    }

    /** Power loss; {@code seed} picks what an engine that keeps part of the unflushed tail keeps. */
    void crash(LogEngine engine, long seed) {
        if (engine instanceof MemoryLogEngine memory) {
            memory.crash();
        } else {
            ((SegmentedLogEngine) engine).losePowerAndHalt(seed);
        }
    }

    /** The name a scenario script uses: {@code memory} or {@code segmented}. */
    public String scriptName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The engine named {@code name} in a script. */
    public static SimEngine of(String name) {
        for (SimEngine engine : values()) {
            if (engine.scriptName().equals(name)) {
                return engine;
            }
        }
        throw new IllegalArgumentException("unknown engine: " + name + ", expected memory or segmented");
    }
}
