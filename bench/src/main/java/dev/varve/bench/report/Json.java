package dev.varve.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON reader, enough for JMH's result files: objects become {@link LinkedHashMap}s,
 * arrays {@link ArrayList}s, numbers {@link Double}s (JMH writes "NaN" as a string, kept as is),
 * strings with the standard escapes. Throws {@link IllegalArgumentException} with the index on
 * malformed input. Stateless apart from one parse; not thread-safe.
 */
final class Json {
    private final String text;
    private int index;

    private Json(String text) {
        this.text = text;
    }

    /** Parses one JSON document. */
    static Object parse(String text) {
        Json json = new Json(text);
        Object value = json.value();
        json.skipSpace();
        if (json.index != text.length()) {
            throw json.error("trailing characters");
        }
        return value;
    }

    private Object value() {
        skipSpace();
        if (index >= text.length()) {
            throw error("unexpected end");
        }
        char c = text.charAt(index);
        switch (c) {
            case '{': return object();
            case '[': return array();
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default: return number();
        }
    }

    private Map<String, Object> object() {
        Map<String, Object> map = new LinkedHashMap<>();
        index++;
        skipSpace();
        if (peek() == '}') {
            index++;
            return map;
        }
        while (true) {
            skipSpace();
            String key = string();
            skipSpace();
            expect(':');
            map.put(key, value());
            skipSpace();
            if (peek() == ',') {
                index++;
            } else {
                expect('}');
                return map;
            }
        }
    }

    private List<Object> array() {
        List<Object> list = new ArrayList<>();
        index++;
        skipSpace();
        if (peek() == ']') {
            index++;
            return list;
        }
        while (true) {
            list.add(value());
            skipSpace();
            if (peek() == ',') {
                index++;
            } else {
                expect(']');
                return list;
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = text.charAt(index++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = text.charAt(index++);
            switch (e) {
                case 'n': out.append('\n'); break;
                case 't': out.append('\t'); break;
                case 'r': out.append('\r'); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'u':
                    out.append((char) Integer.parseInt(text.substring(index, index + 4), 16));
                    index += 4;
                    break;
                default: out.append(e);
            }
        }
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, index)) {
            throw error("expected " + word);
        }
        index += word.length();
        return value;
    }

    private Double number() {
        int start = index;
        while (index < text.length() && "+-0123456789.eE".indexOf(text.charAt(index)) >= 0) {
            index++;
        }
        if (start == index) {
            throw error("unexpected character '" + text.charAt(index) + "'");
        }
        return Double.valueOf(text.substring(start, index));
    }

    private void skipSpace() {
        while (index < text.length() && Character.isWhitespace(text.charAt(index))) {
            index++;
        }
    }

    private char peek() {
        return index < text.length() ? text.charAt(index) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        index++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at index " + index);
    }
}
