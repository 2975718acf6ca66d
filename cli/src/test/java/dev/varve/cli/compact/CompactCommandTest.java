package dev.varve.cli.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.cli.CliRun;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's "Done means", scaled to stay fast: updates over a few hundred keys into a compacted topic,
 * {@code varve compact --roll}, then a consumer from the beginning sees each key once, with its last
 * value; a second run has nothing to clean; a topic that is not compacted is refused in one line.
 */
class CompactCommandTest {
    private static final int UPDATES = 40_000;
    private static final int KEYS = 500;

    @TempDir
    Path dir;

    @Test
    void shouldLeaveEachKeysLastValueAfterCompactingWithRoll() {
        String data = dir.toString();
        assertEquals(0, CliRun.run("--data", data, "topics", "create", "users", "--config", "cleanup.policy=compact").exitCode());
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < UPDATES; i++) {
            input.append("user").append(i % KEYS).append(':').append("value-").append(i).append('\n');
        }
        assertEquals(0, CliRun.runWithInput(input.toString(), "--data", data, "produce", "users", "--key-separator", ":").exitCode());

        CliRun compacted = CliRun.run("--data", data, "compact", "users", "--roll");
        assertEquals(0, compacted.exitCode(), compacted::toString);
        String line = compacted.outLines().get(0);
        assertTrue(line.startsWith("users-0: cleaned offsets [0, " + UPDATES + "): "), line);
        assertTrue(line.contains("keys " + KEYS + ", records " + UPDATES + " read, " + KEYS + " kept"), line);

        CliRun consumed = CliRun.run("--data", data, "consume", "users", "--from-beginning", "--format", "json");
        List<String> records = consumed.outLines();
        assertEquals(KEYS, records.size(), consumed::err);
        Map<String, String> last = new HashMap<>();
        for (String record : records) {
            String key = record.replaceAll(".*\"key\":\"([^\"]*)\".*", "$1");
            String value = record.replaceAll(".*\"value\":\"([^\"]*)\".*", "$1");
            assertEquals(null, last.put(key, value), "key twice: " + key);
        }
        for (int k = 0; k < KEYS; k++) {
            assertEquals("value-" + (UPDATES - KEYS + k), last.get("user" + k));
        }

        CliRun again = CliRun.run("--data", data, "compact", "users");
        assertEquals(0, again.exitCode());
        assertTrue(again.outLines().get(0).startsWith("users-0: nothing to clean"), again::toString);
    }

    @Test
    void shouldRefuseATopicThatIsNotCompactedInOneLine() {
        String data = dir.toString();
        assertEquals(0, CliRun.run("--data", data, "topics", "create", "plain").exitCode());
        CliRun refused = CliRun.run("--data", data, "compact", "plain");
        assertEquals(2, refused.exitCode());
        assertEquals(List.of("varve: topic plain is not compacted (cleanup.policy=delete): set cleanup.policy=compact"),
                refused.errLines());
    }
}
