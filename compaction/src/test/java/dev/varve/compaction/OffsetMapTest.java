package dev.varve.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OffsetMapTest {
    private static ByteBuffer key(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean put(OffsetMap map, String k, long offset) {
        ByteBuffer b = key(k);
        return map.put(b, 0, b.limit(), offset);
    }

    private static long get(OffsetMap map, String k) {
        ByteBuffer b = key(k);
        return map.get(b, 0, b.limit());
    }

    @Test
    void shouldSizeTheDefaultBudgetAsKafka() {
        OffsetMap map = OffsetMap.forBudget(OffsetMap.DEFAULT_DEDUPE_BUFFER_BYTES, 1);
        assertEquals(5_592_405, map.slots());
        assertEquals(5_033_164, map.maxEntries());
    }

    @Test
    void shouldKeepTheLatestOffsetPerKeyAndMissForUnknownKeys() {
        OffsetMap map = new OffsetMap(24 * 1000);
        for (int i = 0; i < 500; i++) {
            assertTrue(put(map, "key-" + (i % 100), i));
        }
        assertEquals(100, map.size());
        for (int k = 0; k < 100; k++) {
            assertEquals(400 + k, get(map, "key-" + k));
        }
        assertEquals(-1, get(map, "absent"));
        assertEquals(499, map.latestOffset());
    }

    @Test
    void shouldRefuseNewKeysWhenFullButStillUpdateKnownOnes() {
        OffsetMap map = new OffsetMap(24 * 10);
        assertEquals(9, map.maxEntries());
        for (int i = 0; i < 9; i++) {
            assertTrue(put(map, "k" + i, i));
        }
        assertTrue(map.isFull());
        assertFalse(put(map, "new", 9));
        assertEquals(8, map.latestOffset(), "a refused put does not move the latest offset");
        assertTrue(put(map, "k3", 10));
        assertEquals(10, get(map, "k3"));
        map.clear();
        assertEquals(0, map.size());
        assertEquals(-1, get(map, "k3"));
    }
}
