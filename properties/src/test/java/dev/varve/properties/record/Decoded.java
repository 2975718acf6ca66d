package dev.varve.properties.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.varve.engine.record.TimestampType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a reader saw in one batch, in a form both readers (ours and Kafka's) and a {@link BatchSpec}
 * can be turned into, so that every property compares like with like: {@link #expected(BatchSpec)}
 * is the specification, {@code VarveBatches.decode} and {@code KafkaBatches.decode} the observations.
 */
final class Decoded {
    private Decoded() {
    }

    /** Every batch header field both formats expose. */
    record Header(long baseOffset, long lastOffset, int count, long baseTimestamp, long maxTimestamp,
                  TimestampType timestampType, int codecId, boolean transactional, boolean control,
                  long producerId, short producerEpoch, int baseSequence, int lastSequence, int partitionLeaderEpoch) {
    }

    record Record(long offset, long timestamp, int sequence, Bytes key, Bytes value, List<HeaderField> headers) {
    }

    record HeaderField(String key, Bytes value) {
    }

    record Batch(Header header, List<Record> records) {
    }

    /** A byte array with value equality and a short description; null stays null. */
    static final class Bytes {
        private final byte[] bytes;

        private Bytes(byte[] bytes) {
            this.bytes = bytes;
        }

        static Bytes of(byte[] bytes) {
            return bytes == null ? null : new Bytes(bytes);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Bytes that && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return BatchSpec.describe(bytes);
        }
    }

    /** What any correct reader must see in a batch built from {@code spec}. */
    static Batch expected(BatchSpec spec) {
        boolean logAppendTime = spec.timestampType() == TimestampType.LOG_APPEND_TIME;
        int lastSequence = spec.baseSequence() == -1 ? -1 : incrementSequence(spec.baseSequence(), spec.lastOffsetDelta());
        Header header = new Header(spec.baseOffset(), spec.lastOffset(), spec.records().size(), spec.baseTimestamp(),
                spec.maxTimestamp(), spec.timestampType(), spec.codec().id(), spec.transactional(), false,
                spec.producerId(), spec.producerEpoch(), spec.baseSequence(), lastSequence, spec.partitionLeaderEpoch());
        List<Record> records = new ArrayList<>(spec.records().size());
        for (BatchSpec.RecordSpec record : spec.records()) {
            List<HeaderField> headers = new ArrayList<>();
            for (BatchSpec.HeaderSpec h : record.headers()) {
                headers.add(new HeaderField(h.key(), Bytes.of(h.value())));
            }
            int sequence = spec.baseSequence() == -1 ? -1 : incrementSequence(spec.baseSequence(), record.offsetDelta());
            records.add(new Record(spec.baseOffset() + record.offsetDelta(),
                    logAppendTime ? spec.logAppendTimeMs() : record.timestamp(), sequence,
                    Bytes.of(record.key()), Bytes.of(record.value()), headers));
        }
        return new Batch(header, records);
    }

    /** Kafka's sequence arithmetic: wraps from Int.MAX to 0. */
    static int incrementSequence(int sequence, int increment) {
        return sequence > Integer.MAX_VALUE - increment ? increment - (Integer.MAX_VALUE - sequence) - 1 : sequence + increment;
    }

    /** Asserts equality field by field, naming the first record that differs rather than dumping both batches. */
    static void assertSame(Batch expected, Batch actual, String what) {
        assertEquals(expected.header(), actual.header(), what + ": batch header");
        assertEquals(expected.records().size(), actual.records().size(), what + ": record count");
        for (int i = 0; i < expected.records().size(); i++) {
            assertEquals(expected.records().get(i), actual.records().get(i), what + ": record #" + i);
        }
    }
}
