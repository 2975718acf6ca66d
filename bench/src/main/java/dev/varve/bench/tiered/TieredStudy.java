package dev.varve.bench.tiered;

import dev.varve.bench.engine.BenchFiles;
import dev.varve.bench.report.Json;
import dev.varve.bench.study.Csv;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.tiered.TierRunSummary;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * The tiered-storage study, LOOPBACK ONLY (S3Proxy in this JVM on 127.0.0.1, in-memory blob store): for
 * each segment size, upload throughput of whole segments through {@code TieredStorage.run}, sequential
 * consume throughput from the remote start (cold cache, then warm), and read latency percentiles
 * (HdrHistogram) at random offsets with a cold cache (4 MiB against the whole log: nearly every read a
 * ranged GET, counted in {@code reads_with_get}) and a warm one (the whole log cached), beside the same figures of a never-tiered twin read
 * locally. Writes {@code tiered.json}, {@code tiered.csv}, {@code tables.md} and one {@code .hgrm}
 * percentile distribution per latency row into the output folder. One shot per figure: see
 * papers/tiered-storage.md for the noise.
 *
 * <pre>
 *   java -Xms2g -Xmx2g -cp bench/target/benchmarks.jar dev.varve.bench.tiered.TieredStudy OUT_DIR
 *       [--segment-mib 1,16,64] [--total-mib 128] [--fetch-kib 1024] [--cold-reads 1000] [--warm-reads 5000]
 * </pre>
 */
public final class TieredStudy {
    static final long DEFAULT_CACHE_BYTES = 64L << 20;
    private static final int RECORDS_PER_BATCH = 16;
    private static final int VALUE_BYTES = 1000;
    private static final int WARMUP_READS = 100;
    private static final long SEED = 20261122;

    final List<Integer> segmentMib = new ArrayList<>(List.of(1, 16, 64));
    long totalMib = 128;
    int fetchKib = 1024;
    int coldReads = 1000;
    int warmReads = 5000;
    long coldCacheBytes = 4L << 20;
    private final List<Map<String, Object>> rows = new ArrayList<>();

    TieredStudy() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args.length % 2 == 0) {
            System.err.println("usage: TieredStudy OUT_DIR [--segment-mib 1,16,64] [--total-mib 128] [--fetch-kib 1024]"
                    + " [--cold-reads 1000] [--warm-reads 5000]");
            System.exit(2);
        }
        TieredStudy study = new TieredStudy();
        for (int i = 1; i < args.length; i += 2) {
            study.option(args[i], args[i + 1]);
        }
        study.run(Path.of(args[0]));
    }

    private void option(String name, String value) {
        switch (name) {
            case "--segment-mib" -> {
                segmentMib.clear();
                for (String size : value.split(",")) {
                    segmentMib.add(Integer.parseInt(size.trim()));
                }
            }
            case "--total-mib" -> totalMib = Long.parseLong(value);
            case "--fetch-kib" -> fetchKib = Integer.parseInt(value);
            case "--cold-reads" -> coldReads = Integer.parseInt(value);
            case "--warm-reads" -> warmReads = Integer.parseInt(value);
            default -> throw new IllegalArgumentException("unknown option " + name);
        }
    }

    /** Runs every cell and writes the results into {@code out}; the rows, for tests. */
    List<Map<String, Object>> run(Path out) throws Exception {
        Files.createDirectories(out);
        ByteBuffer[] batches = batches();
        for (int mib : segmentMib) {
            cell(out, mib, batches);
        }
        Files.writeString(out.resolve("tiered.json"), Json.write(rows));
        Csv.write(out.resolve("tiered.csv"), rows);
        Files.writeString(out.resolve("tables.md"), table());
        return rows;
    }

    private void cell(Path out, int mib, ByteBuffer[] batches) throws Exception {
        int fetchBytes = fetchKib << 10;
        long totalBytes = totalMib << 20;
        Path dir = BenchFiles.tempDirectory("tiered");
        try (TieredCell cell = new TieredCell(dir, mib << 20, totalBytes, batches, fetchBytes)) {
            progress(mib, "upload");
            long began = System.nanoTime();
            TierRunSummary uploaded = cell.upload();
            row(mib, "upload", "remote", "-", uploaded.segmentsUploaded(), uploaded.bytesUploaded(), System.nanoTime() - began, null, 0);

            cell.reopen(totalBytes + (16L << 20));
            progress(mib, "consume");
            consume(mib, cell, cell.remote(), "remote", "cold");
            consume(mib, cell, cell.remote(), "remote", "warm");
            consume(mib, cell, cell.local(), "local", "page cache");

            progress(mib, "random reads");
            latency(out, mib, cell, cell.remote(), "remote", "warm (hit)", warmReads);
            latency(out, mib, cell, cell.local(), "local", "page cache", warmReads);
            cell.reopen(coldCacheBytes);
            latency(out, mib, cell, cell.remote(), "remote", "cold (miss)", coldReads);
        } finally {
            BenchFiles.deleteTree(dir);
        }
    }

    private void consume(int mib, TieredCell cell, PartitionLog log, String tier, String cache) {
        long misses = cell.tiered().readerCacheStats().misses();
        long began = System.nanoTime();
        long bytes = cell.consume(log, fetchKib << 10);
        long nanos = System.nanoTime() - began;
        row(mib, "sequential consume", tier, cache, 1, bytes, nanos, null, cell.tiered().readerCacheStats().misses() - misses);
    }

    private void latency(Path out, int mib, TieredCell cell, PartitionLog log, String tier, String cache, int reads)
            throws Exception {
        cell.randomReads(log, fetchKib << 10, WARMUP_READS, 0, SEED - 1);
        long misses = cell.tiered().readerCacheStats().misses();
        Histogram latency = cell.randomReads(log, fetchKib << 10, 0, reads, SEED + mib);
        row(mib, "random read", tier, cache, reads, 0, 0, latency, cell.tiered().readerCacheStats().misses() - misses);
        rows.get(rows.size() - 1).put("reads_with_get", cell.readsWithGet());
        String name = mib + "mib-" + tier + "-" + cache.split(" ")[0] + ".hgrm";
        try (PrintStream file = new PrintStream(out.resolve(name).toFile(), "UTF-8")) {
            latency.outputPercentileDistribution(file, 1000.0);
        }
    }

    private void row(int mib, String measure, String tier, String cache, long count, long bytes, long nanos,
            Histogram latency, long gets) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("network", "loopback");
        row.put("segment_mib", mib);
        row.put("measure", measure);
        row.put("tier", tier);
        row.put("cache", cache);
        row.put("count", count);
        row.put("bytes", bytes);
        row.put("mb_per_s", nanos == 0 ? "" : round(bytes * 1000.0 / nanos));
        row.put("p50_us", latency == null ? "" : micros(latency, 50));
        row.put("p99_us", latency == null ? "" : micros(latency, 99));
        row.put("p999_us", latency == null ? "" : micros(latency, 99.9));
        row.put("max_us", latency == null ? "" : round(latency.getMaxValue() / 1000.0));
        row.put("ranged_gets", gets);
        row.put("reads_with_get", "");
        rows.add(row);
    }

    private static double micros(Histogram latency, double percentile) {
        return round(latency.getValueAtPercentile(percentile) / 1000.0);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private String table() {
        StringBuilder out = new StringBuilder("All figures LOOPBACK (S3Proxy in-process on 127.0.0.1, in-memory blob store); "
                + "fetch " + fetchKib + " KiB, " + totalMib + " MiB of log per segment size.\n\n");
        out.append("| ").append(String.join(" | ", rows.get(0).keySet())).append(" |\n|");
        out.append(" --- |".repeat(rows.get(0).size())).append('\n');
        for (Map<String, Object> row : rows) {
            out.append("| ");
            row.values().forEach(value -> out.append(value).append(" | "));
            out.setLength(out.length() - 1);
            out.append('\n');
        }
        return out.toString();
    }

    private static void progress(int mib, String phase) {
        System.err.println("tiered study: " + mib + " MiB segments: " + phase);
    }

    /**
     * Eight batches of 16 records with 1000-byte random values (incompressible, uncompressed), about 16 KiB
     * each, stamped now.
     */
    static ByteBuffer[] batches() {
        SplittableRandom random = new SplittableRandom(SEED);
        ByteBuffer[] batches = new ByteBuffer[8];
        byte[] value = new byte[VALUE_BYTES];
        long now = System.currentTimeMillis(); // inside retention.ms, so the run deletes no remote segment
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            for (int b = 0; b < batches.length; b++) {
                builder.reset(0);
                for (int r = 0; r < RECORDS_PER_BATCH; r++) {
                    random.nextBytes(value);
                    builder.append(now + r, (byte[]) null, value);
                }
                ByteBuffer built = builder.build();
                batches[b] = ByteBuffer.allocate(built.remaining()).put(built).flip();
            }
        }
        return batches;
    }
}
