package dev.varve.bench.replication;

import java.util.List;
import java.util.Map;

/** The replication study's figures as the Markdown tables of papers/replication.md. Stateless. */
final class StudyTables {
    private StudyTables() {
    }

    static String markdown(List<Map<String, Object>> speed, List<Map<String, Object>> cells) {
        StringBuilder out = new StringBuilder("### Simulator speed (wall clock)\n\n")
                .append("| brokers | partitions | steps | simulated s | messages | wall s | steps/s | messages/s | simulated s per wall s |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Map<String, Object> row : speed) {
            out.append(line(row, "brokers", "partitions", "steps", "simulated_s", "messages", "wall_s", "steps_per_wall_s",
                    "messages_per_wall_s", "simulated_s_per_wall_s"));
        }
        out.append("\n### Produce throughput and latency (simulated time)\n\n")
                .append("| faults/min | links cut | rf | min ISR | fetch wait ms | acks | committed/s | acked/s | refused | failed | p50 ms | p99 ms | p99.9 ms | max ms | violations |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Map<String, Object> row : cells) {
            out.append(line(row, "faults_per_minute", "replication_cut", "replication_factor", "min_insync_replicas", "fetch_wait_max_ms", "acks", "committed_per_simulated_s",
                    "acked_per_simulated_s", "refused",
                    "failed", "latency_p50_ms", "latency_p99_ms", "latency_p999_ms", "latency_max_ms", "violations"));
        }
        return out.toString();
    }

    private static String line(Map<String, Object> row, String... columns) {
        StringBuilder line = new StringBuilder("|");
        for (String column : columns) {
            Object value = row.get(column);
            line.append(' ').append(value == null ? "-" : value instanceof Double d ? format(d) : value).append(" |");
        }
        return line.append('\n').toString();
    }

    private static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        return String.format(Math.abs(value) < 1 ? "%.2f" : "%.1f", value);
    }
}
