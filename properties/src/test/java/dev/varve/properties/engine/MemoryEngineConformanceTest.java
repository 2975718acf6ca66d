package dev.varve.properties.engine;

import static dev.varve.properties.engine.Actions.append;
import static dev.varve.properties.engine.Actions.batch;
import static dev.varve.properties.engine.Actions.crash;
import static dev.varve.properties.engine.Actions.r;
import static dev.varve.properties.engine.Actions.reopenEngine;

import dev.varve.engine.api.LogEngine;
import dev.varve.engine.api.LogEngines;
import dev.varve.engine.memory.MemoryLogEngine;
import dev.varve.engine.spi.EngineContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The conformance kit against the in-memory engine, with the scenarios it once found pinned as regressions. */
class MemoryEngineConformanceTest extends EngineConformanceSuite {

    @Override
    protected EngineFixture fixture() {
        return new EngineFixture() {
            @Override
            public LogEngine open(EngineContext context) {
                return LogEngines.open(MemoryLogEngine.NAME, context);
            }

            @Override
            public void crash(LogEngine engine) {
                ((MemoryLogEngine) engine).crash();
            }

            @Override
            public void discard(Path dataDirectory) {
                MemoryLogEngine.discard(dataDirectory);
            }
        };
    }

    /** Found by the kit against a flush that left the last batch volatile (a planted mutant). */
    @Test
    void shouldKeepFlushedBatchesAcrossACleanReopenAndACrash() {
        check(new Scenario(Map.of("message.timestamp.type", "LogAppendTime"), List.of(
                append(batch(0, r(6, 17, 20, 1000, 2)), batch(0, r(48, 15, 49, 195, 0))),
                reopenEngine(),
                crash())));
    }
}
