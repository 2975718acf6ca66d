package dev.varve.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.segmented.CleanableLog.ClosedSegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kafka's grouping rule ({@code groupSegmentsBySize}): log bytes, each index's bytes, offset span. */
class SegmentGroupsTest {
    private static final LogConfig CONFIG = LogConfig.of(Map.of("segment.bytes", "2000", "segment.index.bytes", "100"));

    private static ClosedSegment segment(long base, long next, int size, int offsetIndexBytes, int timeIndexBytes) {
        return new ClosedSegment(base, Path.of(base + ".log"), size, offsetIndexBytes, timeIndexBytes, -1, next);
    }

    private static List<List<Long>> bases(List<List<ClosedSegment>> groups) {
        List<List<Long>> out = new ArrayList<>();
        groups.forEach(group -> out.add(group.stream().map(ClosedSegment::baseOffset).toList()));
        return out;
    }

    @Test
    void shouldMergeUpToSegmentBytesAndStartANewGroupPastIt() {
        List<ClosedSegment> segments = List.of(segment(0, 10, 800, 0, 0), segment(10, 20, 1200, 0, 0),
                segment(20, 30, 2, 0, 0), segment(30, 40, 1999, 0, 0), segment(40, 50, 0, 0, 0));
        assertEquals(List.of(List.of(0L, 10L), List.of(20L), List.of(30L, 40L)), bases(SegmentGroups.of(segments, CONFIG)));
    }

    @Test
    void shouldSplitWhenAnIndexWouldOverflowItsSize() {
        List<ClosedSegment> byOffsetIndex = List.of(segment(0, 10, 1, 60, 0), segment(10, 20, 1, 48, 0));
        List<ClosedSegment> byTimeIndex = List.of(segment(0, 10, 1, 0, 60), segment(10, 20, 1, 0, 48));
        assertEquals(List.of(List.of(0L), List.of(10L)), bases(SegmentGroups.of(byOffsetIndex, CONFIG)));
        assertEquals(List.of(List.of(0L), List.of(10L)), bases(SegmentGroups.of(byTimeIndex, CONFIG)));
    }

    @Test
    void shouldKeepAGroupsOffsetsWithinIntegerRangeButLetEmptySegmentsJoin() {
        long far = Integer.MAX_VALUE + 10L;
        List<ClosedSegment> segments = List.of(segment(0, 10, 1, 0, 0), segment(10, far, 0, 0, 0),
                segment(far, far + 5, 1, 0, 0));
        assertEquals(List.of(List.of(0L, 10L), List.of(far)), bases(SegmentGroups.of(segments, CONFIG)));
    }
}
