package dev.varve.cli.dump;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Bytes of a key, value or header value as a dump shows them: null, valid UTF-8 text, or binary
 * (anything that is not valid UTF-8, shown in hex). Immutable; holds its own copy.
 */
public final class Payload {
    private static final Payload NULL = new Payload(null, null);

    private final byte[] bytes;
    private final String text;

    private Payload(byte[] bytes, String text) {
        this.bytes = bytes;
        this.text = text;
    }

    /** The {@code length} bytes at {@code offset} in {@code buffer}, or the null payload when length is negative. */
    public static Payload of(ByteBuffer buffer, int offset, int length) {
        if (length < 0) {
            return NULL;
        }
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        return of(bytes);
    }

    /** A payload of these bytes (not copied), or the null payload. */
    public static Payload of(byte[] bytes) {
        return bytes == null ? NULL : new Payload(bytes, utf8OrNull(bytes));
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    public boolean isNull() {
        return bytes == null;
    }

    /** Whether the bytes are valid UTF-8, so {@link #text()} holds them. */
    public boolean isText() {
        return text != null;
    }

    /** The bytes decoded as UTF-8; null when they are null or not valid UTF-8. */
    public String text() {
        return text;
    }

    /** The bytes in lower-case hex; null for the null payload. */
    public String hex() {
        return bytes == null ? null : HexFormat.of().formatHex(bytes);
    }
}
