package dev.varve.engine.record.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both directions against Apache Kafka's codecs over arbitrary payloads (0 to 300 KiB, random and
 * compressible) and every buffer shape. A failure prints QuickTheories' seed ("Seed was ...") and
 * the smallest falsifying {@link Payload}; pin it with {@code qt().withFixedSeed(seed)} (QuickTheories
 * also reads a {@code QT_SEED} system property) or turn the printed payload into an example test.
 * {@code -Dvarve.property.examples=N} (or {@code -Pdeep}) sets the example count.
 */
class KafkaInteropTest {
    static final int EXAMPLES = Integer.getInteger("varve.property.examples", 200);
    static final int MAX_PAYLOAD = 300 * 1024;

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void shouldBeReadByKafkaWhenWrittenByVarve(CompressionCodec codec) {
        try (Compressor compressor = codec.newCompressor()) {
            qt().withExamples(EXAMPLES)
                    .forAll(Payload.upTo(MAX_PAYLOAD), arbitrary().enumValues(Buffers.class))
                    .checkAssert((payload, buffers) -> {
                        byte[] data = payload.bytes();
                        byte[] stream = buffers.compress(compressor, data);
                        assertArrayEquals(data, kafkaReads(codec, stream));
                    });
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void shouldReadWhatKafkaWrites(CompressionCodec codec) {
        try (Decompressor decompressor = codec.newDecompressor()) {
            qt().withExamples(EXAMPLES)
                    .forAll(Payload.upTo(MAX_PAYLOAD), arbitrary().enumValues(Buffers.class))
                    .checkAssert((payload, buffers) -> {
                        byte[] data = payload.bytes();
                        byte[] stream = KafkaCodecOracle.compress(codec, codec.defaultLevel(), data);
                        assertArrayEquals(data, buffers.decompress(decompressor, stream, data.length));
                    });
        }
    }

    static byte[] kafkaReads(CompressionCodec codec, byte[] stream) {
        try {
            return KafkaCodecOracle.decompress(codec, stream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
