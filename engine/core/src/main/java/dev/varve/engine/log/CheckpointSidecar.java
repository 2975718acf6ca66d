package dev.varve.engine.log;

import dev.varve.engine.api.LogStorageException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The Varve-only checksummed twin of a Kafka offset checkpoint, {@code <checkpoint>.varve} next to it, that
 * lets Varve tell a damaged checkpoint from a good one although Kafka's format has no checksum. Kafka
 * ignores it (its {@code LogManager} loads only directories from a data directory's root). Layout, big-endian:
 *
 * <pre>
 * 4 bytes   magic "VCK1"
 * 4 bytes   CRC-32C of the checkpoint content written with it
 * 1 byte    1 when the next field holds the CRC-32C of the content the checkpoint held before, else 0
 * 4 bytes   that CRC-32C, or 0
 * 4 bytes   length n of the content
 * n bytes   a copy of the content
 * 4 bytes   CRC-32C of every byte above
 * </pre>
 *
 * Written before its checkpoint, both through {@link DurableFile#replace}, so after a crash between the two
 * the checkpoint holds the previous content, which the twin still vouches for. A twin that fails any check
 * (a single changed byte always does) reads as absent. Immutable and thread-safe.
 */
final class CheckpointSidecar {
    /** Appended to the checkpoint's file name. */
    static final String SUFFIX = ".varve";
    private static final int MAGIC = 0x56434B31; // "VCK1"
    private static final int HEADER = 17;
    private static final int TRAILER = 4;

    private final int crc;
    private final boolean hasPrevious;
    private final int previousCrc;
    private final byte[] content;

    private CheckpointSidecar(int crc, boolean hasPrevious, int previousCrc, byte[] content) {
        this.crc = crc;
        this.hasPrevious = hasPrevious;
        this.previousCrc = previousCrc;
        this.content = content;
    }

    /** The twin of {@code checkpoint}. */
    static Path pathOf(Path checkpoint) {
        return checkpoint.resolveSibling(checkpoint.getFileName() + SUFFIX);
    }

    /**
     * Replaces the twin of {@code checkpoint} with one vouching for {@code content} and, when
     * {@code previous} is not null, for the content with that CRC-32C (what the checkpoint holds now).
     */
    static void write(Path checkpoint, byte[] content, Integer previous) {
        ByteBuffer out = ByteBuffer.allocate(HEADER + content.length + TRAILER);
        out.putInt(MAGIC).putInt(crc(content, 0, content.length)).put((byte) (previous == null ? 0 : 1))
                .putInt(previous == null ? 0 : previous).putInt(content.length).put(content);
        out.putInt(crc(out.array(), 0, out.position()));
        DurableFile.replace(pathOf(checkpoint), out.array());
    }

    /**
     * The twin of {@code checkpoint}.
     *
     * @return null when it is missing
     * @throws CorruptCheckpointException naming the twin when it fails a check
     * @throws LogStorageException on an I/O error
     */
    static CheckpointSidecar read(Path checkpoint) {
        Path path = pathOf(checkpoint);
        byte[] bytes = CheckpointFormat.bytes(path);
        if (bytes == null) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < HEADER + TRAILER || in.getInt(bytes.length - TRAILER) != crc(bytes, 0, bytes.length - TRAILER)) {
            throw new CorruptCheckpointException(path.toString(), 1, "checksum mismatch or truncated: size=" + bytes.length);
        }
        int magic = in.getInt();
        int crc = in.getInt();
        byte flag = in.get();
        int previous = in.getInt();
        int length = in.getInt();
        byte[] content = Arrays.copyOfRange(bytes, HEADER, bytes.length - TRAILER);
        if (magic != MAGIC || flag < 0 || flag > 1 || length != content.length || crc != crc(content, 0, content.length)) {
            throw new CorruptCheckpointException(path.toString(), 1, "not a checkpoint twin: magic=0x" + Integer.toHexString(magic)
                    + ", flag=" + flag + ", length=" + length);
        }
        return new CheckpointSidecar(crc, flag == 1, previous, content);
    }

    /** Whether {@code checkpoint} is the content this twin was written with, or the content it replaced. */
    boolean vouchesFor(byte[] checkpoint) {
        int actual = crc(checkpoint, 0, checkpoint.length);
        return actual == crc || hasPrevious && actual == previousCrc;
    }

    /**
     * Where {@code checkpoint} differs from this twin's copy when that is in exactly one byte (what a
     * damaged byte looks like, as opposed to a whole file another program, Kafka, wrote after Varve).
     *
     * @return the position of that byte, or -1 when the lengths differ or more or fewer bytes do
     */
    int onlyDifference(byte[] checkpoint) {
        if (checkpoint.length != content.length) {
            return -1;
        }
        int position = -1;
        for (int i = 0; i < content.length; i++) {
            if (checkpoint[i] != content[i]) {
                if (position >= 0) {
                    return -1;
                }
                position = i;
            }
        }
        return position;
    }

    /** The checkpoint content this twin was written with. */
    byte[] content() {
        return content.clone();
    }

    /** The CRC-32C of {@code length} bytes of {@code bytes} from {@code offset}. */
    static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
