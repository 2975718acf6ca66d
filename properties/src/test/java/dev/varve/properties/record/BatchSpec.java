package dev.varve.properties.record;

import dev.varve.engine.record.TimestampType;
import dev.varve.engine.record.codec.CompressionCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One record batch as plain data: what a generator produces and what both builders (ours and
 * Kafka's) are asked to write. Every value is one Kafka's {@code MemoryRecordsBuilder} accepts:
 * timestamps are {@code >= 0} or {@code -1}, a transactional batch has a producer, offsets grow.
 *
 * <p>{@link #toString()} is deliberately short (counts, sizes, the first and last records) so a
 * shrunk failing case prints as a few readable lines rather than megabytes of bytes.
 *
 * @param producerId -1 when the batch has no producer (then epoch and sequence are -1 too)
 * @param logAppendTimeMs the broker time under LogAppendTime; -1 under CreateTime
 * @param records at least one; offsets are {@code baseOffset + offsetDelta}, strictly increasing
 */
public record BatchSpec(CompressionCodec codec, long baseOffset, TimestampType timestampType, long logAppendTimeMs,
                        long producerId, short producerEpoch, int baseSequence, int partitionLeaderEpoch,
                        boolean transactional, List<RecordSpec> records) {

    /** One record: its offset relative to the batch's base offset, its timestamp, key, value, headers. */
    public record RecordSpec(int offsetDelta, long timestamp, byte[] key, byte[] value, List<HeaderSpec> headers) {
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("{Δo=").append(offsetDelta).append(" ts=").append(timestamp)
                    .append(" key=").append(describe(key)).append(" value=").append(describe(value));
            if (!headers.isEmpty()) {
                text.append(" headers=").append(headers);
            }
            return text.append('}').toString();
        }
    }

    /** One header: a non-null (possibly empty, possibly non-ASCII) key and a value that may be null. */
    public record HeaderSpec(String key, byte[] value) {
        @Override
        public String toString() {
            return '"' + key + "\"=" + describe(value);
        }
    }

    public long lastOffset() {
        return baseOffset + records.get(records.size() - 1).offsetDelta();
    }

    public int lastOffsetDelta() {
        return records.get(records.size() - 1).offsetDelta();
    }

    /** The first record's timestamp: the batch's base timestamp. */
    public long baseTimestamp() {
        return records.get(0).timestamp();
    }

    /** What the header's max timestamp holds: the largest record timestamp, or the log append time. */
    public long maxTimestamp() {
        if (timestampType == TimestampType.LOG_APPEND_TIME) {
            return logAppendTimeMs;
        }
        long max = -1;
        for (RecordSpec record : records) {
            max = Math.max(max, record.timestamp());
        }
        return max;
    }

    /** Bytes of keys, values and headers, a rough measure of the batch's size. */
    public long payloadBytes() {
        long bytes = 0;
        for (RecordSpec record : records) {
            bytes += length(record.key()) + length(record.value());
            for (HeaderSpec header : record.headers()) {
                bytes += header.key().length() + length(header.value());
            }
        }
        return bytes;
    }

    /** The same batch written with another codec. */
    public BatchSpec withCodec(CompressionCodec other) {
        return new BatchSpec(other, baseOffset, timestampType, logAppendTimeMs, producerId, producerEpoch,
                baseSequence, partitionLeaderEpoch, transactional, records);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Batch{codec=").append(codec.configName())
                .append(" baseOffset=").append(baseOffset).append(' ').append(timestampType);
        if (timestampType == TimestampType.LOG_APPEND_TIME) {
            text.append('@').append(logAppendTimeMs);
        }
        text.append(" producer=").append(producerId).append('/').append(producerEpoch).append('/').append(baseSequence)
                .append(" leaderEpoch=").append(partitionLeaderEpoch);
        if (transactional) {
            text.append(" transactional");
        }
        text.append(" records=").append(records.size()).append(" payloadBytes=").append(payloadBytes());
        int shown = records.size() <= 4 ? records.size() : 2;
        text.append(" [");
        for (int i = 0; i < shown; i++) {
            text.append(i == 0 ? "" : ", ").append(records.get(i));
        }
        if (shown < records.size()) {
            text.append(", ... ").append(records.get(records.size() - 1));
        }
        return text.append("]}").toString();
    }

    static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    /** null, empty, or the length with a short printable or hex prefix. */
    static String describe(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        if (bytes.length == 0) {
            return "empty";
        }
        int shown = Math.min(bytes.length, 8);
        boolean printable = true;
        for (int i = 0; i < shown; i++) {
            printable &= bytes[i] >= 0x20 && bytes[i] < 0x7f;
        }
        StringBuilder text = new StringBuilder().append(bytes.length).append("B:");
        if (printable) {
            text.append('"').append(new String(bytes, 0, shown, StandardCharsets.US_ASCII)).append('"');
        } else {
            for (int i = 0; i < shown; i++) {
                text.append(String.format("%02x", bytes[i]));
            }
        }
        return text.append(shown < bytes.length ? ".." : "").toString();
    }
}
