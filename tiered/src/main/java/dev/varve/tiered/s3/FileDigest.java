package dev.varve.tiered.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * What an upload of a file must match, computed in one pass before it starts: the file's size and CRC-32C
 * (kept as object metadata, checked on HEAD and on whole-object reads) and the MD5 of each part (sent as
 * {@code Content-MD5}, so the store refuses a damaged part). Immutable.
 */
record FileDigest(long sizeBytes, long crc32c, long partSizeBytes, List<byte[]> partMd5s) {
    private static final int BUFFER_BYTES = 256 * 1024;

    /** Digests the first {@code sizeBytes} of {@code file} in parts of {@code partSizeBytes}. */
    static FileDigest of(Path file, long sizeBytes, long partSizeBytes) throws IOException {
        CRC32C crc = new CRC32C();
        MessageDigest md5 = md5();
        List<byte[]> parts = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = 0;
            long partEnd = Math.min(partSizeBytes, sizeBytes);
            while (position < sizeBytes) {
                buffer.clear().limit((int) Math.min(BUFFER_BYTES, partEnd - position));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw new IOException("file shrank while digesting: file=" + file + ", position=" + position
                            + ", expectedBytes=" + sizeBytes);
                }
                buffer.flip();
                crc.update(buffer.duplicate());
                md5.update(buffer);
                position += n;
                if (position == partEnd) {
                    parts.add(md5.digest());
                    partEnd = Math.min(partEnd + partSizeBytes, sizeBytes);
                }
            }
        }
        if (parts.isEmpty()) {
            parts.add(md5.digest());
        }
        return new FileDigest(sizeBytes, crc.getValue(), partSizeBytes, List.copyOf(parts));
    }

    int partCount() {
        return partMd5s.size();
    }

    /** The base64 MD5 of part {@code index} (from 0), for {@code Content-MD5}. */
    String partMd5Base64(int index) {
        return Base64.getEncoder().encodeToString(partMd5s.get(index));
    }

    /** The CRC-32C as eight hex digits, as it is stored in the object's metadata. */
    String crc32cHex() {
        return crc32cHex(crc32c);
    }

    static String crc32cHex(long crc32c) {
        return String.format("%08x", crc32c);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }
}
