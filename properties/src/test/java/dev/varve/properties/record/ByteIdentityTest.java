package dev.varve.properties.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import dev.varve.engine.record.codec.CompressionCodec;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Uncompressed batches are byte-identical to Kafka's. (Compressed sections may differ in bytes
 * between compressor implementations; their content is checked by the two reading directions.)
 */
class ByteIdentityTest {

    @Test
    void shouldWriteExactlyKafkasBytesForEveryUncompressedBatch() {
        qt().withExamples(Examples.count())
                .forAll(BatchGenerators.batches(List.of(CompressionCodec.NONE)))
                .checkAssert(spec -> assertSameBytes(KafkaBatches.build(spec), VarveBatches.build(spec)));
    }

    @Test
    void shouldWriteExactlyKafkasBytesForEveryEndTransactionMarker() {
        qt().withExamples(Examples.count())
                .forAll(BatchGenerators.markers())
                .checkAssert(spec -> assertSameBytes(KafkaBatches.build(spec), VarveBatches.build(spec)));
    }

    /** Names the first differing byte and shows a short window of each side, not the whole batch. */
    static void assertSameBytes(ByteBuffer kafka, ByteBuffer ours) {
        int mismatch = kafka.mismatch(ours);
        if (mismatch < 0) {
            return;
        }
        int from = Math.max(0, mismatch - 8);
        assertEquals(window(kafka, from), window(ours, from),
                "first differing byte at " + mismatch + " (sizes kafka=" + kafka.remaining() + " ours=" + ours.remaining() + ")");
    }

    private static String window(ByteBuffer buffer, int from) {
        int to = Math.min(buffer.limit(), from + 24);
        byte[] bytes = new byte[Math.max(0, to - from)];
        buffer.get(from, bytes);
        return "@" + from + ": " + HexFormat.of().formatHex(bytes);
    }
}
