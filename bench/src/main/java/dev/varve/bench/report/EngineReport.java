package dev.varve.bench.report;

import dev.varve.bench.BatchFixture;
import dev.varve.bench.engine.BatchPool;
import dev.varve.bench.report.JmhRun.Result;
import dev.varve.bench.report.JmhRun.Stats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the JMH JSON of the engine benchmarks ({@code dev.varve.bench.engine}, plus
 * {@code RawDecompressBenchmark} for zstd at 16 KiB) into the tables of {@code papers/log-engine.md}:
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.varve.bench.report.EngineReport RESULT.json...
 * </pre>
 * When several files hold the same cell, the last file wins (a re-run of some cells).
 * Every figure is the median of the measurement iterations with [min-max], per CPU-second of the
 * benchmark thread (the machine is shared; see {@code CpuTime}); the wall-clock figures are in the last
 * table. MB/s: 10^6 bytes; "wire" bytes are the batches as stored (compressed for zstd), "record"
 * bytes the uncompressed record sections, from {@link BatchPool}'s deterministic batches. Targets
 * (issues 3 and 4): append of uncompressed 16 KiB batches at least 90 % of the {@code FileChannel.write}
 * floor and 1.5 x Kafka; zstd appends at least 2 x Kafka.
 */
public final class EngineReport {
    static final double FLOOR_TARGET = 0.90;
    static final double KAFKA_TARGET = 1.5;
    static final double ZSTD_KAFKA_TARGET = 2.0;

    private final List<Result> results = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: EngineReport RESULT.json...");
            System.exit(2);
        }
        EngineReport report = new EngineReport();
        for (String path : args) {
            report.results.addAll(JmhRun.parse(Files.readString(Path.of(path))));
        }
        System.out.print(report.render());
    }

    String render() {
        StringBuilder out = new StringBuilder();
        append(out);
        read(out);
        lookups(out);
        recovery(out);
        validate(out);
        everyCell(out);
        return out.toString();
    }

    private void append(StringBuilder out) {
        out.append("\n### Append, 16 KiB batches of 1 KiB JSON records, page cache (MB/s of wire bytes per CPU-second)\n\n");
        out.append("| codec | Varve | Kafka appendAsLeader | floor: FileChannel.write (heap) | floor (direct) "
                + "| Varve / floor | Varve / Kafka | Kafka / floor | Varve records/s | Varve µs/batch | Kafka µs/batch |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (String codec : new String[] {"none", "zstd"}) {
            Stats varve = appendMbs("varve", codec);
            Stats kafka = appendMbs("kafka", codec);
            Stats floor = appendMbs("floor", codec);
            Stats direct = appendMbs("floorDirect", codec);
            if (varve == null && kafka == null) {
                continue;
            }
            BatchPool pool = new BatchPool(codec, BatchPool.DEFAULT_SIZE, false);
            Stats varveOps = opsPerCpu("AppendBenchmark", "append", Map.of("engine", "varve", "codec", codec));
            Stats kafkaOps = opsPerCpu("AppendBenchmark", "append", Map.of("engine", "kafka", "codec", codec));
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", codec,
                    Stats.range(varve, "%.0f"), Stats.range(kafka, "%.0f"), Stats.range(floor, "%.0f"), Stats.range(direct, "%.0f"),
                    Stats.ratio(varve, floor), Stats.ratio(varve, kafka), Stats.ratio(kafka, floor),
                    varveOps == null ? "n/a" : String.format(Locale.ROOT, "%.2f M", varveOps.median() * pool.meanRecords() / 1e6),
                    micros(varveOps), micros(kafkaOps)));
        }
        out.append("\nzstd in uncompressed record bytes (MB/s per CPU-second, wire x ").append(String.format(Locale.ROOT, "%.2f",
                recordsPerWire("zstd"))).append("): Varve ").append(Stats.range(scale(appendMbs("varve", "zstd"), recordsPerWire("zstd")), "%.0f"))
                .append(", Kafka ").append(Stats.range(scale(appendMbs("kafka", "zstd"), recordsPerWire("zstd")), "%.0f")).append(".\n");
        out.append("\n| target (issues 3 and 4) | measured (medians) | verdict |\n| --- | ---: | --- |\n");
        Stats varve = appendMbs("varve", "none");
        Stats floor = appendMbs("floor", "none");
        Stats kafka = appendMbs("kafka", "none");
        target(out, "uncompressed append >= 90 % of the FileChannel.write floor (heap buffers, as given)", varve, floor, FLOOR_TARGET);
        target(out, "uncompressed append >= 90 % of the floor from direct buffers", varve, appendMbs("floorDirect", "none"), FLOOR_TARGET);
        target(out, "uncompressed append >= 1.5 x Kafka's appendAsLeader", varve, kafka, KAFKA_TARGET);
        target(out, "zstd append (validation included) >= 2 x Kafka's", appendMbs("varve", "zstd"), appendMbs("kafka", "zstd"), ZSTD_KAFKA_TARGET);
        out.append("\nBytes written (each iteration writes a fresh log; the previous one is deleted unflushed):\n\n");
        out.append("| engine | codec | bytes per iteration | iterations (warm-up + measured) | bytes per run |\n| --- | --- | ---: | ---: | ---: |\n");
        for (Result r : results) {
            if (r.benchmark().equals("AppendBenchmark")) {
                List<Double> bytes = r.metric("bytes");
                double perIteration = bytes.stream().mapToDouble(Double::doubleValue).average().orElse(0);
                int iterations = r.warmupIterations() + bytes.size();
                out.append(String.format(Locale.ROOT, "| %s | %s | %.0f MB | %d + %d | %.2f GB |%n", r.param("engine"), r.param("codec"),
                        perIteration / 1e6, r.warmupIterations(), bytes.size(), perIteration * iterations / 1e9));
            }
        }
    }

    private void read(StringBuilder out) {
        out.append("\n### Sequential read: 1 MiB fetches + zero-copy transfer to /dev/null, 256 MiB log in page cache (per CPU-second)\n\n");
        out.append("| engine | MB/s (whole batches delivered) | fetches/s | Varve / Kafka |\n| --- | ---: | ---: | ---: |\n");
        Stats varve = null;
        for (String engine : new String[] {"varve", "kafka"}) {
            Result r = find("ReadBenchmark", "read", Map.of("engine", engine));
            if (r == null) {
                continue;
            }
            Stats mbs = scale(Stats.of(r.perCpuSecond("bytes")), 1e-6);
            varve = engine.equals("varve") ? mbs : varve;
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", engine, Stats.range(mbs, "%.0f"),
                    Stats.range(Stats.of(r.perCpuSecond("ops")), "%.0f"), engine.equals("kafka") ? Stats.ratio(varve, mbs) : ""));
        }
    }

    private void lookups(StringBuilder out) {
        out.append("\n### Random lookups in a 256 MiB log (lookups per CPU-second; µs per lookup)\n\n");
        out.append("| lookup | Varve | Kafka | Varve / Kafka | Varve µs | Kafka µs |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (String method : new String[] {"readAt", "offsetForTimestamp"}) {
            Stats varve = opsPerCpu("LookupBenchmark", method, Map.of("engine", "varve"));
            Stats kafka = opsPerCpu("LookupBenchmark", method, Map.of("engine", "kafka"));
            if (varve == null && kafka == null) {
                continue;
            }
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", method, Stats.range(varve, "%.0f"),
                    Stats.range(kafka, "%.0f"), Stats.ratio(varve, kafka), micros(varve), micros(kafka)));
        }
    }

    private void recovery(StringBuilder out) {
        out.append("\n### Recovery of a 256 MiB segment after an unclean shutdown, recovery point 0 (MB/s re-validated per CPU-second)\n\n");
        out.append("| engine | MB/s per CPU-second | MB/s per wall second | ms per recovery (wall) | Varve / Kafka |\n| --- | ---: | ---: | ---: | ---: |\n");
        Stats varve = null;
        for (String engine : new String[] {"varve", "kafka"}) {
            Result r = find("RecoveryBenchmark", "recover", Map.of("engine", engine));
            if (r == null) {
                continue;
            }
            Stats mbs = scale(Stats.of(r.perCpuSecond("bytes")), 1e-6);
            varve = engine.equals("varve") ? mbs : varve;
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", engine, Stats.range(mbs, "%.0f"),
                    Stats.range(scale(Stats.of(r.perWallSecond("bytes")), 1e-6), "%.0f"),
                    Stats.range(scale(Stats.of(r.wallSeconds()), 1e3), "%.0f"), engine.equals("kafka") ? Stats.ratio(varve, mbs) : ""));
        }
    }

    private void validate(StringBuilder out) {
        out.append("\n### Append-path validation of one 16 KiB batch (MB/s of uncompressed records per CPU-second)\n\n");
        out.append("| codec | BatchValidator.validate | floor | floor is | validate / floor | validate µs/batch |\n| --- | ---: | ---: | --- | ---: | ---: |\n");
        for (String codec : new String[] {"none", "zstd"}) {
            double section = new BatchFixture(codec, BatchPool.BATCH_BYTES).sectionBytes() / 1e6;
            Stats validate = opsPerCpu("ValidateBenchmark", "validate", Map.of("codec", codec));
            Stats floor = codec.equals("none") ? opsPerCpu("ValidateBenchmark", "crc32c", Map.of("codec", codec))
                    : opsPerCpu("RawDecompressBenchmark", "decompress", Map.of("codec", codec, "batchBytes", "16384"));
            if (validate == null) {
                continue;
            }
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", codec, Stats.range(scale(validate, section), "%.0f"),
                    Stats.range(scale(floor, section), "%.0f"), codec.equals("none") ? "CRC-32C of the batch (JDK)" : "raw zstd decompress (zstd-jni, reused context)",
                    Stats.ratio(validate, floor), micros(validate)));
        }
    }

    private void everyCell(StringBuilder out) {
        out.append("\n### Every cell: per wall second (JMH) and per CPU-second, and the thread's share of a core\n\n");
        out.append("| benchmark | params | ops/s wall | ops per CPU-s | MB/s wall | MB/s per CPU-s | CPU share |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Result r : results) {
            out.append(String.format(Locale.ROOT, "| %s.%s | %s | %s | %s | %s | %s | %s |%n", r.benchmark(), r.method(), r.params(),
                    Stats.range(Stats.of(r.perWallSecond("ops")), "%.0f"), Stats.range(Stats.of(r.perCpuSecond("ops")), "%.0f"),
                    Stats.range(scale(Stats.of(r.perWallSecond("bytes")), 1e-6), "%.0f"),
                    Stats.range(scale(Stats.of(r.perCpuSecond("bytes")), 1e-6), "%.0f"), Stats.range(Stats.of(r.cpuShare()), "%.2f")));
        }
    }

    private Stats appendMbs(String engine, String codec) {
        Result r = find("AppendBenchmark", "append", Map.of("engine", engine, "codec", codec));
        return r == null ? null : scale(Stats.of(r.perCpuSecond("bytes")), 1e-6);
    }

    private static double recordsPerWire(String codec) {
        BatchPool pool = new BatchPool(codec, BatchPool.DEFAULT_SIZE, false);
        return pool.meanUncompressedBytes() / pool.meanWireBytes();
    }

    private Stats opsPerCpu(String benchmark, String method, Map<String, String> params) {
        Result r = find(benchmark, method, params);
        return r == null ? null : Stats.of(r.perCpuSecond("ops"));
    }

    private Result find(String benchmark, String method, Map<String, String> params) {
        return JmhRun.find(results, benchmark, method, params);
    }

    private static void target(StringBuilder out, String name, Stats numerator, Stats denominator, double aim) {
        String verdict = numerator == null || denominator == null ? "not measured"
                : numerator.median() / denominator.median() >= aim ? "**met**" : "missed";
        out.append("| ").append(name).append(" | ").append(Stats.ratio(numerator, denominator)).append(" | ").append(verdict).append(" |\n");
    }

    private static Stats scale(Stats stats, double factor) {
        return stats == null ? null : stats.scaled(factor);
    }

    private static String micros(Stats opsPerSecond) {
        return opsPerSecond == null ? "n/a" : String.format(Locale.ROOT, "%.2f", 1e6 / opsPerSecond.median());
    }
}
