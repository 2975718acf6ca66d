package dev.varve.engine.record.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.ByteBufferOutputStream;

/**
 * Apache Kafka's own codecs (kafka-clients, {@code org.apache.kafka.common.compress}) as the oracle:
 * what Kafka writes for a record section and what it reads back, for batch magic v2.
 */
public final class KafkaCodecOracle {
    private KafkaCodecOracle() {
    }

    /** Kafka's codec at a level (ignored by none and snappy). */
    public static Compression compression(CompressionCodec codec, int level) {
        switch (codec) {
            case NONE:
                return Compression.NONE;
            case GZIP:
                return Compression.gzip().level(level).build();
            case SNAPPY:
                return Compression.snappy().build();
            case LZ4:
                return Compression.lz4().level(level).build();
            case ZSTD:
                return Compression.zstd().level(level).build();
            default:
                throw new AssertionError(codec);
        }
    }

    /** What Kafka's {@code wrapForOutput} writes for {@code data}. */
    public static byte[] compress(CompressionCodec codec, int level, byte[] data) {
        ByteBufferOutputStream buffer = new ByteBufferOutputStream(Math.max(64, data.length / 2));
        try (OutputStream out = compression(codec, level).wrapForOutput(buffer, RecordBatch.MAGIC_VALUE_V2)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer written = buffer.buffer();
        written.flip();
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);
        return bytes;
    }

    /** What Kafka's {@code wrapForInput} reads from {@code stream}; throws whatever Kafka throws. */
    public static byte[] decompress(CompressionCodec codec, byte[] stream) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(stream);
        try (InputStream in = compression(codec, codec.defaultLevel())
                .wrapForInput(buffer, RecordBatch.MAGIC_VALUE_V2, BufferSupplier.NO_CACHING)) {
            return in.readAllBytes();
        }
    }

    /** Kafka's outcome for {@code stream}: its bytes, or null when Kafka's reader fails in any way. */
    public static byte[] outcome(CompressionCodec codec, byte[] stream) {
        try {
            return decompress(codec, stream);
        } catch (Exception | StackOverflowError | org.xerial.snappy.SnappyError e) {
            return null;
        }
    }
}
