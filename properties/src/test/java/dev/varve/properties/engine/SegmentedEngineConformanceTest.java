package dev.varve.properties.engine;

import static dev.varve.properties.engine.Actions.append;
import static dev.varve.properties.engine.Actions.batch;
import static dev.varve.properties.engine.Actions.crash;
import static dev.varve.properties.engine.Actions.deleteRecordsBefore;
import static dev.varve.properties.engine.Actions.flush;
import static dev.varve.properties.engine.Actions.r;
import static dev.varve.properties.engine.Actions.reopenEngine;
import static dev.varve.properties.engine.Actions.truncateTo;

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

    /**
     * Found by the kit: truncating to an offset inside a batch checkpointed the requested offset as the
     * recovery point, above where the log really ended; after a crash the segment holding the rewritten
     * tail was not recovered and served a torn batch.
     */
    @Test
    void shouldRecoverTheSegmentATruncationRewroteAfterACrash() {
        check(new Scenario(Map.of("max.message.bytes", "1000", "message.timestamp.type", "LogAppendTime", "segment.bytes", "1024"), List.of(
                append(batch(2, r(41, 16, 47, 858, 2), r(3, 10, 4, 338, 1)), batch(3, r(35, 3, 16, 146, 1), r(11, 4, 49, 639, 1),
                        r(18, 9, 12, 267, 1)), batch(0, r(40, 15, 15, 178, 1), r(46, 8, 69, 72, 0))),
                append(batch(0, r(45, 0, 67, 568, 1)), batch(2, r(30, 1, 100, 732, 1))),
                append(batch(0, r(11, 20, 35, 574, 0), r(42, 2, 82, 449, 2)), batch(1, r(46, 9, 4, 693, 1), r(22, 6, 106, 988, 2))),
                deleteRecordsBefore(71),
                append(batch(3, r(32, 9, 2, 197, 2), r(12, 20, 93, 945, 2), r(9, 6, 69, 1, 0), r(21, 2, 72, 925, 2), r(50, 4, 26, 687, 2))),
                reopenEngine(),
                truncateTo(200),
                flush(),
                append(batch(2, r(35, 17, 0, 51, 1), r(14, 10, 59, 282, 0), r(27, 6, 33, 809, 2)), batch(2, r(32, 16, 32, 256, 1),
                        r(46, 7, 114, 166, 2), r(12, 6, 53, 699, 1), r(3, 8, 84, 54, 0))),
                crash())));
    }
}
