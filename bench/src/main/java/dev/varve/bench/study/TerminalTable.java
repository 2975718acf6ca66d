package dev.varve.bench.study;

import java.io.PrintStream;
import java.util.Map;

/**
 * The study's table on the terminal, one line per cell as it finishes: records per batch, compression
 * ratio, then per stage Varve, Kafka and the limit (MB/s of uncompressed record bytes; append's limit
 * in MB/s written), and the append p99 in microseconds. Stateless.
 */
final class TerminalTable {
    private TerminalTable() {
    }

    static void header(PrintStream out) {
        out.println(String.format("%-26s %6s %6s | %-20s | %-20s | %-13s | %-20s",
                "", "", "", "build MB/s", "append MB/s", "append p99 us", "read MB/s"));
        out.println(String.format("%-26s %6s %6s | %6s %6s %6s | %6s %6s %6s | %6s %6s | %6s %6s %6s",
                "codec/batch/record/payload", "rec/b", "ratio",
                "varve", "kafka", "raw", "varve", "kafka", "floorW", "varve", "kafka", "varve", "kafka", "limit"));
    }

    static void row(PrintStream out, Map<String, Object> row) {
        out.println(String.format("%-26s %6s %6.2f | %6s %6s %6s | %6s %6s %6s | %6s %6s | %6s %6s %6s",
                row.get("cell"), num(row.get("records_per_batch")), d(row.get("compression_ratio")),
                num(row.get("build_varve_mbps")), num(row.get("build_kafka_mbps")), num(row.get("build_raw_mbps")),
                num(row.get("append_varve_mbps")), num(row.get("append_kafka_mbps")), num(row.get("append_floor_wire_mbps")),
                num(row.get("append_varve_p99_us")), num(row.get("append_kafka_p99_us")),
                num(row.get("read_varve_mbps")), num(row.get("read_kafka_mbps")), num(row.get("read_limit_mbps"))));
        out.flush();
    }

    static double d(Object value) {
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    /** A figure in at most 6 characters: 3 significant digits below 100, whole numbers above. */
    static String num(Object value) {
        double v = d(value);
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v >= 100) {
            return String.valueOf(Math.round(v));
        }
        if (v >= 10) {
            return String.format("%.1f", v);
        }
        return String.format("%.2f", v);
    }
}
