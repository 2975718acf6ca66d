package dev.varve.bench.report;

import dev.varve.bench.compaction.CompactionBenchmark;
import dev.varve.bench.report.JmhRun.Result;
import dev.varve.bench.report.JmhRun.Stats;
import dev.varve.compaction.OffsetMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * Turns the JMH JSON of {@link CompactionBenchmark} into the tables, CSV and plot of
 * {@code papers/compaction.md}:
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.varve.bench.report.CompactionReport compaction.json OUT_DIR
 * </pre>
 * writes {@code OUT_DIR/tables.md}, {@code OUT_DIR/compaction.csv} (one row per cell and cleaner) and
 * {@code OUT_DIR/cleaning-throughput.png} and {@code OUT_DIR/varve-over-kafka.png}. Figures are medians of the measured shots with [min-max]:
 * MB/s (10^6 bytes) of dirty log as stored, per CPU-second of the benchmark thread (the machine is
 * shared; see {@code CpuTime}) and per wall second (fsync included); the offset map's distinct keys, the
 * dedupe buffer that holds them ({@code ceil(keys / 0.9)} slots of {@value OffsetMap#BYTES_PER_ENTRY}
 * bytes, the same for Kafka's {@code SkimpyOffsetMap}), and the heap the pass allocated per MB cleaned.
 */
public final class CompactionReport {
    private static final String[] CLEANERS = {"varve", "kafka"};

    private final List<Result> results;

    CompactionReport(List<Result> results) {
        this.results = results;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: CompactionReport RESULT.json OUT_DIR");
            System.exit(2);
        }
        CompactionReport report = new CompactionReport(JmhRun.parse(Files.readString(Path.of(args[0]))));
        Path out = Files.createDirectories(Path.of(args[1]));
        Files.writeString(out.resolve("tables.md"), report.tables());
        Files.writeString(out.resolve("compaction.csv"), report.csv());
        save(report.chart(), out.resolve("cleaning-throughput.png"));
        save(report.ratioChart(), out.resolve("varve-over-kafka.png"));
    }

    private static void save(CategoryChart chart, Path file) throws IOException {
        if (!chart.getSeriesMap().isEmpty()) {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
        }
    }

    /** One cell (keys, valueBytes, codec) and each cleaner's result in it (null when not measured). */
    private record Cell(Map<String, String> params, Result varve, Result kafka) {
        Result of(String cleaner) {
            return cleaner.equals("varve") ? varve : kafka;
        }

        /** Either result: the counters that describe the input (bytes, keys) are the same for both. */
        Result any() {
            return varve != null ? varve : kafka;
        }

        /** {@code keys / valueBytes / codec}, a plot's category. */
        String label() {
            return params.get("keys") + " / " + params.get("valueBytes") + " / " + params.get("codec");
        }

        /** The first three columns of a table row. */
        String columns() {
            return "| " + params.get("keys") + " | " + params.get("valueBytes") + " | " + params.get("codec") + " |";
        }
    }

    /** The cells measured, in benchmark order. */
    private List<Cell> cells() {
        List<Map<String, String>> seen = new ArrayList<>();
        List<Cell> cells = new ArrayList<>();
        for (Result r : results) {
            Map<String, String> params = Map.of("keys", r.param("keys"), "valueBytes", r.param("valueBytes"), "codec", r.param("codec"));
            if (r.benchmark().equals("CompactionBenchmark") && !seen.contains(params)) {
                seen.add(params);
                cells.add(new Cell(params, find("varve", params), find("kafka", params)));
            }
        }
        return cells;
    }

    String tables() {
        StringBuilder out = new StringBuilder();
        out.append("\n### Cleaning throughput: one pass over a never-cleaned log (MB/s of dirty log as stored)\n\n");
        out.append("| keys | value B | codec | dirty MB | distinct keys | kept | Varve per CPU-s | Kafka per CPU-s | Varve / Kafka "
                + "| Varve wall | Kafka wall | Varve ms/pass (wall) | Kafka ms/pass (wall) |\n");
        out.append("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Cell cell : cells()) {
            Stats varveCpu = mbs(cell.varve(), true);
            Stats kafkaCpu = mbs(cell.kafka(), true);
            Result any = cell.any();
            out.append(cell.columns()).append(String.format(Locale.ROOT, " %.1f | %,.0f | %.1f %% | %s | %s | %s | %s | %s | %s | %s |%n",
                    perOp(any, "bytes") / 1e6, perOp(any, "keys"), 100 * perOp(any, "written") / perOp(any, "bytes"),
                    Stats.range(varveCpu, "%.0f"), Stats.range(kafkaCpu, "%.0f"), Stats.ratio(varveCpu, kafkaCpu),
                    Stats.range(mbs(cell.varve(), false), "%.0f"), Stats.range(mbs(cell.kafka(), false), "%.0f"),
                    millis(cell.varve()), millis(cell.kafka())));
        }
        out.append("\n\"kept\": bytes written over bytes read (the cleaned segment's size against the dirty log's).\n");
        out.append("\n### Memory: offset map per distinct key, and heap allocated by a pass\n\n");
        out.append("| keys | value B | codec | distinct keys | dedupe buffer needed | bytes per key | Varve heap allocated | Kafka heap allocated "
                + "| Varve bytes allocated per MB | Kafka bytes allocated per MB |\n");
        out.append("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Cell cell : cells()) {
            double keys = perOp(cell.any(), "keys");
            double buffer = dedupeBufferBytes((long) keys);
            out.append(cell.columns()).append(String.format(Locale.ROOT, " %,.0f | %.2f MiB | %.1f | %s | %s | %s | %s |%n",
                    keys, buffer / (1 << 20), buffer / keys, megabytes(perOp(cell.varve(), "allocated")),
                    megabytes(perOp(cell.kafka(), "allocated")), perMb(cell.varve()), perMb(cell.kafka())));
        }
        out.append(String.format(Locale.ROOT, "%nBoth maps were given %d MiB (log.cleaner.dedupe.buffer.size for one cleaner thread), "
                + "which holds %,d keys.%n", CompactionBenchmark.DEDUPE_BUFFER_BYTES >> 20,
                (int) (CompactionBenchmark.DEDUPE_BUFFER_BYTES / OffsetMap.BYTES_PER_ENTRY * OffsetMap.LOAD_FACTOR)));
        return out.toString();
    }

    /** The smallest offset map, in bytes, that takes {@code keys} distinct keys: {@code ceil(keys / 0.9)} slots. */
    static long dedupeBufferBytes(long keys) {
        return (long) Math.ceil(keys / OffsetMap.LOAD_FACTOR) * OffsetMap.BYTES_PER_ENTRY;
    }

    String csv() {
        StringBuilder out = new StringBuilder("cleaner,keys,value_bytes,codec,dirty_bytes,written_bytes,distinct_keys,"
                + "mbps_per_cpu_s,mbps_per_cpu_s_min,mbps_per_cpu_s_max,mbps_wall,ms_per_pass_wall,allocated_bytes_per_pass\n");
        for (Cell cell : cells()) {
            for (String cleaner : CLEANERS) {
                Result r = cell.of(cleaner);
                if (r == null) {
                    continue;
                }
                Stats cpu = mbs(r, true);
                out.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%.0f,%.0f,%.0f,%.1f,%.1f,%.1f,%.1f,%.1f,%.0f%n", cleaner,
                        cell.params().get("keys"), cell.params().get("valueBytes"), cell.params().get("codec"), perOp(r, "bytes"), perOp(r, "written"),
                        perOp(r, "keys"), cpu.median(), cpu.min(), cpu.max(), mbs(r, false).median(),
                        Stats.of(r.wallSeconds()).median() * 1e3, perOp(r, "allocated")));
            }
        }
        return out.toString();
    }

    CategoryChart chart() {
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(520)
                .title("Cleaning throughput, one pass (MB/s of dirty log per CPU-second, median)")
                .xAxisTitle("keys / value bytes / codec").yAxisTitle("MB/s per CPU-second").build();
        chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
        chart.getStyler().setXAxisLabelRotation(20);
        List<Cell> cells = cells();
        List<String> labels = cells.stream().map(Cell::label).toList();
        for (String cleaner : CLEANERS) {
            List<Double> values = new ArrayList<>();
            for (Cell cell : cells) {
                Stats stats = mbs(cell.of(cleaner), true);
                values.add(stats == null ? 0.0 : stats.median());
            }
            if (!labels.isEmpty() && values.stream().anyMatch(v -> v > 0)) {
                chart.addSeries(cleaner.equals("varve") ? "Varve" : "Kafka 4.4", labels, values);
            }
        }
        return chart;
    }

    /** Varve's MB/s per CPU-second over Kafka's, per cell with both. */
    CategoryChart ratioChart() {
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(520)
                .title("Varve / Kafka 4.4, one cleaning pass per CPU-second (1 = even; above 1 Varve is faster)")
                .xAxisTitle("keys / value bytes / codec").yAxisTitle("ratio of medians").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(20);
        List<String> labels = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (Cell cell : cells()) {
            Stats varve = mbs(cell.varve(), true);
            Stats kafka = mbs(cell.kafka(), true);
            if (varve != null && kafka != null) {
                labels.add(cell.label());
                ratios.add(varve.median() / kafka.median());
            }
        }
        if (!labels.isEmpty()) {
            chart.addSeries("Varve / Kafka", labels, ratios);
        }
        return chart;
    }

    private Result find(String cleaner, Map<String, String> cell) {
        Map<String, String> params = new java.util.HashMap<>(cell);
        params.put("engine", cleaner);
        return JmhRun.find(results, "CompactionBenchmark", "clean", params);
    }

    /** MB/s of dirty log per CPU-second or per wall second, per shot. */
    private static Stats mbs(Result r, boolean perCpu) {
        return r == null ? null : Stats.of(perCpu ? r.perCpuSecond("bytes") : r.perWallSecond("bytes")).scaled(1e-6);
    }

    /** The mean of a counter per pass (each shot is one pass); NaN when not measured. */
    private static double perOp(Result r, String counter) {
        if (r == null) {
            return Double.NaN;
        }
        List<Double> values = r.metric(counter);
        List<Double> ops = r.metric("ops");
        double sum = 0;
        double count = 0;
        for (int i = 0; i < Math.min(values.size(), ops.size()); i++) {
            sum += values.get(i);
            count += ops.get(i);
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    private static String perMb(Result r) {
        return r == null ? "n/a" : String.format(Locale.ROOT, "%,.0f", perOp(r, "allocated") / (perOp(r, "bytes") / 1e6));
    }

    private static String megabytes(double bytes) {
        return Double.isNaN(bytes) ? "n/a" : String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
    }

    private static String millis(Result r) {
        return r == null ? "n/a" : Stats.range(Stats.of(r.wallSeconds()).scaled(1e3), "%.0f");
    }
}
