package dev.varve.properties.engine;

import static dev.varve.properties.engine.Actions.append;
import static dev.varve.properties.engine.Actions.batch;
import static dev.varve.properties.engine.Actions.crash;
import static dev.varve.properties.engine.Actions.flush;
import static dev.varve.properties.engine.Actions.r;

import dev.varve.engine.api.LogEngine;
import dev.varve.engine.segmented.SegmentedLogEngine;
import dev.varve.engine.spi.EngineContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

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

    /**
     * Found by the kit: a power loss cut a middle segment cleanly at a batch boundary while the next
     * segment's file survived, and recovery kept both, leaving a hole in the offsets.
     */
    @Test
    void shouldDropSegmentsAfterOneThatLostItsUnflushedTail() {
        check(new Scenario(Map.of("max.message.bytes", "1000", "message.timestamp.type", "LogAppendTime", "segment.bytes", "1024"), List.of(
                append(batch(3, r(11, 15, 21, 4, 0), r(11, 14, 119, 877, 2), r(2, 17, 23, 898, 2), r(17, 5, 8, 917, 1), r(14, 2, 12, 956, 0)),
                        batch(1, r(42, 6, 22, 101, 1), r(13, 19, 36, 762, 0), r(17, 11, 61, 783, 0))),
                append(batch(4, r(43, 11, 27, 127, 2), r(22, 10, 26, 844, 2))),
                flush(),
                append(batch(4, r(48, 3, 95, 671, 2), r(26, 8, 114, 51, 0), r(50, -1, 80, 800, 0))),
                crash(),
                append(batch(0, r(28, 8, 55, 875, 2)), batch(3, r(37, 14, 82, 37, 1), r(3, 17, 56, 342, 0), r(18, 9, 83, 667, 0),
                        r(33, 4, 16, 630, 0), r(25, 10, 4, 843, 0))),
                append(batch(3, r(4, 6, 116, 843, 2)), batch(0, r(25, 19, 20, 250, 2), r(17, 5, 18, 717, 0), r(6, 2, 106, 41, 1),
                        r(49, 4, -1, 47, 2))),
                append(batch(1, r(18, 19, 102, 774, 0), r(6, 13, 44, 839, 2)), batch(3, r(9, 7, 61, 477, 1), r(10, 0, 76, 691, 1),
                        r(24, 6, 113, 308, 0), r(28, 0, 70, 315, 2))),
                crash())));
    }
}
