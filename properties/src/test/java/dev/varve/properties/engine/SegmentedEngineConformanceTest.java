package dev.varve.properties.engine;

import dev.varve.engine.api.LogEngine;
import dev.varve.engine.segmented.SegmentedLogEngine;
import dev.varve.engine.spi.EngineContext;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The conformance kit against the {@code segmented} engine on real files. A crash is a simulated power
 * loss: each segment keeps what was flushed plus a random part of the rest, sometimes ending in a torn
 * write of random bytes, and the next open recovers. The cut is chosen from the crash's ordinal within
 * the scenario, so the same scenario always crashes the same way and a printed failure replays exactly.
 */
class SegmentedEngineConformanceTest extends EngineConformanceSuite {

    @Override
    protected EngineFixture fixture() {
        return new EngineFixture() {
            private final Map<Path, Long> crashes = new ConcurrentHashMap<>();
            private final Map<LogEngine, Path> directories = new ConcurrentHashMap<>();

            @Override
            public LogEngine open(EngineContext context) {
                SegmentedLogEngine engine = SegmentedLogEngine.open(context);
                directories.put(engine, context.dataDirectory());
                return engine;
            }

            @Override
            public void crash(LogEngine engine) {
                Path dir = directories.remove(engine);
                long ordinal = crashes.merge(dir, 1L, Long::sum);
                ((SegmentedLogEngine) engine).losePowerAndHalt(ordinal);
            }

            @Override
            public void discard(Path dataDirectory) {
                crashes.remove(dataDirectory);
            }
        };
    }
}
