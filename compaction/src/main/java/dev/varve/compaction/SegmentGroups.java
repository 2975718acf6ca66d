package dev.varve.compaction;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.segmented.CleanableLog.ClosedSegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups consecutive segments into the runs one cleaned segment each replaces, Kafka's
 * {@code Cleaner.groupSegmentsBySize}: a run grows while its {@code .log} bytes stay within
 * {@code segment.bytes}, each index's bytes within {@code segment.index.bytes}, and its offsets within
 * {@code Integer.MAX_VALUE} of its base (an empty segment adds no span), so small segments merge and
 * segments never shrink over repeated passes. Stateless.
 */
final class SegmentGroups {
    private SegmentGroups() {
    }

    /** {@code segments} (consecutive, oldest first) in runs; every segment in exactly one, order kept. */
    static List<List<ClosedSegment>> of(List<ClosedSegment> segments, LogConfig config) {
        List<List<ClosedSegment>> groups = new ArrayList<>();
        int i = 0;
        while (i < segments.size()) {
            ClosedSegment first = segments.get(i);
            List<ClosedSegment> group = new ArrayList<>();
            group.add(first);
            long logBytes = first.sizeInBytes();
            long offsetIndexBytes = first.offsetIndexBytes();
            long timeIndexBytes = first.timeIndexBytes();
            i++;
            while (i < segments.size()) {
                ClosedSegment next = segments.get(i);
                boolean fits = logBytes + next.sizeInBytes() <= config.segmentBytes()
                        && offsetIndexBytes + next.offsetIndexBytes() <= config.segmentIndexBytes()
                        && timeIndexBytes + next.timeIndexBytes() <= config.segmentIndexBytes()
                        && (next.sizeInBytes() == 0 || next.nextBaseOffset() - 1 - first.baseOffset() <= Integer.MAX_VALUE);
                if (!fits) {
                    break;
                }
                group.add(next);
                logBytes += next.sizeInBytes();
                offsetIndexBytes += next.offsetIndexBytes();
                timeIndexBytes += next.timeIndexBytes();
                i++;
            }
            groups.add(group);
        }
        return groups;
    }
}
