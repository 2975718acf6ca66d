package dev.varve.lmdb;

import dev.varve.engine.api.TopicPartition;
import java.util.List;
import java.util.UUID;

/** Builders of segment records for tests: one object per segment, keyed as the tiering layout names it. */
final class Segments {
    static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);

    private Segments() {
    }

    /** A COPY_SEGMENT_STARTED record of {@code [base, end]} with one pending object and 100 bytes per offset. */
    static RemoteSegmentMetadata started(TopicPartition partition, UUID id, long base, long end, long maxTimestampMs) {
        return RemoteSegmentMetadata.copyStarted(partition, id, base, end, maxTimestampMs, 100 * (end - base + 1), 0,
                List.of(objectKey(partition, base, id)), 1_000);
    }

    static String objectKey(TopicPartition partition, long base, UUID id) {
        return partition.topic() + "/" + partition.partition() + "/" + String.format("%020d", base) + "-" + id + ".log";
    }

    /** The started objects of {@code segment}, now complete with a size and a checksum. */
    static List<RemoteObject> uploaded(RemoteSegmentMetadata segment) {
        return segment.objects().stream()
                .map(o -> new RemoteObject(o.key(), segment.sizeBytes(), "crc32c:" + Integer.toHexString(o.key().hashCode())))
                .toList();
    }

    /** Adds and finishes the upload of {@code [base, end]}: a readable segment. */
    static RemoteSegmentMetadata readable(RemoteLogMetadataStore store, TopicPartition partition, long base, long end,
            long maxTimestampMs) {
        RemoteSegmentMetadata started = store.addCopyStarted(started(partition, UUID.randomUUID(), base, end, maxTimestampMs));
        return store.copyFinished(partition, started.segmentId(), uploaded(started), 2_000);
    }
}
