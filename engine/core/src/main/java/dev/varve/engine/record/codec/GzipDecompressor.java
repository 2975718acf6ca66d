package dev.varve.engine.record.codec;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads gzip as Kafka's {@code GzipCompression} does through {@code GZIPInputStream}: one or more
 * concatenated members, each with its header flags (FEXTRA, FNAME, FCOMMENT, FHCRC) parsed and
 * checked, raw DEFLATE inflated by one reused {@link Inflater}, and its CRC32 and ISIZE verified.
 * Like {@code GZIPInputStream}, bytes after a complete member that do not start a valid member
 * header are ignored; a first member that is invalid, or any member whose header is valid but whose
 * data or trailer is not, is {@code BAD_COMPRESSED_DATA}. Not thread-safe.
 */
final class GzipDecompressor implements Decompressor {
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final GrowableDirectBuffer output = new GrowableDirectBuffer(CompressionCodec.GZIP);
    /** Why the last {@link #parseHeader} call failed; a constant, so failing does not allocate. */
    private String headerProblem;
    private boolean closed;

    @Override
    public CompressionCodec codec() {
        return CompressionCodec.GZIP;
    }

    @Override
    public ByteBuffer decompress(ByteBuffer source, int maxBytes) {
        CodecChecks.checkOpen(closed, codec());
        output.startOutput(maxBytes);
        int start = source.position();
        int limit = source.limit();
        try {
            int member = start;
            do {
                int data = parseHeader(source, member, limit);
                if (data < 0) {
                    if (member == start) {
                        throw CodecErrors.badData(codec(), member - start, headerProblem);
                    }
                    break; // GZIPInputStream ignores trailing bytes that are not a member header
                }
                member = inflateMember(source, start, data, limit);
            } while (member < limit);
            return output.finishOutput();
        } finally {
            inflater.reset();
            source.limit(limit);
            source.position(start);
        }
    }

    /** Inflates the member whose data starts at {@code data}; returns the index after its trailer. */
    private int inflateMember(ByteBuffer source, int start, int data, int limit) {
        int memberOutput = output.output().position();
        inflater.reset();
        source.position(data);
        inflater.setInput(source);
        try {
            while (!inflater.finished()) {
                ByteBuffer target = output.roomOrProbe();
                int written = inflater.inflate(target);
                output.checkProbe(source.position() - start);
                if (written == 0 && !inflater.finished()) {
                    if (inflater.needsInput()) {
                        throw CodecErrors.badData(codec(), limit - start, "deflate data is truncated");
                    }
                    if (inflater.needsDictionary() || target.hasRemaining()) {
                        throw CodecErrors.badData(codec(), source.position() - start, "deflate data makes no progress");
                    }
                }
            }
        } catch (DataFormatException e) {
            throw CodecErrors.badData(codec(), source.position() - start, "invalid deflate data: " + e.getMessage(), e);
        }
        int trailer = source.position();
        if (limit - trailer < GzipMemberDescriptor.TRAILER_LENGTH) {
            throw CodecErrors.badData(codec(), trailer - start, "gzip trailer is truncated");
        }
        ByteBuffer out = output.output();
        int outEnd = out.position();
        int outLimit = out.limit();
        crc.reset();
        out.position(memberOutput);
        out.limit(outEnd);
        crc.update(out);
        out.limit(outLimit);
        if (CodecChecks.getIntLE(source, trailer) != (int) crc.getValue()) {
            throw CodecErrors.badData(codec(), trailer - start, "gzip trailer CRC32 does not match the data");
        }
        int isize = CodecChecks.getIntLE(source, trailer + GzipMemberDescriptor.TRAILER_ISIZE_OFFSET);
        if (isize != (int) inflater.getBytesWritten()) {
            throw CodecErrors.badData(codec(), trailer - start, "gzip trailer ISIZE does not match the data");
        }
        return trailer + GzipMemberDescriptor.TRAILER_LENGTH;
    }

    /**
     * Parses the member header at {@code at}; returns the index where its DEFLATE data starts, or -1
     * with {@link #headerProblem} set. Leaves {@code source}'s position and limit changed.
     */
    private int parseHeader(ByteBuffer source, int at, int limit) {
        if (limit - at < GzipMemberDescriptor.FIXED_HEADER_LENGTH) {
            return fail("gzip header is truncated");
        }
        if ((source.get(at) & 0xFF) != GzipMemberDescriptor.ID1 || (source.get(at + 1) & 0xFF) != GzipMemberDescriptor.ID2) {
            return fail("not in gzip format (bad magic)");
        }
        if (source.get(at + 2) != GzipMemberDescriptor.CM_DEFLATE) {
            return fail("unsupported gzip compression method");
        }
        int flags = source.get(at + GzipMemberDescriptor.FLG_OFFSET) & 0xFF;
        int p = at + GzipMemberDescriptor.FIXED_HEADER_LENGTH;
        if ((flags & GzipMemberDescriptor.FEXTRA) != 0) {
            if (limit - p < 2) {
                return fail("gzip FEXTRA length is truncated");
            }
            int extra = (source.get(p) & 0xFF) | (source.get(p + 1) & 0xFF) << 8;
            if (limit - p - 2 < extra) {
                return fail("gzip FEXTRA field is truncated");
            }
            p += 2 + extra;
        }
        if ((flags & GzipMemberDescriptor.FNAME) != 0) {
            p = skipZeroTerminated(source, p, limit);
            if (p < 0) {
                return fail("gzip FNAME field is truncated");
            }
        }
        if ((flags & GzipMemberDescriptor.FCOMMENT) != 0) {
            p = skipZeroTerminated(source, p, limit);
            if (p < 0) {
                return fail("gzip FCOMMENT field is truncated");
            }
        }
        if ((flags & GzipMemberDescriptor.FHCRC) != 0) {
            if (limit - p < 2) {
                return fail("gzip FHCRC field is truncated");
            }
            crc.reset();
            source.limit(p);
            source.position(at);
            crc.update(source);
            source.limit(limit);
            int stored = (source.get(p) & 0xFF) | (source.get(p + 1) & 0xFF) << 8;
            if (stored != ((int) crc.getValue() & 0xFFFF)) {
                return fail("gzip header CRC16 does not match");
            }
            p += 2;
        }
        return p;
    }

    private static int skipZeroTerminated(ByteBuffer source, int p, int limit) {
        for (int i = p; i < limit; i++) {
            if (source.get(i) == 0) {
                return i + 1;
            }
        }
        return -1;
    }

    private int fail(String problem) {
        headerProblem = problem;
        return -1;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            inflater.end();
            output.release();
        }
    }
}
