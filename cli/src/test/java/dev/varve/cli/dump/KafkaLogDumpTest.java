package dev.varve.cli.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.cli.CliRun;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dump of a {@code .log} written by Kafka's own {@code MemoryRecords} shows, batch by batch and
 * record by record, exactly what Kafka's own accessors read from the same bytes.
 */
class KafkaLogDumpTest {
    private static final long T0 = 1_710_000_000_000L;
    private static final long PRODUCER_ID = 9001L;
    private static final short EPOCH = 4;
    private static final int LEADER_EPOCH = 7;

    @TempDir
    Path dir;

    @Test
    void shouldShowWhatKafkaReadsFromItsOwnBatches() throws IOException {
        byte[] log = kafkaLog();
        Path file = TestLogs.write(dir, "00000000000000000000.log", log);
        CliRun run = CliRun.run("dump", "--json", "--records", file.toString());
        assertEquals(0, run.exitCode(), run::toString);

        List<Map<String, Object>> dumped = run.outLines().stream().map(JsonParser::parseObject).toList();
        List<MutableRecordBatch> kafka = new ArrayList<>();
        MemoryRecords.readableRecords(ByteBuffer.wrap(log)).batches().forEach(kafka::add);
        assertEquals(kafka.size(), dumped.size());
        assertEquals(6 * 5, kafka.size(), "five batches for each of the six codec runs");

        long position = 0;
        int recordsCompared = 0;
        for (int i = 0; i < kafka.size(); i++) {
            RecordBatch expected = kafka.get(i);
            Map<String, Object> actual = dumped.get(i);
            assertBatch(expected, position, actual);
            recordsCompared += assertRecords(expected, actual);
            position += expected.sizeInBytes();
        }
        assertEquals(6 * 9, recordsCompared, "every record of every batch");
    }

    private static void assertBatch(RecordBatch expected, long position, Map<String, Object> actual) {
        String at = "batch at " + position + ": " + actual;
        assertEquals(expected.baseOffset(), actual.get("baseOffset"), at);
        assertEquals(expected.lastOffset(), actual.get("lastOffset"), at);
        assertEquals((long) expected.countOrNull(), actual.get("count"), at);
        assertEquals(position, actual.get("position"), at);
        assertEquals((long) expected.sizeInBytes(), actual.get("size"), at);
        assertEquals((long) expected.magic(), actual.get("magic"), at);
        assertEquals(expected.compressionType().name, actual.get("codec"), at);
        assertEquals(expected.timestampType().name, actual.get("timestampType"), at);
        assertEquals(((DefaultRecordBatch) expected).baseTimestamp(), actual.get("baseTimestamp"), at);
        assertEquals(expected.maxTimestamp(), actual.get("maxTimestamp"), at);
        assertEquals(expected.producerId(), actual.get("producerId"), at);
        assertEquals((long) expected.producerEpoch(), actual.get("producerEpoch"), at);
        assertEquals((long) expected.baseSequence(), actual.get("baseSequence"), at);
        assertEquals((long) expected.lastSequence(), actual.get("lastSequence"), at);
        assertEquals((long) expected.partitionLeaderEpoch(), actual.get("partitionLeaderEpoch"), at);
        assertEquals(expected.isTransactional(), actual.get("isTransactional"), at);
        assertEquals(expected.isControlBatch(), actual.get("isControl"), at);
        assertEquals(expected.checksum(), actual.get("crc"), at);
        assertEquals(true, expected.isValid(), at);
        assertEquals(true, actual.get("crcValid"), at);
    }

    /** Compares the dumped records with Kafka's; returns how many were compared. */
    private static int assertRecords(RecordBatch expected, Map<String, Object> actual) {
        List<?> records = (List<?>) actual.get("records");
        Iterator<Record> kafkaRecords = expected.iterator();
        for (Object element : records) {
            Map<?, ?> record = (Map<?, ?>) element;
            Record kafkaRecord = kafkaRecords.next();
            String at = "record " + record;
            assertEquals(kafkaRecord.offset(), record.get("offset"), at);
            assertEquals(kafkaRecord.timestamp(), record.get("timestamp"), at);
            assertEquals((long) kafkaRecord.keySize(), record.get("keySize"), at);
            assertEquals((long) kafkaRecord.valueSize(), record.get("valueSize"), at);
            assertEquals((long) kafkaRecord.sequence(), record.get("sequence"), at);
            assertEquals(headers(kafkaRecord.headers()), record.get("headers"), at);
            if (expected.isControlBatch()) {
                EndTransactionMarker marker = EndTransactionMarker.deserialize(kafkaRecord);
                assertEquals(marker.controlType().name(), record.get("endTxnMarker"), at);
                assertEquals((long) marker.coordinatorEpoch(), record.get("coordinatorEpoch"), at);
            } else {
                assertEquals(text(kafkaRecord.key()), record.get("key"), at);
                assertEquals(text(kafkaRecord.value()), record.get("value"), at);
            }
        }
        assertTrue(!kafkaRecords.hasNext(), "the dump shows every record");
        return records.size();
    }

    private static List<Map<String, Object>> headers(Header[] headers) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Header header : headers) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", header.key());
            entry.put("value", header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
            list.add(entry);
        }
        return list;
    }

    private static String text(ByteBuffer bytes) {
        return bytes == null ? null : StandardCharsets.UTF_8.decode(bytes.duplicate()).toString();
    }

    /** For each codec, five batches: plain, idempotent, LogAppendTime, transactional, and its COMMIT. */
    private static byte[] kafkaLog() throws IOException {
        List<byte[]> batches = new ArrayList<>();
        long offset = 0;
        List<Compression> codecs = List.of(Compression.NONE, Compression.gzip().build(), Compression.snappy().build(),
                Compression.lz4().build(), Compression.zstd().build(), Compression.NONE);
        for (Compression compression : codecs) {
            long t = T0 + offset * 1000;
            batches.add(bytes(MemoryRecords.withRecords(offset, compression,
                    new SimpleRecord(t, "k0".getBytes(StandardCharsets.UTF_8), "v0".getBytes(StandardCharsets.UTF_8)),
                    new SimpleRecord(t + 1, null, "null key".getBytes(StandardCharsets.UTF_8),
                            new Header[] {new RecordHeader("h1", "x".getBytes(StandardCharsets.UTF_8)),
                                new RecordHeader("h2", (byte[]) null)}),
                    new SimpleRecord(t + 5, new byte[0], new byte[0]),
                    new SimpleRecord(t + 3, "tombstone".getBytes(StandardCharsets.UTF_8), null))));
            offset += 4;

            ByteBuffer buffer = ByteBuffer.allocate(1024);
            MemoryRecordsBuilder idempotent = MemoryRecords.builder(buffer, RecordBatch.CURRENT_MAGIC_VALUE, compression,
                    TimestampType.CREATE_TIME, offset, RecordBatch.NO_TIMESTAMP, PRODUCER_ID, EPOCH, 100, false, false,
                    LEADER_EPOCH);
            idempotent.append(t + 10, "a".getBytes(StandardCharsets.UTF_8), "1".getBytes(StandardCharsets.UTF_8));
            idempotent.append(t + 12, "b".getBytes(StandardCharsets.UTF_8), "2".getBytes(StandardCharsets.UTF_8));
            batches.add(bytes(idempotent.build()));
            offset += 2;

            MemoryRecordsBuilder appendTime = MemoryRecords.builder(ByteBuffer.allocate(1024),
                    RecordBatch.CURRENT_MAGIC_VALUE, compression, TimestampType.LOG_APPEND_TIME, offset, t + 50);
            appendTime.append(t + 20, "c".getBytes(StandardCharsets.UTF_8), "3".getBytes(StandardCharsets.UTF_8));
            batches.add(bytes(appendTime.build()));
            offset += 1;

            batches.add(bytes(MemoryRecords.withTransactionalRecords(offset, compression, PRODUCER_ID, EPOCH, 102,
                    LEADER_EPOCH, new SimpleRecord(t + 30, "tx".getBytes(StandardCharsets.UTF_8),
                            "in a transaction".getBytes(StandardCharsets.UTF_8)))));
            offset += 1;

            batches.add(bytes(MemoryRecords.withEndTransactionMarker(offset, t + 40, LEADER_EPOCH, PRODUCER_ID, EPOCH,
                    new EndTransactionMarker(ControlRecordType.COMMIT, 11))));
            offset += 1;
        }
        return TestLogs.concat(batches.toArray(new byte[0][]));
    }

    private static byte[] bytes(MemoryRecords records) {
        return TestLogs.copy(records.buffer());
    }
}
