package dev.varve.bench;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.xerial.snappy.Snappy;

/**
 * A codec with no framing at all, on byte arrays, with its context reused across calls: the ceiling
 * any batch builder or reader of the same codec can reach. The same wrappers as in
 * {@code shared/reference/performance.md} section 3: zstd-jni {@code ZstdCompressCtx} (level 3 by default),
 * lz4-java's {@code fastCompressor} / {@code safeDecompressor}, snappy-java's raw
 * {@code Snappy.compress}, a reused {@code Deflater} (level 6 by default) / {@code Inflater} (zlib wrapper) for gzip,
 * and {@code System.arraycopy} for none. Not thread-safe; {@link #close()} frees native contexts.
 */
public abstract class RawCodec implements AutoCloseable {

    /** The raw codec for a Kafka {@code compression.type} name, at Kafka's default level. */
    public static RawCodec forName(String codec) {
        switch (codec) {
            case "gzip": return forName(codec, 6);
            case "zstd": return forName(codec, 3);
            default: return forName(codec, 0);
        }
    }

    /**
     * The raw codec for a Kafka {@code compression.type} name at {@code level}: the zlib level for gzip
     * (-1 is zlib's default, 6), the zstd level for zstd; ignored by none and snappy; lz4 is always
     * lz4-java's fast compressor (what Kafka's default lz4 level 9 maps to).
     */
    public static RawCodec forName(String codec, int level) {
        switch (codec) {
            case "none": return new Copy();
            case "gzip": return new Zlib(level);
            case "snappy": return new SnappyRaw();
            case "lz4": return new Lz4Block();
            case "zstd": return new ZstdBlock(level);
            default: throw new IllegalArgumentException("unknown codec " + codec);
        }
    }

    /** The most bytes {@link #compress} writes for {@code length} input bytes. */
    public abstract int maxCompressedLength(int length);

    /** Compresses {@code src[0, length)} into {@code dst} from index 0; returns the bytes written. */
    public abstract int compress(byte[] src, int length, byte[] dst);

    /** Decompresses {@code src[0, length)} into {@code dst} from index 0; returns the bytes written. */
    public abstract int decompress(byte[] src, int length, byte[] dst);

    @Override
    public void close() {
    }

    private static final class Copy extends RawCodec {
        @Override public int maxCompressedLength(int length) {
            return length;
        }

        @Override public int compress(byte[] src, int length, byte[] dst) {
            System.arraycopy(src, 0, dst, 0, length);
            return length;
        }

        @Override public int decompress(byte[] src, int length, byte[] dst) {
            System.arraycopy(src, 0, dst, 0, length);
            return length;
        }
    }

    private static final class Zlib extends RawCodec {
        private final Deflater deflater;
        private final Inflater inflater = new Inflater();

        Zlib(int level) {
            deflater = new Deflater(level);
        }

        @Override public int maxCompressedLength(int length) {
            return length + length / 1000 + 64;
        }

        @Override public int compress(byte[] src, int length, byte[] dst) {
            deflater.reset();
            deflater.setInput(src, 0, length);
            deflater.finish();
            int written = 0;
            while (!deflater.finished()) {
                written += deflater.deflate(dst, written, dst.length - written);
            }
            return written;
        }

        @Override public int decompress(byte[] src, int length, byte[] dst) {
            inflater.reset();
            inflater.setInput(src, 0, length);
            try {
                int written = 0;
                while (!inflater.finished()) {
                    written += inflater.inflate(dst, written, dst.length - written);
                }
                return written;
            } catch (DataFormatException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override public void close() {
            deflater.end();
            inflater.end();
        }
    }

    private static final class SnappyRaw extends RawCodec {
        @Override public int maxCompressedLength(int length) {
            return Snappy.maxCompressedLength(length);
        }

        @Override public int compress(byte[] src, int length, byte[] dst) {
            try {
                return Snappy.compress(src, 0, length, dst, 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override public int decompress(byte[] src, int length, byte[] dst) {
            try {
                return Snappy.uncompress(src, 0, length, dst, 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class Lz4Block extends RawCodec {
        private final LZ4Compressor compressor = LZ4Factory.fastestInstance().fastCompressor();
        private final LZ4SafeDecompressor decompressor = LZ4Factory.fastestInstance().safeDecompressor();

        @Override public int maxCompressedLength(int length) {
            return compressor.maxCompressedLength(length);
        }

        @Override public int compress(byte[] src, int length, byte[] dst) {
            return compressor.compress(src, 0, length, dst, 0, dst.length);
        }

        @Override public int decompress(byte[] src, int length, byte[] dst) {
            return decompressor.decompress(src, 0, length, dst, 0, dst.length);
        }
    }

    private static final class ZstdBlock extends RawCodec {
        private final ZstdCompressCtx compressCtx;
        private final ZstdDecompressCtx decompressCtx = new ZstdDecompressCtx();

        ZstdBlock(int level) {
            compressCtx = new ZstdCompressCtx().setLevel(level);
        }

        @Override public int maxCompressedLength(int length) {
            return (int) Zstd.compressBound(length);
        }

        @Override public int compress(byte[] src, int length, byte[] dst) {
            return compressCtx.compressByteArray(dst, 0, dst.length, src, 0, length);
        }

        @Override public int decompress(byte[] src, int length, byte[] dst) {
            return decompressCtx.decompressByteArray(dst, 0, dst.length, src, 0, length);
        }

        @Override public void close() {
            compressCtx.close();
            decompressCtx.close();
        }
    }
}
