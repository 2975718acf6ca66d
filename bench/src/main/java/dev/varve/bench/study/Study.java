package dev.varve.bench.study;

import dev.varve.bench.PayloadKind;
import dev.varve.bench.report.Json;
import dev.varve.bench.study.StudyOptions.Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the study: plans the cells, prints the plan and its estimated duration, warms the JIT up on a
 * few throw-away cells, measures every cell ({@link CellRunner}) in a temporary data directory that it
 * empties after each cell and deletes at the end (also on Ctrl-C), runs the linger model on the
 * measured costs, then writes {@code results.json}, {@code cells.csv} and {@code linger.csv} into a new
 * {@code <out>/<UTC timestamp>/} folder and renders the plots and the paper from that JSON
 * ({@link Report}), the same way {@code --report} does. Single-threaded.
 */
final class Study {
    /** Records of payload pooled per cell: enough distinct batches that caches do not flatter codecs. */
    static final long POOL_BYTES = 4L << 20;
    /** Time a cell costs besides its ten loops (fixture, open, close, delete), measured on this machine. */
    private static final double CELL_OVERHEAD_S = 0.6;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Settings settings;
    private final PrintStream out;
    private final Progress progress;
    /** Records are stamped from the time the study starts, as a producer stamps them with its clock. */
    private final long timestampBaseMs = System.currentTimeMillis();

    Study(Settings settings, PrintStream out, Progress progress) {
        this.settings = settings;
        this.out = out;
        this.progress = progress;
    }

    /** The cells in run order: payload, record size, codec, batch size. */
    static List<CellSpec> cells(Settings settings) {
        List<CellSpec> cells = new ArrayList<>();
        for (String payload : settings.payloads()) {
            for (int recordBytes : settings.recordBytes()) {
                for (String codec : settings.codecs()) {
                    for (int batchBytes : settings.batchBytes()) {
                        cells.add(new CellSpec(codec, batchBytes, recordBytes, PayloadKind.forName(payload)));
                    }
                }
            }
        }
        return cells;
    }

    /** Estimated wall time: ten loops of a budget and a third of warm-up per cell, plus overhead. */
    static double estimatedSeconds(Settings settings) {
        double loops = settings.cellMs() / 1000.0 * 10 * (1 + 1 / 3.0);
        return 8 + settings.cellCount() * (loops + CELL_OVERHEAD_S);
    }

    /** Prints the plan: what will be measured and about how long it takes. */
    void printPlan() {
        out.printf("varve bench: %d cells (%d codecs x %d batch sizes x %d record sizes x %d payloads), %s%n",
                settings.cellCount(), settings.codecs().size(), settings.batchBytes().size(), settings.recordBytes().size(),
                settings.payloads().size(), settings.quick() ? "--quick" : "full study");
        out.printf("  codecs %s; batches %s; records %s; payloads %s; seed %d%n", String.join(",", settings.codecs()),
                labels(settings.batchBytes(), true), labels(settings.recordBytes(), false), String.join(",", settings.payloads()),
                settings.seed());
        out.printf("  each loop %d ms (+ warm-up), appends capped at %d MiB per loop; estimated duration %s (m:ss)%n",
                settings.cellMs(), settings.appendCapBytes() >> 20, Progress.clock(estimatedSeconds(settings)));
        out.flush();
    }

    /** Measures everything and writes the results folder; returns it. */
    Path run(Path outRoot, Path workDir, Path paper) throws Exception {
        long started = System.nanoTime();
        Map<String, Object> meta = Machine.describe(settings);
        Path results = Files.createDirectories(outRoot.resolve(STAMP.format(Instant.now())));
        Path data = Files.createTempDirectory(workDir, "varve-bench-");
        Thread cleanup = new Thread(() -> Files2.deleteQuietly(data));
        Runtime.getRuntime().addShutdownHook(cleanup);
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Object> latency = new LinkedHashMap<>();
        long written = 0;
        long maxCellWritten = 0;
        try {
            warmUp(data);
            List<CellSpec> cells = cells(settings);
            CellRunner runner = new CellRunner(settings.cellMs(), settings.appendCapBytes());
            out.println();
            TerminalTable.header(out);
            for (int i = 0; i < cells.size(); i++) {
                CellSpec spec = cells.get(i);
                progress.update(i, cells.size(), spec.id(), estimatedSeconds(settings));
                Path cellDir = Files.createDirectories(data.resolve("cell-" + i));
                CellFixture fixture = new CellFixture(spec, settings.seed(), POOL_BYTES, timestampBaseMs);
                CellRunner.Measured measured = runner.run(fixture, cellDir);
                Files2.deleteQuietly(cellDir);
                Map<String, Object> row = CellRow.of(spec, fixture, measured);
                rows.add(row);
                latency.put(spec.id(), CellRow.cdfs(measured));
                written += measured.bytesWritten();
                maxCellWritten = Math.max(maxCellWritten, measured.bytesWritten());
                progress.clear();
                TerminalTable.row(out, row);
            }
            progress.update(cells.size(), cells.size(), "linger model", 0);
        } finally {
            Files2.deleteQuietly(data);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        List<Map<String, Object>> linger = Linger.rows(rows, settings);
        progress.clear();
        double seconds = (System.nanoTime() - started) / 1e9;
        meta.put("duration_s", seconds);
        meta.put("bytes_written", written);
        meta.put("max_bytes_written_per_cell", maxCellWritten);
        meta.put("load_average_end", Machine.loadAverage());
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("meta", meta);
        document.put("cells", rows);
        document.put("latency_cdf", latency);
        document.put("linger", linger);
        Files.writeString(results.resolve("results.json"), Json.write(document), StandardCharsets.UTF_8);
        Csv.write(results.resolve("cells.csv"), rows);
        Csv.write(results.resolve("linger.csv"), linger);
        out.printf("%nmeasured %d cells in %s; wrote %.2f GB to the temp data dir in all (at most %.2f GB in one cell), all deleted%n",
                rows.size(), Progress.clock(seconds), written / 1e9, maxCellWritten / 1e9);
        Report.render(results, paper, out);
        return results;
    }

    /** Runs a few small cells whose figures are dropped, so the first measured cells do not pay for the JIT. */
    private void warmUp(Path data) throws Exception {
        CellRunner runner = new CellRunner(Math.max(10, settings.cellMs() / 3), 32L << 20);
        List<String> codecs = List.of("none", "lz4", "zstd-1", "gzip", "snappy");
        for (int i = 0; i < codecs.size(); i++) {
            String codec = codecs.get(i);
            progress.update(0, settings.cellCount(), "warming up (" + codec + ")", estimatedSeconds(settings));
            Path dir = Files.createDirectories(data.resolve("warmup-" + i));
            runner.run(new CellFixture(new CellSpec(codec, 16 * 1024, 1024, PayloadKind.JSON), settings.seed(), 1 << 20,
                    timestampBaseMs), dir);
            Files2.deleteQuietly(dir);
        }
    }

    private static String labels(List<Integer> sizes, boolean batch) {
        List<String> out = new ArrayList<>();
        for (int size : sizes) {
            out.add(batch ? CellSpec.batchLabel(size) : CellSpec.sizeLabel(size));
        }
        return String.join(",", out);
    }

    /** Deletes folders recursively. */
    static final class Files2 {
        private Files2() {
        }

        static void deleteQuietly(Path root) {
            if (!Files.exists(root)) {
                return;
            }
            try (var paths = Files.walk(root)) {
                paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException ignored) {
                        // best effort: a temp folder left behind is reported by nothing and harms nothing
                    }
                });
            } catch (IOException ignored) {
                // as above
            }
        }
    }
}
