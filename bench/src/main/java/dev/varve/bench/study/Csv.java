package dev.varve.bench.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes rows of the same columns as CSV (RFC 4180 quoting, header from the first row). Stateless. */
public final class Csv {
    private Csv() {
    }

    /** Writes {@code rows} (same keys, in order) to {@code file}, the first row's keys as the header. */
    public static void write(Path file, List<Map<String, Object>> rows) throws IOException {
        StringBuilder out = new StringBuilder();
        if (!rows.isEmpty()) {
            out.append(String.join(",", rows.get(0).keySet())).append('\n');
            for (Map<String, Object> row : rows) {
                boolean first = true;
                for (Object value : row.values()) {
                    out.append(first ? "" : ",").append(cell(value));
                    first = false;
                }
                out.append('\n');
            }
        }
        Files.writeString(file, out, StandardCharsets.UTF_8);
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            if (!Double.isFinite(d)) {
                return "";
            }
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) : String.format("%.4g", d);
        }
        String text = value.toString();
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
