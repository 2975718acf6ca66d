package dev.varve.bench.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.bench.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study scaled down (1 MiB segments, 8 MiB of log, a few reads): every figure is produced, uploads
 * move the whole log, consumes read every byte back from either tier, and the cache configurations do what
 * their labels say (cold: mostly misses, warm: only hits), so a broken study fails {@code verify}.
 */
class TieredStudyTest {
    @TempDir
    Path out;

    @Test
    void shouldMeasureEveryFigureWithCacheBehaviourMatchingItsLabel() throws Exception {
        TieredStudy study = new TieredStudy();
        study.segmentMib.clear();
        study.segmentMib.add(1);
        study.totalMib = 8;
        study.coldCacheBytes = 2L << 20;
        study.fetchKib = 64;
        study.coldReads = 20;
        study.warmReads = 50;

        List<Map<String, Object>> rows = study.run(out);

        assertEquals(7, rows.size(), rows.toString());
        Map<String, Object> upload = rows.get(0);
        assertEquals("upload", upload.get("measure"));
        assertTrue((Long) upload.get("count") >= 4, upload.toString());
        for (Map<String, Object> row : rows) {
            assertEquals("loopback", row.get("network"));
            if (row.get("measure").equals("sequential consume")) {
                assertEquals(upload.get("bytes"), row.get("bytes"), "every uploaded byte read back: " + row);
            }
        }
        Map<String, Object> hit = find(rows, "random read", "remote", "warm (hit)");
        assertEquals(0L, hit.get("ranged_gets"), hit.toString());
        assertEquals(0, hit.get("reads_with_get"), hit.toString());
        Map<String, Object> miss = find(rows, "random read", "remote", "cold (miss)");
        assertTrue((Integer) miss.get("reads_with_get") > 10, miss.toString());
        assertTrue((Long) find(rows, "sequential consume", "remote", "cold").get("ranged_gets") >= 8);
        assertTrue((Double) find(rows, "random read", "local", "page cache").get("p99_us") > 0);
        assertTrue(Files.readString(out.resolve("tables.md")).contains("LOOPBACK"));
        assertEquals(rows.size(), ((List<?>) Json.parse(Files.readString(out.resolve("tiered.json")))).size());
        assertEquals(rows.size() + 1, Files.readAllLines(out.resolve("tiered.csv")).size());
        assertTrue(Files.exists(out.resolve("1mib-remote-cold.hgrm")));
    }

    private static Map<String, Object> find(List<Map<String, Object>> rows, String measure, String tier, String cache) {
        return rows.stream().filter(row -> row.get("measure").equals(measure) && row.get("tier").equals(tier)
                && row.get("cache").equals(cache)).findFirst().orElseThrow();
    }
}
