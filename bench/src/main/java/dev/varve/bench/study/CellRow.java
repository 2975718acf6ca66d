package dev.varve.bench.study;

import dev.varve.bench.study.CellRunner.Measured;
import dev.varve.bench.study.Loop.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One cell's figures as a flat, ordered row: the JSON object of the cell and the CSV line, with the
 * same column names. Units are in the names: {@code _mbps} is MB (10^6 B) per wall second of
 * uncompressed record bytes (keys, values and record framing, the bytes a codec sees), {@code _wire_mbps}
 * of bytes written to or read from files, {@code _rps} records per second, {@code _cpu_ns_per_mb} CPU
 * nanoseconds of the measuring thread per uncompressed MB, {@code _us} microseconds. {@code _vs_kafka}
 * is Varve over Kafka, {@code _vs_limit} over the limit of that stage: the raw codec for build, the bare
 * {@code FileChannel.write} loop of the same bytes for append (wire bytes), and for read the file read of
 * the stored bytes followed by raw decompression, in sequence.
 */
final class CellRow {
    /** Latency percentiles kept for the CDF plots. */
    static final double[] CDF_PERCENTILES = {
        0, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 97.5, 99, 99.5, 99.9, 99.95, 99.99, 100};

    private CellRow() {
    }

    static Map<String, Object> of(CellSpec spec, CellFixture fixture, Measured m) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("cell", spec.id());
        row.put("codec", spec.codecSetting());
        row.put("batch", spec.batchLabel());
        row.put("batch_bytes", spec.batchBytes());
        row.put("record_bytes", spec.recordBytes());
        row.put("payload", spec.payload().configName());
        row.put("records_per_batch", fixture.meanRecordsPerBatch());
        row.put("batch_uncompressed_bytes", fixture.meanUncompressedBatchBytes());
        row.put("batch_wire_bytes", fixture.meanWireBatchBytes());
        row.put("compression_ratio", fixture.compressionRatio());
        row.put("disk_ratio", m.varveLogBytes() == 0 ? Double.NaN : (double) m.varveUncompressedBatchBytes() / m.varveLogBytes());

        stage(row, "build_varve", m.buildVarve());
        stage(row, "build_kafka", m.buildKafka());
        stage(row, "build_raw", m.compressRaw());
        ratios(row, "build", m.buildVarve().mbps(), m.buildKafka().mbps(), m.compressRaw().mbps());

        append(row, "append_varve", m.appendVarve());
        append(row, "append_kafka", m.appendKafka());
        row.put("append_floor_wire_mbps", m.appendFloor().wireMbps());
        latency(row, "append_floor", m.appendFloor());
        row.put("append_vs_kafka", m.appendVarve().mbps() / m.appendKafka().mbps());
        row.put("append_vs_limit", m.appendVarve().wireMbps() / m.appendFloor().wireMbps());
        row.put("append_kafka_vs_limit", m.appendKafka().wireMbps() / m.appendFloor().wireMbps());

        stage(row, "read_varve", m.readVarve());
        stage(row, "read_kafka", m.readKafka());
        row.put("read_raw_mbps", m.decompressRaw().mbps());
        row.put("read_floor_wire_mbps", m.readFloor().wireMbps());
        double ratio = fixture.compressionRatio();
        double limit = 1 / (1 / (m.readFloor().wireMbps() * ratio) + 1 / m.decompressRaw().mbps());
        row.put("read_limit_mbps", limit);
        row.put("read_vs_kafka", m.readVarve().mbps() / m.readKafka().mbps());
        row.put("read_vs_limit", m.readVarve().mbps() / limit);
        row.put("read_kafka_vs_limit", m.readKafka().mbps() / limit);
        row.put("read_vs_raw_decompress", m.readVarve().mbps() / m.decompressRaw().mbps());

        row.put("disk_varve_log_bytes", m.varveLogBytes());
        row.put("disk_varve_bytes", m.varveDirBytes());
        row.put("disk_kafka_log_bytes", m.kafkaLogBytes());
        row.put("disk_kafka_bytes", m.kafkaDirBytes());
        row.put("bytes_written", m.bytesWritten());
        return row;
    }

    /** The append latency distributions of one cell: side to [[percentile, microseconds], ...]. */
    static Map<String, Object> cdfs(Measured m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("varve", cdf(m.appendVarve()));
        out.put("kafka", cdf(m.appendKafka()));
        out.put("floor", cdf(m.appendFloor()));
        return out;
    }

    private static List<Object> cdf(Sample sample) {
        List<Object> points = new ArrayList<>();
        for (double p : CDF_PERCENTILES) {
            points.add(List.of(p, sample.latencyUs(p)));
        }
        return points;
    }

    private static void stage(Map<String, Object> row, String name, Sample s) {
        row.put(name + "_mbps", s.mbps());
        row.put(name + "_rps", s.recordsPerSecond());
        row.put(name + "_cpu_ns_per_mb", s.cpuNsPerMb());
    }

    private static void append(Map<String, Object> row, String name, Sample s) {
        stage(row, name, s);
        row.put(name + "_wire_mbps", s.wireMbps());
        latency(row, name, s);
    }

    private static void latency(Map<String, Object> row, String name, Sample s) {
        row.put(name + "_p50_us", s.latencyUs(50));
        row.put(name + "_p99_us", s.latencyUs(99));
        row.put(name + "_p999_us", s.latencyUs(99.9));
        row.put(name + "_appends", s.ops());
        row.put(name + "_bytes", s.wireBytes());
    }

    private static void ratios(Map<String, Object> row, String stage, double varve, double kafka, double limit) {
        row.put(stage + "_vs_kafka", varve / kafka);
        row.put(stage + "_vs_limit", varve / limit);
        row.put(stage + "_kafka_vs_limit", kafka / limit);
    }
}
