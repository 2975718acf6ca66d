package dev.varve.properties.record;

import dev.varve.engine.record.codec.CompressionCodec;
import dev.varve.engine.record.codec.Compressor;
import dev.varve.engine.record.codec.Decompressor;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of our codecs are implemented in this build. Until the codec work lands, compressed codecs
 * throw {@link UnsupportedOperationException} from {@code newCompressor}/{@code newDecompressor};
 * properties then cover the codecs that exist and skip (never fake) the rest.
 */
final class Codecs {
    private Codecs() {
    }

    /** Codecs we can both write and read. */
    static List<CompressionCodec> implemented() {
        List<CompressionCodec> codecs = new ArrayList<>();
        for (CompressionCodec codec : CompressionCodec.values()) {
            if (isImplemented(codec)) {
                codecs.add(codec);
            }
        }
        return codecs;
    }

    static List<CompressionCodec> all() {
        return List.of(CompressionCodec.values());
    }

    static boolean isImplemented(CompressionCodec codec) {
        if (codec == CompressionCodec.NONE) {
            return true;
        }
        try (Compressor compressor = codec.newCompressor(); Decompressor decompressor = codec.newDecompressor()) {
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}
