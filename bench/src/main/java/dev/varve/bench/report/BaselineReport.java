package dev.varve.bench.report;

import dev.varve.bench.BatchFixture;
import dev.varve.bench.RawCodec;
import dev.varve.bench.report.JmhRun.Stats;
import dev.varve.engine.record.RecordBatchBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * java -cp bench/target/benchmarks.jar dev.varve.bench.report.BaselineReport --compare RUN1/baseline.json RUN2/baseline.json...
 * </pre>
 * The second form prints the headline ratios of several runs side by side (run-to-run noise).
 * Throughput comes from the first file that has a cell; later files (a {@code -prof gc} run) only add
 * allocation figures. The tables use ops per CPU-second of the benchmark thread (from the
 * {@code CpuTime} counters; JMH's wall-clock score where they are missing), because the machine is
 * shared; the last table gives both. Each figure is the median of the measurement iterations with
 * [min-max]; MB/s is ops/s times the uncompressed record-section bytes of one batch (1 MB = 10^6 B),
 * records/s is ops/s times the records per batch; both come from {@link BatchFixture}, which is
 * deterministic.
 */
public final class BaselineReport {
    static final String[] CODECS = {"none", "gzip", "snappy", "lz4", "zstd"};
    static final double AIM = 0.80;

    record Key(String benchmark, String codec, int batchBytes) {}

    /**
     * One benchmark cell: ops per wall second (JMH's score), ops per CPU-second of the benchmark
     * thread and the thread's share of a core (from {@code CpuTime}), and B/op from a gc run.
     */
    record Cell(Stats wall, Stats cpu, Stats cpuShare, Double bytesPerOp) {
        /** The throughput the tables use: per CPU-second when measured, else per wall second. */
        Stats best() {
            return cpu != null ? cpu : wall;
        }
    }

    private final Map<Key, Cell> cells = new LinkedHashMap<>();
    private final Map<String, BatchFixture> fixtures = new LinkedHashMap<>();

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: BaselineReport RESULT.json [GC-RESULT.json...]\n"
                    + "       BaselineReport --compare RUN.json RUN.json...");
            System.exit(2);
        }
        if (args[0].equals("--compare")) {
            List<BaselineReport> runs = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                BaselineReport run = new BaselineReport();
                run.load(Files.readString(Path.of(args[i])));
                runs.add(run);
                names.add(Path.of(args[i]).toAbsolutePath().getParent().getFileName().toString());
            }
            System.out.print(compare(runs, names));
            return;
        }
        BaselineReport report = new BaselineReport();
        for (String path : args) {
            report.load(Files.readString(Path.of(path)));
        }
        System.out.print(report.render());
    }

    /** The headline ratios of several runs side by side: how far they move from run to run. */
    static String compare(List<BaselineReport> runs, List<String> names) {
        StringBuilder out = new StringBuilder("\n| ratio (medians, per CPU-second) | codec | batch.size |");
        names.forEach(name -> out.append(' ').append(name).append(" |"));
        out.append("\n| --- | --- | ---: |");
        names.forEach(name -> out.append(" ---: |"));
        out.append('\n');
        String[][] ratios = {
            {"build Varve / raw", "VarveBuildBenchmark", "RawCompressBenchmark"},
            {"build Varve / Kafka", "VarveBuildBenchmark", "KafkaBuildBenchmark"},
            {"build Kafka / raw", "KafkaBuildBenchmark", "RawCompressBenchmark"},
            {"read Varve / raw", "VarveReadBenchmark", "RawDecompressBenchmark"},
            {"read Varve / Kafka", "VarveReadBenchmark", "KafkaReadBenchmark"},
        };
        for (String[] ratio : ratios) {
            for (int size : new int[] {16384, 1048576}) {
                for (String codec : CODECS) {
                    out.append("| ").append(ratio[0]).append(" | ").append(codec).append(" | ").append(size).append(" |");
                    for (BaselineReport run : runs) {
                        out.append(' ').append(ratio(run.cells.get(new Key(ratio[1], codec, size)),
                                run.cells.get(new Key(ratio[2], codec, size)))).append(" |");
                    }
                    out.append('\n');
                }
            }
        }
        return out.toString();
    }

    /** Adds the cells of one JMH JSON result file. */
    void load(String json) {
        for (JmhRun.Result result : JmhRun.parse(json)) {
            Key key = new Key(result.benchmark(), result.param("codec"), Integer.parseInt(result.param("batchBytes")));
            List<Double> gc = result.metric("gc.alloc.rate.norm");
            Double bytesPerOp = gc.isEmpty() ? null : gc.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            Cell old = cells.get(key);
            if (old != null) {
                if (bytesPerOp != null) {
                    cells.put(key, new Cell(old.wall(), old.cpu(), old.cpuShare(), bytesPerOp));
                }
                continue;
            }
            List<Double> wall = result.scores();
            List<Double> cpu = result.perCpuSecond("ops");
            List<Double> share = new ArrayList<>();
            List<Double> ops = result.metric("ops");
            List<Double> cpuNs = result.metric("cpuNs");
            for (int i = 0; i < Math.min(ops.size(), cpuNs.size()); i++) {
                share.add(cpuNs.get(i) / 1e9 / (ops.get(i) / wall.get(i)));
            }
            cells.put(key, new Cell(Stats.of(wall), Stats.of(cpu), Stats.of(share), bytesPerOp));
        }
    }

    /** All tables, as Markdown. */
    String render() {
        StringBuilder out = new StringBuilder();
        TreeSet<Integer> sizes = new TreeSet<>();
        cells.keySet().forEach(key -> sizes.add(key.batchBytes()));
        for (int size : sizes) {
            BatchFixture sample = fixture("none", size);
            out.append(String.format(Locale.ROOT, "%n### Build, batch.size %d B: %d records, %d B uncompressed record section (per CPU-second)%n%n",
                    size, sample.recordCount(), sample.sectionBytes()));
            out.append("| codec | Varve MB/s [min-max] | Varve records/s | Kafka MB/s [min-max] | raw codec MB/s [min-max] "
                    + "| Varve / raw | Varve / Kafka | Kafka / raw | aim: Varve >= 80 % of raw |\n");
            out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
            for (String codec : CODECS) {
                row(out, codec, size, "VarveBuildBenchmark", "KafkaBuildBenchmark", "RawCompressBenchmark", true);
            }
        }
        for (int size : sizes) {
            out.append(String.format(Locale.ROOT, "%n### Read + validate, batch.size %d B (input: the Kafka-built batch; per CPU-second)%n%n", size));
            out.append("| codec | Varve MB/s [min-max] | Varve records/s | Kafka MB/s [min-max] | raw decompress MB/s [min-max] "
                    + "| Varve / raw | Varve / Kafka | Kafka / raw |\n");
            out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for (String codec : CODECS) {
                row(out, codec, size, "VarveReadBenchmark", "KafkaReadBenchmark", "RawDecompressBenchmark", false);
            }
        }
        sizesTable(out, sizes);
        allocationTable(out);
        rawTable(out);
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
                .append(" | ").append(v == null ? "n/a" : String.format(Locale.ROOT, "%.2f M", v.best().median() * fixture.recordCount() / 1e6))
                .append(" | ").append(mbs(k, fixture))
                .append(" | ").append(mbs(r, fixture))
                .append(" | ").append(ratio(v, r))
                .append(" | ").append(ratio(v, k))
                .append(" | ").append(ratio(k, r));
        if (aim) {
            String verdict = codec.equals("none") ? "n/a (raw is a copy)"
                    : v == null || r == null ? "not measured"
                    : v.best().median() / r.best().median() >= AIM ? "**met**" : "not met";
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

    private void rawTable(StringBuilder out) {
        out.append("\n### Every cell: ops/s per wall second (JMH's score) and per CPU-second, and the thread's share of a core\n\n");
        out.append("| benchmark | codec | batch.size | ops/s wall, median [min-max] | ops per CPU-s, median [min-max] | CPU share, median [min-max] |\n");
        out.append("| --- | --- | ---: | ---: | ---: | ---: |\n");
        for (Map.Entry<Key, Cell> entry : cells.entrySet()) {
            Key key = entry.getKey();
            Cell cell = entry.getValue();
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s |%n", key.benchmark(), key.codec(),
                    key.batchBytes(), range(cell.wall(), "%.0f"), range(cell.cpu(), "%.0f"), range(cell.cpuShare(), "%.2f")));
        }
    }

    private static String range(Stats stats, String format) {
        return Stats.range(stats, format);
    }

    private BatchFixture fixture(String codec, int size) {
        return fixtures.computeIfAbsent(codec + "/" + size, k -> new BatchFixture(codec, size));
    }

    private static String mbs(Cell cell, BatchFixture fixture) {
        if (cell == null) {
            return "n/a";
        }
        double bytes = fixture.sectionBytes() / 1e6;
        Stats stats = cell.best();
        return String.format(Locale.ROOT, "%.0f [%.0f-%.0f]", stats.median() * bytes, stats.min() * bytes, stats.max() * bytes);
    }

    private static String ratio(Cell numerator, Cell denominator) {
        if (numerator == null || denominator == null) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f", numerator.best().median() / denominator.best().median());
    }
}
