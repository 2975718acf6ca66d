package dev.varve.cli.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void shouldEscapeQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\n\\t\\u0000\\u001f\\u007f\"", Json.quote("a\"b\\c\n\t\u0000\u001f\u007f"));
    }

    @Test
    void shouldKeepNonAsciiTextAsIs() {
        assertEquals("\"ünïcødé ✓ 😀\"", Json.quote("ünïcødé ✓ 😀"));
    }

    @Test
    void shouldRoundTripEveryCharBelow0x3000ThroughAStrictParser() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            if (!Character.isSurrogate(c)) {
                all.append(c);
            }
        }
        assertEquals(all.toString(), JsonParser.parse(Json.quote(all.toString())));
    }
}
