package dev.varve.cli.dump;

/**
 * Quotes strings as JSON string literals (RFC 8259): quote, backslash and every control character
 * escaped, everything else kept. Also the escaping of text dumps, so both formats show the same text.
 */
public final class Json {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /** {@code text} as a quoted JSON string literal. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        appendQuoted(out, text);
        return out.toString();
    }

    /** Appends {@code text} to {@code out} as a quoted JSON string literal. */
    public static void appendQuoted(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Appends a key or value: {@code null}, a quoted string when it is UTF-8 text, else {@code {"hex":"..."}}. */
    public static void appendPayload(StringBuilder out, Payload payload) {
        if (payload.isNull()) {
            out.append("null");
        } else if (payload.isText()) {
            appendQuoted(out, payload.text());
        } else {
            out.append("{\"hex\":\"").append(payload.hex()).append("\"}");
        }
    }
}
