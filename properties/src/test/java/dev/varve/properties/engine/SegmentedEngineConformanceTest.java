package dev.varve.properties.engine;

import static dev.varve.properties.engine.Actions.append;
import static dev.varve.properties.engine.Actions.appendAsFollower;
import static dev.varve.properties.engine.Actions.batch;
import static dev.varve.properties.engine.Actions.crash;
import static dev.varve.properties.engine.Actions.deleteRecordsBefore;
import static dev.varve.properties.engine.Actions.flush;
import static dev.varve.properties.engine.Actions.r;
import static dev.varve.properties.engine.Actions.reopenEngine;
import static dev.varve.properties.engine.Actions.roll;
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
            public void enforceRetention(LogEngine engine) {
                ((SegmentedLogEngine) engine).enforceRetention();
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

    /**
     * Found by the kit: a truncation to a log start inside a batch leaves a hole below the log start
     * between two segments; recovery took it for lost data and dropped the flushed segment after it.
     */
    @Test
    void shouldKeepSegmentsAfterAHoleBelowTheLogStart() {
        check(new Scenario(Map.of("max.message.bytes", "1000", "message.timestamp.type", "LogAppendTime", "segment.bytes", "1073741824"), List.of(
                append(batch(0, r(15, 7, 92, 519, 2), r(37, 17, 67, 143, 2), r(47, 11, 93, 77, 1), r(34, 17, 97, 439, 2)), batch(1, r(17, -1, 6, 690, 0), r(27, 18, 48, 615, 0), r(3, 5, 2, 886, 1), r(8, 14, 60, 19, 1), r(35, 17, 119, 72, 1)), batch(2, r(20, 3, 9, 958, 1), r(32, 7, 58, 300, 2), r(49, 2, 61, 381, 1))),
                append(batch(3, r(1, 17, 55, 133, 2), r(42, -1, 93, 625, 1), r(4, 16, 73, 877, 0), r(8, 12, 3, 199, 2)), batch(2, r(4, 9, 112, 58, 2), r(49, 17, 78, 629, 2), r(4, 1, 22, 480, 1), r(7, 4, 29, 235, 0), r(3, 19, 31, 413, 1)), batch(2, r(26, 1, 37, 165, 0), r(38, 10, 77, 862, 1), r(11, 16, 46, 128, 1))),
                append(batch(4, r(30, 19, 115, 241, 2), r(29, 20, 42, 308, 1)), batch(2, r(48, -1, 110, 592, 0), r(7, 16, 91, 388, 1), r(34, 0, 98, 83, 1), r(0, 3, 73, 624, 1), r(7, 6, 90, 673, 0))),
                append(batch(1, r(33, 5, 23, 116, 0)), batch(1, r(5, 10, 92, 412, 2), r(30, 0, 64, 355, 1), r(43, 1, 11, 816, 1), r(31, 6, 90, 274, 1)), batch(4, r(35, 8, 2, 234, 1), r(34, 13, 22, 904, 1), r(32, 17, 1, 760, 1), r(14, 12, 54, 88, 0))),
                append(batch(2, r(16, 14, 110, 353, 2), r(11, -1, 23, 128, 2), r(40, 10, 54, 496, 1), r(5, 15, 45, 696, 2), r(30, 3, 90, 695, 0)), batch(2, r(6, 20, 67, 220, 0), r(36, 11, 18, 518, 2), r(21, 0, 3, 870, 2)), batch(0, r(12, 2, 28, 383, 0), r(26, 10, 91, 73, 0), r(12, 7, 38, 146, 0), r(50, 18, 36, 126, 1), r(13, 6, 54, 970, 0))),
                deleteRecordsBefore(954),
                deleteRecordsBefore(875),
                append(batch(0, r(7, 15, 23, 474, 0), r(22, 20, 34, 107, 1))),
                append(batch(1, r(21, 11, 120, 953, 1), r(28, 2, 86, 596, 0))),
                truncateTo(316),
                roll(),
                append(batch(4, r(48, -1, 1, 200, 1), r(5, 7, -1, 8, 1), r(17, 5, 10, 956, 1), r(1, 11, 81, 649, 0)), batch(3, r(40, 16, 99, 332, 0), r(47, 18, 5, 54, 1))),
                flush(),
                crash())));
    }
    /**
     * Found by the kit (issue 11 merge): a truncation inside the batch that straddles the log start left
     * the segments ending below it; a clean close recorded the log start past their end, and the loader
     * (which takes that for a damaged checkpoint) put the log start back on the first segment.
     */
    @Test
    void shouldKeepTheLogStartWhenATruncationCutsTheBatchThatStraddlesIt() {
        check(new Scenario(Map.of("max.message.bytes", "1048588", "message.timestamp.type", "CreateTime", "retention.bytes", "-1", "retention.ms", "1000", "segment.bytes", "1024"), List.of(
                append(batch(2, r(9, 17, 25, 236, 0), r(41, 18, 120, 852, 2))),
                append(batch(0, r(45, 16, 108, 884, 0), r(41, 10, 104, 208, 2))),
                truncateTo(1000),
                append(batch(1, r(6, 18, 56, 533, 1), r(42, 7, 18, 354, 1), r(1, -1, 35, 409, 0), r(24, 19, 9, 988, 2), r(20, 12, 14, 17, 2)), batch(3, r(18, 10, 12, 749, 0), r(33, 6, 0, 818, 1), r(36, 16, 29, 265, 0), r(30, 13, 84, 685, 2))),
                append(batch(3, r(28, 18, 59, 787, 0), r(13, 19, 109, 409, 0), r(32, 1, 115, 352, 2), r(4, 20, 85, 322, 2)), batch(3, r(30, 14, 39, 802, 0), r(43, 8, 94, 873, 0), r(16, 0, 17, 13, 1), r(26, 7, 6, 577, 0), r(45, 19, 75, 529, 1)), batch(1, r(30, 20, 102, 602, 0), r(46, 4, 35, 98, 2))),
                append(batch(3, r(31, 6, 51, 585, 1), r(22, 20, 72, 688, 2), r(35, 13, -1, 200, 1), r(32, 20, 10, 989, 1), r(44, 14, 35, 835, 1)), batch(4, r(36, 7, 117, 153, 2), r(9, -1, 77, 932, 2), r(44, 20, 9, 651, 2), r(46, 2, 14, 437, 1), r(35, 5, 97, 204, 1))),
                append(batch(1, r(5, 2, 13, 273, 0), r(1, 16, 6, 287, 2), r(46, 9, 25, 757, 1)), batch(2, r(12, 8, 68, 800, 1), r(45, 14, 103, 620, 1), r(15, -1, 29, 625, 2))),
                deleteRecordsBefore(652),
                appendAsFollower(7, 0, batch(1, r(30, 6, 76, 859, 0), r(31, 7, 114, 424, 0), r(21, 8, 59, 996, 1), r(12, 9, 23, 85, 0), r(45, 11, 109, 183, 0)), batch(2, r(28, -1, 87, 898, 2), r(18, 9, 76, 272, 2), r(48, 3, 37, 622, 0)), batch(4, r(15, 0, 114, 6, 2), r(10, 8, 93, 71, 2))),
                truncateTo(316),
                reopenEngine())));
    }
}
