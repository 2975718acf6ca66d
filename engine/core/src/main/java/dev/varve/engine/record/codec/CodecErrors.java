package dev.varve.engine.record.codec;

import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.api.CorruptRecordException.Reason;

/**
 * The two ways a compressed record section can be corrupt, as {@link CorruptRecordException}s with a
 * position relative to the start of the compressed stream. Package-private; stateless.
 */
final class CodecErrors {
    private CodecErrors() {
    }

    /** The stream is not valid for its codec: bad framing, truncated, failed checksum, library error. */
    static CorruptRecordException badData(CompressionCodec codec, long position, String detail) {
        return badData(codec, position, detail, null);
    }

    /** As {@link #badData(CompressionCodec, long, String)}, keeping the library's exception as cause. */
    static CorruptRecordException badData(CompressionCodec codec, long position, String detail, Throwable cause) {
        return new CorruptRecordException(Reason.BAD_COMPRESSED_DATA, position,
                "codec=" + codec.configName() + ", " + detail, cause);
    }

    /** The stream expands past the caller's bound. */
    static CorruptRecordException tooLarge(CompressionCodec codec, long position, long neededBytes, int maxBytes) {
        return new CorruptRecordException(Reason.DECOMPRESSED_TOO_LARGE, position,
                "codec=" + codec.configName() + ", decompressedBytes>=" + neededBytes + ", maxBytes=" + maxBytes);
    }
}
