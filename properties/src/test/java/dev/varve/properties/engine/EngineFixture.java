package dev.varve.properties.engine;

import dev.varve.engine.api.LogEngine;
import dev.varve.engine.spi.EngineContext;
import java.nio.file.Path;

/**
 * What an engine author implements to run the conformance kit against an engine: open it, crash it, and
 * clean up after it. The kit gives each scenario a fresh, empty data directory and its own clock.
 *
 * <pre>{@code
 * class MyEngineConformanceTest extends EngineConformanceSuite {
 *     protected EngineFixture fixture() {
 *         return new EngineFixture() {
 *             public LogEngine open(EngineContext context) { return LogEngines.open("mine", context); }
 *             public void crash(LogEngine engine) { ((MyEngine) engine).simulatePowerLoss(); }
 *         };
 *     }
 * }
 * }</pre>
 */
public interface EngineFixture {

    /** Opens (or reopens, recovering as after a restart) the engine over {@code context.dataDirectory()}. */
    LogEngine open(EngineContext context);

    /**
     * Simulates a crash of {@code engine} (kill -9 or power loss): whatever was not flushed may be lost or
     * torn, and the instance is never used again. The kit then calls {@link #open} on the same directory.
     */
    void crash(LogEngine engine);

    /**
     * Enforces the engine's retention ({@code retention.ms}, {@code retention.bytes}) now, if it has any;
     * engines without retention keep the default, which does nothing.
     */
    default void enforceRetention(LogEngine engine) {
    }

    /** Frees whatever the engine keeps outside {@code dataDirectory} after a scenario (nothing by default). */
    default void discard(Path dataDirectory) {
    }
}
