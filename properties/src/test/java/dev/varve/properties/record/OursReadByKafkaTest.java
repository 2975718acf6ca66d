package dev.varve.properties.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;

/** Ours to Kafka: every batch our builder writes, Kafka's reader accepts and reads as the spec says. */
class OursReadByKafkaTest {

    @Test
    void kafkaShouldValidateAndReadEveryBatchWeBuild() {
        qt().withExamples(Examples.count())
                .forAll(BatchGenerators.batches(Codecs.implemented()))
                .checkAssert(spec -> {
                    List<Decoded.Batch> read = KafkaBatches.decodeAll(VarveBatches.build(spec));
                    assertEquals(1, read.size(), "batches Kafka sees");
                    Decoded.assertSame(Decoded.expected(spec), read.get(0), "Kafka reading our batch");
                });
    }

    @Test
    void kafkaShouldReadOurEndTransactionMarkers() {
        qt().withExamples(Examples.count())
                .forAll(BatchGenerators.markers())
                .checkAssert(spec -> {
                    ByteBuffer bytes = VarveBatches.build(spec);
                    MemoryRecords records = MemoryRecords.readableRecords(bytes);
                    assertEquals(bytes.remaining(), records.validBytes());
                    int batches = 0;
                    for (RecordBatch batch : records.batches()) {
                        batches++;
                        batch.ensureValid();
                        assertTrue(batch.isControlBatch(), "control");
                        assertTrue(batch.isTransactional(), "transactional");
                        assertEquals(spec.baseOffset(), batch.baseOffset());
                        assertEquals(spec.baseOffset(), batch.lastOffset());
                        assertEquals(spec.timestamp(), batch.maxTimestamp());
                        assertEquals(spec.partitionLeaderEpoch(), batch.partitionLeaderEpoch());
                        assertEquals(spec.producerId(), batch.producerId());
                        assertEquals(spec.producerEpoch(), batch.producerEpoch());
                        assertEquals(RecordBatch.NO_SEQUENCE, batch.baseSequence());
                        assertEquals(1, batch.countOrNull());
                        int count = 0;
                        for (Record record : batch) {
                            count++;
                            assertEquals(KafkaBatches.controlType(spec.type()), ControlRecordType.parse(record.key()));
                            EndTransactionMarker marker = EndTransactionMarker.deserialize(record);
                            assertEquals(KafkaBatches.controlType(spec.type()), marker.controlType());
                            assertEquals(spec.coordinatorEpoch(), marker.coordinatorEpoch());
                        }
                        assertEquals(1, count, "records in a marker batch");
                    }
                    assertEquals(1, batches);
                });
    }
}
