package dev.varve.bench.study;

import static dev.varve.bench.study.Results.d;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * The study's PNG plots (XChart, headless), drawn from a {@link Results}: throughput against batch
 * size per codec (build, append, read), compression ratio against batch size per payload, append
 * latency CDFs, Varve over Kafka per codec, and the linger model's p99 latency against batch size.
 * Returns the files it wrote, by a short title, in the order the paper shows them. Stateless.
 */
final class Plots {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;

    private Plots() {
    }

    static Map<String, Path> draw(Results results) throws IOException {
        Path dir = Files.createDirectories(results.folder.resolve("plots"));
        Map<String, Path> files = new LinkedHashMap<>();
        String slice = results.headlinePayload + ", " + CellSpec.sizeLabel(results.headlineRecordBytes) + " records";
        files.put("Build throughput vs batch size (" + slice + ")",
                save(throughput(results, "build_varve_mbps", "Varve build MB/s"), dir, "throughput-build"));
        files.put("Append throughput vs batch size (" + slice + ")",
                save(throughput(results, "append_varve_mbps", "Varve append MB/s (uncompressed)"), dir, "throughput-append"));
        files.put("Read throughput vs batch size (" + slice + ")",
                save(throughput(results, "read_varve_mbps", "Varve read + decompress + iterate MB/s"), dir, "throughput-read"));
        for (Object payload : (List<?>) results.meta.get("payloads")) {
            files.put("Compression ratio vs batch size (" + payload + ")",
                    save(ratio(results, String.valueOf(payload)), dir, "compression-ratio-" + payload));
        }
        files.put("Append latency CDF (" + slice + ", " + CellSpec.batchLabel(results.batchNear16k()) + " batches)",
                save(latencyCdf(results), dir, "latency-cdf"));
        files.put("Varve / Kafka per codec (" + slice + ", " + CellSpec.batchLabel(results.batchNear16k()) + " batches)",
                save(varveVsKafka(results), dir, "varve-vs-kafka"));
        XYChart linger = linger(results);
        if (linger != null) {
            files.put("Linger model: p99 record latency vs batch size (" + slice + ")", save(linger, dir, "linger"));
        }
        files.values().removeIf(java.util.Objects::isNull);
        return files;
    }

    private static XYChart throughput(Results results, String column, String title) {
        XYChart chart = xy(title + " vs batch size", "batch size, uncompressed bytes (log)", "MB/s (log)");
        chart.getStyler().setYAxisLogarithmic(true);
        for (String codec : results.codecs()) {
            List<Map<String, Object>> cells = results.select(c -> codec.equals(c.get("codec"))
                    && results.headlinePayload.equals(c.get("payload")) && d(c.get("record_bytes")) == results.headlineRecordBytes);
            addSeries(chart, codec, cells, "batch_uncompressed_bytes", column);
        }
        return chart;
    }

    private static XYChart ratio(Results results, String payload) {
        XYChart chart = xy("Compression ratio vs batch size, " + payload, "batch size, uncompressed bytes (log)",
                "uncompressed / compressed");
        for (String codec : results.codecs()) {
            for (Object size : (List<?>) results.meta.get("record_bytes")) {
                List<Map<String, Object>> cells = results.select(c -> codec.equals(c.get("codec"))
                        && payload.equals(c.get("payload")) && d(c.get("record_bytes")) == d(size));
                addSeries(chart, codec + " " + CellSpec.sizeLabel((int) d(size)), cells, "batch_uncompressed_bytes", "compression_ratio");
            }
        }
        return chart;
    }

    @SuppressWarnings("unchecked")
    private static XYChart latencyCdf(Results results) {
        XYChart chart = xy("Append latency CDF", "latency per append, microseconds (log)", "percentile");
        int batch = results.batchNear16k();
        for (String codec : List.of("none", "lz4", "zstd-3")) {
            String id = codec + "/" + CellSpec.batchLabel(batch) + "/" + CellSpec.sizeLabel(results.headlineRecordBytes)
                    + "/" + results.headlinePayload;
            Map<String, Object> sides = (Map<String, Object>) results.latency.get(id);
            if (sides == null) {
                continue;
            }
            for (String side : List.of("varve", "kafka", "floor")) {
                if (side.equals("floor") && !codec.equals("none")) {
                    continue;
                }
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (Object point : (List<Object>) sides.get(side)) {
                    List<Object> p = (List<Object>) point;
                    if (Double.isFinite(d(p.get(1))) && d(p.get(1)) > 0) {
                        x.add(d(p.get(1)));
                        y.add(d(p.get(0)));
                    }
                }
                if (!x.isEmpty()) {
                    chart.addSeries(codec + " " + side, x, y);
                }
            }
        }
        return chart;
    }

    private static CategoryChart varveVsKafka(Results results) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Varve / Kafka (1 = even; above 1 Varve is faster)").xAxisTitle("codec").yAxisTitle("ratio").build();
        chart.getStyler().setLegendPosition(LegendPosition.InsideNW);
        int batch = results.batchNear16k();
        List<String> codecs = new ArrayList<>();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (String stage : List.of("build", "append", "read")) {
            series.put(stage, new ArrayList<>());
        }
        for (Map<String, Object> cell : results.headline()) {
            if (d(cell.get("batch_bytes")) != batch) {
                continue;
            }
            codecs.add(String.valueOf(cell.get("codec")));
            for (String stage : series.keySet()) {
                double v = d(cell.get(stage + "_vs_kafka"));
                series.get(stage).add(Double.isFinite(v) ? v : 0.0);
            }
        }
        if (!codecs.isEmpty()) {
            series.forEach((stage, values) -> chart.addSeries(stage, codecs, values));
        }
        return chart;
    }

    private static XYChart linger(Results results) {
        if (results.linger == null || results.linger.isEmpty()) {
            return null;
        }
        List<String> codecs = results.codecs();
        String codec = codecs.contains("lz4") ? "lz4" : codecs.get(codecs.size() - 1);
        XYChart chart = xy("Linger model, " + codec + ": p99 record latency vs batch.size", "batch.size, uncompressed bytes (log)",
                "p99 latency, ms (log)");
        chart.getStyler().setYAxisLogarithmic(true);
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        for (Map<String, Object> row : results.linger) {
            if (!codec.equals(row.get("codec")) || !results.headlinePayload.equals(row.get("payload"))
                    || d(row.get("record_bytes")) != results.headlineRecordBytes) {
                continue;
            }
            Map<String, Object> cell = results.select(c -> row.get("cell").equals(c.get("cell"))).get(0);
            String name = "linger " + (int) d(row.get("linger_ms")) + " ms, " + (int) d(row.get("offered_mbps")) + " MB/s"
                    + (Boolean.TRUE.equals(row.get("saturated")) ? "" : "");
            points.computeIfAbsent(name, k -> new ArrayList<>())
                    .add(new double[] {d(cell.get("batch_uncompressed_bytes")), d(row.get("latency_p99_ms"))});
        }
        points.forEach((name, xy) -> {
            double[] x = xy.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = xy.stream().mapToDouble(p -> Math.max(p[1], 1e-4)).toArray();
            chart.addSeries(name, x, y);
        });
        return chart;
    }

    private static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
        return chart;
    }

    private static void addSeries(XYChart chart, String name, List<Map<String, Object>> cells, String xColumn, String yColumn) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (Map<String, Object> cell : cells) {
            double xv = d(cell.get(xColumn));
            double yv = d(cell.get(yColumn));
            if (Double.isFinite(xv) && Double.isFinite(yv) && xv > 0 && yv > 0) {
                x.add(xv);
                y.add(yv);
            }
        }
        if (!x.isEmpty()) {
            chart.addSeries(name, x, y);
        }
    }

    /** Writes {@code chart} as {@code dir/name.png}; null (nothing written) when it has no series. */
    private static Path save(Chart<?, ?> chart, Path dir, String name) throws IOException {
        if (chart.getSeriesMap().isEmpty()) {
            return null;
        }
        Path file = dir.resolve(name + ".png");
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
        return file;
    }
}
