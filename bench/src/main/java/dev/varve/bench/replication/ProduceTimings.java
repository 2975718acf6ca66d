package dev.varve.bench.replication;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Reads a simulation's trace as it is written and times each produce request in simulated milliseconds: a
 * record's request is sent in the step whose header says {@code #N t=T}, and answered in a later step's events
 * ({@code rX (acks=...) acked at offset O}, {@code refused: ...}, {@code failed: ...}). A step's events carry
 * the time at the step's end, so latencies are rounded up to the study's tick. Acknowledged latencies go to an
 * HdrHistogram (1 ms to 1 hour, 3 digits). Not thread-safe; one per simulation.
 */
final class ProduceTimings implements Consumer<String> {
    private final Histogram acknowledged = new Histogram(3_600_000L, 3);
    private final Map<Long, Long> sentMs = new HashMap<>();
    private long nowMs;
    private long acked;
    private long refused;
    private long failed;

    @Override
    public void accept(String line) {
        if (line.startsWith("#")) {
            int time = line.indexOf(" t=") + 3;
            nowMs = Long.parseLong(line, time, line.indexOf(' ', time), 10);
            return;
        }
        String event = line.strip();
        if (!event.startsWith("r") || event.length() < 2 || !Character.isDigit(event.charAt(1))) {
            return;
        }
        int space = event.indexOf(' ');
        long id = Long.parseLong(event, 1, space, 10);
        if (event.startsWith(" sent to", space)) {
            sentMs.put(id, nowMs);
        } else if (event.contains(") acked at offset")) {
            acked++;
            Long sent = sentMs.remove(id);
            if (sent != null) {
                acknowledged.recordValue(nowMs - sent);
            }
        } else if (event.contains(") refused:")) {
            refused++;
            sentMs.remove(id);
        } else if (event.contains(") failed:")) {
            failed++;
            sentMs.remove(id);
        }
    }

    Histogram latencyMs() {
        return acknowledged;
    }

    long acked() {
        return acked;
    }

    long refused() {
        return refused;
    }

    long failed() {
        return failed;
    }
}
