package dev.varve.properties.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Kafka to ours: every batch Kafka's builder writes, our readers accept and read as the spec says. */
class KafkaReadByOursTest {

    @Test
    void shouldReadEveryBatchKafkaBuilds() {
        qt().withExamples(Examples.count())
                .forAll(BatchGenerators.batches(Codecs.implemented()))
                .checkAssert(spec -> {
                    ByteBuffer bytes = KafkaBatches.build(spec);
                    List<Decoded.Batch> read = VarveBatches.decodeAll(bytes);
                    assertEquals(1, read.size(), "batches we see");
                    Decoded.assertSame(Decoded.expected(spec), read.get(0), "us reading Kafka's batch");
                });
    }

    @Test
    void shouldReadKafkasEndTransactionMarkers() {
        qt().withExamples(Examples.count())
                .forAll(BatchGenerators.markers())
                .checkAssert(spec -> {
                    RecordBatchReader batches = new RecordBatchReader().reset(KafkaBatches.build(spec));
                    try (RecordReader records = new RecordReader()) {
                        assertTrue(batches.next());
                        RecordBatchFlyweight batch = batches.batch();
                        assertTrue(batch.isControl(), "control");
                        assertTrue(batch.isTransactional(), "transactional");
                        assertEquals(spec.baseOffset(), batch.baseOffset());
                        assertEquals(spec.baseOffset(), batch.lastOffset());
                        assertEquals(spec.timestamp(), batch.baseTimestamp());
                        assertEquals(spec.timestamp(), batch.maxTimestamp());
                        assertEquals(spec.partitionLeaderEpoch(), batch.partitionLeaderEpoch());
                        assertEquals(spec.producerId(), batch.producerId());
                        assertEquals(spec.producerEpoch(), batch.producerEpoch());
                        assertEquals(-1, batch.baseSequence());
                        assertEquals(1, batch.recordCount());
                        records.open(batch);
                        assertTrue(records.next());
                        assertEquals(spec.type(), records.controlType());
                        assertEquals(spec.coordinatorEpoch(), records.coordinatorEpoch());
                        assertEquals(spec.timestamp(), records.timestamp());
                        assertFalse(records.next());
                        assertFalse(batches.next());
                    }
                });
    }

    /** Data batches (Kafka-built, any implemented codec) and markers laid end to end, as in a segment. */
    @Test
    void shouldReadSeveralKafkaBatchesConcatenatedInOneBuffer() {
        Gen<Object> item = Generate.frequency(
                Pair.of(4, BatchGenerators.batches(Codecs.implemented(), BatchGenerators.smallRecordCounts()).map(b -> (Object) b)),
                Pair.of(1, BatchGenerators.markers().map(m -> (Object) m)));
        qt().withExamples(Examples.count())
                .forAll(lists().of(item).ofSizeBetween(2, 8))
                .checkAssert(items -> {
                    List<ByteBuffer> parts = new ArrayList<>();
                    int total = 0;
                    for (Object spec : items) {
                        ByteBuffer part = spec instanceof BatchSpec b ? KafkaBatches.build(b) : KafkaBatches.build((ControlSpec) spec);
                        parts.add(part);
                        total += part.remaining();
                    }
                    ByteBuffer all = ByteBuffer.allocate(total);
                    parts.forEach(all::put);
                    all.flip();
                    List<Decoded.Batch> ours = VarveBatches.decodeAll(all);
                    List<Decoded.Batch> kafkas = KafkaBatches.decodeAll(all);
                    assertEquals(items.size(), ours.size(), "batches we see");
                    for (int i = 0; i < items.size(); i++) {
                        Decoded.assertSame(kafkas.get(i), ours.get(i), "batch #" + i + " as Kafka reads it");
                        if (items.get(i) instanceof BatchSpec spec) {
                            Decoded.assertSame(Decoded.expected(spec), ours.get(i), "batch #" + i);
                        }
                    }
                    RecordBatchReader reader = new RecordBatchReader().reset(all);
                    while (reader.next()) {
                        // walk to the end
                    }
                    assertEquals(total, reader.validBytes(), "valid bytes");
                });
    }
}
