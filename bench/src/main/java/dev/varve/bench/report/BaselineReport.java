package dev.varve.bench.report;

import dev.varve.bench.BatchFixture;
import dev.varve.bench.RawCodec;
import dev.varve.engine.record.RecordBatchBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns JMH JSON results of the baseline benchmarks into the Markdown tables of
 * {@code papers/baseline-record-batches.md}:
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.varve.bench.report.BaselineReport RESULT.json [GC.json...]
 * </pre>
 * Throughput comes from the first file that has a cell; later files (a {@code -prof gc} run) only add
 * allocation figures. Each cell is the median of its measurement iterations with [min-max]; MB/s is
 * ops/s times the uncompressed record-section bytes of one batch (1 MB = 10^6 B), records/s is ops/s
 * times the records per batch; both are recomputed from {@link BatchFixture}, which is deterministic.
 */
public final class BaselineReport {
    static final String[] CODECS = {"none", "gzip", "snappy", "lz4", "zstd"};
    static final double AIM = 0.80;

    record Key(String benchmark, String codec, int batchBytes) {}

    record Cell(double median, double min, double max, Double bytesPerOp) {}

    private final Map<Key, Cell> cells = new LinkedHashMap<>();
    private final Map<String, BatchFixture> fixtures = new LinkedHashMap<>();

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: BaselineReport RESULT.json [GC-RESULT.json...]");
            System.exit(2);
        }
        BaselineReport report = new BaselineReport();
        for (String path : args) {
            report.load(Files.readString(Path.of(path)));
        }
        System.out.print(report.render());
    }

    /** Adds the cells of one JMH JSON result file. */
    @SuppressWarnings("unchecked")
    void load(String json) {
        for (Object entry : (List<Object>) Json.parse(json)) {
            Map<String, Object> result = (Map<String, Object>) entry;
            String benchmark = (String) result.get("benchmark");
            String[] parts = benchmark.split("\\.");
            Map<String, Object> params = (Map<String, Object>) result.get("params");
            Key key = new Key(parts[parts.length - 2], (String) params.get("codec"),
                    Integer.parseInt((String) params.get("batchBytes")));
            Map<String, Object> primary = (Map<String, Object>) result.get("primaryMetric");
            List<Double> samples = new ArrayList<>();
            for (Object fork : (List<Object>) primary.get("rawData")) {
                for (Object sample : (List<Object>) fork) {
                    samples.add((Double) sample);
                }
            }
            Collections.sort(samples);
            Double bytesPerOp = null;
            Map<String, Object> secondary = (Map<String, Object>) result.get("secondaryMetrics");
            if (secondary != null && secondary.get("·gc.alloc.rate.norm") instanceof Map<?, ?> gc) {
                bytesPerOp = (Double) gc.get("score");
            }
            Cell old = cells.get(key);
            if (old == null) {
                cells.put(key, new Cell(median(samples), samples.get(0), samples.get(samples.size() - 1), bytesPerOp));
            } else if (bytesPerOp != null) {
                cells.put(key, new Cell(old.median(), old.min(), old.max(), bytesPerOp));
            }
        }
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** All tables, as Markdown. */
    String render() {
        StringBuilder out = new StringBuilder();
        TreeSet<Integer> sizes = new TreeSet<>();
        cells.keySet().forEach(key -> sizes.add(key.batchBytes()));
        for (int size : sizes) {
            BatchFixture sample = fixture("none", size);
            out.append(String.format(Locale.ROOT, "%n### Build, batch.size %d B: %d records, %d B uncompressed record section%n%n",
                    size, sample.recordCount(), sample.sectionBytes()));
            out.append("| codec | Varve MB/s [min-max] | Varve records/s | Kafka MB/s [min-max] | raw codec MB/s [min-max] "
                    + "| Varve / raw | Varve / Kafka | Kafka / raw | aim: Varve >= 80 % of raw |\n");
            out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
            for (String codec : CODECS) {
                row(out, codec, size, "VarveBuildBenchmark", "KafkaBuildBenchmark", "RawCompressBenchmark", true);
            }
        }
        for (int size : sizes) {
            out.append(String.format(Locale.ROOT, "%n### Read + validate, batch.size %d B (input: Kafka-built batch)%n%n", size));
            out.append("| codec | Varve MB/s [min-max] | Varve records/s | Kafka MB/s [min-max] | raw decompress MB/s [min-max] "
                    + "| Varve / raw | Varve / Kafka | Kafka / raw |\n");
            out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for (String codec : CODECS) {
                row(out, codec, size, "VarveReadBenchmark", "KafkaReadBenchmark", "RawDecompressBenchmark", false);
            }
        }
        sizesTable(out, sizes);
        allocationTable(out);
        return out.toString();
    }

    private void row(StringBuilder out, String codec, int size, String varve, String kafka, String raw, boolean aim) {
        Cell v = cells.get(new Key(varve, codec, size));
        Cell k = cells.get(new Key(kafka, codec, size));
        Cell r = cells.get(new Key(raw, codec, size));
        if (v == null && k == null && r == null) {
            return;
        }
        BatchFixture fixture = fixture(codec, size);
        out.append("| ").append(codec)
                .append(" | ").append(mbs(v, fixture))
                .append(" | ").append(v == null ? "n/a" : String.format(Locale.ROOT, "%.2f M", v.median() * fixture.recordCount() / 1e6))
                .append(" | ").append(mbs(k, fixture))
                .append(" | ").append(mbs(r, fixture))
                .append(" | ").append(ratio(v, r))
                .append(" | ").append(ratio(v, k))
                .append(" | ").append(ratio(k, r));
        if (aim) {
            String verdict = codec.equals("none") ? "n/a (raw is a copy)"
                    : v == null || r == null ? "not measured"
                    : v.median() / r.median() >= AIM ? "**met**" : "not met";
            out.append(" | ").append(verdict);
        }
        out.append(" |\n");
    }

    private void sizesTable(StringBuilder out, TreeSet<Integer> sizes) {
        out.append("\n### Batch sizes on the wire (bytes; ratio = uncompressed section / compressed section)\n\n");
        out.append("| codec | batch.size | records | uncompressed section | Varve batch | Kafka batch | raw codec output |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (int size : sizes) {
            for (String codec : CODECS) {
                BatchFixture fixture = fixture(codec, size);
                int section = fixture.sectionBytes();
                int kafka = fixture.kafkaBatchCopy().remaining();
                String varve;
                try (RecordBatchBuilder builder = new RecordBatchBuilder(fixture.varveCodec())) {
                    int bytes = fixture.buildVarve(builder).remaining();
                    varve = withRatio(bytes, section);
                } catch (RuntimeException e) {
                    varve = "n/a (" + e.getClass().getSimpleName() + ")";
                }
                int rawBytes;
                try (RawCodec raw = RawCodec.forName(codec)) {
                    rawBytes = raw.compress(fixture.section(), section, new byte[raw.maxCompressedLength(section)]);
                }
                out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %s | %s |%n", codec, size,
                        fixture.recordCount(), section, varve, withRatio(kafka, section), withRatio(rawBytes + 61, section)));
            }
        }
        out.append("\n(Batch columns include the 61-byte header; the raw column adds it too, for comparison.)\n");
    }

    private static String withRatio(int batchBytes, int section) {
        return String.format(Locale.ROOT, "%d (%.2fx)", batchBytes, section / (double) (batchBytes - 61));
    }

    private void allocationTable(StringBuilder out) {
        StringBuilder rows = new StringBuilder();
        for (Map.Entry<Key, Cell> entry : cells.entrySet()) {
            Cell cell = entry.getValue();
            if (cell.bytesPerOp() == null) {
                continue;
            }
            Key key = entry.getKey();
            int records = fixture(key.codec(), key.batchBytes()).recordCount();
            rows.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.2f |%n", key.benchmark(), key.codec(),
                    key.batchBytes(), cell.bytesPerOp(), cell.bytesPerOp() / records));
        }
        if (rows.length() > 0) {
            out.append("\n### Allocation (JMH -prof gc, gc.alloc.rate.norm)\n\n");
            out.append("| benchmark | codec | batch.size | B/op (one batch) | B/record |\n");
            out.append("| --- | --- | ---: | ---: | ---: |\n");
            out.append(rows);
        }
    }

    private BatchFixture fixture(String codec, int size) {
        return fixtures.computeIfAbsent(codec + "/" + size, k -> new BatchFixture(codec, size));
    }

    private static String mbs(Cell cell, BatchFixture fixture) {
        if (cell == null) {
            return "n/a";
        }
        double bytes = fixture.sectionBytes() / 1e6;
        return String.format(Locale.ROOT, "%.0f [%.0f-%.0f]", cell.median() * bytes, cell.min() * bytes, cell.max() * bytes);
    }

    private static String ratio(Cell numerator, Cell denominator) {
        if (numerator == null || denominator == null) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f", numerator.median() / denominator.median());
    }
}
