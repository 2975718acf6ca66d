package dev.varve.bench.study;

import dev.varve.bench.study.StudyOptions.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The linger part of the study: for every measured cell (a codec, batch size, record size and payload),
 * every {@code linger.ms} and every offered rate, runs {@link LingerModel} with the cell's measured
 * costs: a batch's service time is its uncompressed bytes at Varve's measured build rate plus its
 * measured append rate of that cell ({@code build_varve_mbps}, {@code append_varve_mbps}), and a batch
 * holds at most the cell's records per batch. Simulates 2 s of offered load, between 1,000 and 100,000
 * records. Stateless.
 */
final class Linger {
    private static final double SIMULATED_SECONDS = 2;

    private Linger() {
    }

    static List<Map<String, Object>> rows(List<Map<String, Object>> cells, Settings settings) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> cell : cells) {
            double recordBytes = d(cell.get("batch_uncompressed_bytes")) / d(cell.get("records_per_batch"));
            int maxRecords = (int) Math.max(1, Math.round(d(cell.get("records_per_batch"))));
            double secondsPerByte = 1 / (d(cell.get("build_varve_mbps")) * 1e6) + 1 / (d(cell.get("append_varve_mbps")) * 1e6);
            for (int lingerMs : settings.lingerMs()) {
                for (int rate : settings.ratesMBps()) {
                    double bytesPerSecond = rate * 1e6;
                    int records = (int) Math.max(1_000, Math.min(100_000, bytesPerSecond * SIMULATED_SECONDS / recordBytes));
                    LingerModel.Outcome o = LingerModel.simulate(records, recordBytes, bytesPerSecond, maxRecords, lingerMs,
                            (n, bytes) -> bytes * secondsPerByte);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("cell", cell.get("cell"));
                    row.put("codec", cell.get("codec"));
                    row.put("batch", cell.get("batch"));
                    row.put("batch_bytes", cell.get("batch_bytes"));
                    row.put("record_bytes", cell.get("record_bytes"));
                    row.put("payload", cell.get("payload"));
                    row.put("linger_ms", lingerMs);
                    row.put("offered_mbps", rate);
                    row.put("capacity_mbps", maxRecords * recordBytes / (maxRecords * recordBytes * secondsPerByte) / 1e6);
                    row.put("records_simulated", o.records());
                    row.put("mean_batch_records", o.meanBatchRecords());
                    row.put("mean_batch_bytes", o.meanBatchBytes());
                    row.put("wait_p50_ms", o.waitP50Ms());
                    row.put("wait_p99_ms", o.waitP99Ms());
                    row.put("wait_p999_ms", o.waitP999Ms());
                    row.put("latency_p50_ms", o.latencyP50Ms());
                    row.put("latency_p99_ms", o.latencyP99Ms());
                    row.put("latency_p999_ms", o.latencyP999Ms());
                    row.put("utilisation", o.utilisation());
                    row.put("saturated", o.saturated());
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static double d(Object value) {
        return ((Number) value).doubleValue();
    }
}
