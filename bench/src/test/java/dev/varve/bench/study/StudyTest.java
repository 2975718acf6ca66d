package dev.varve.bench.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.bench.report.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The study end to end on a tiny cell set with 10 ms loops: what it writes, not how fast anything is. */
class StudyTest {
    private static final List<String> COLUMNS = List.of("cell", "codec", "batch", "record_bytes", "payload",
            "records_per_batch", "compression_ratio", "build_varve_mbps", "build_kafka_mbps", "build_raw_mbps",
            "build_vs_kafka", "build_vs_limit", "build_varve_cpu_ns_per_mb", "append_varve_mbps", "append_kafka_mbps",
            "append_floor_wire_mbps", "append_varve_p50_us", "append_varve_p99_us", "append_varve_p999_us",
            "append_vs_kafka", "append_vs_limit", "read_varve_mbps", "read_kafka_mbps", "read_limit_mbps",
            "read_vs_kafka", "read_vs_limit", "disk_varve_log_bytes", "bytes_written");

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void shouldWriteJsonCsvPlotsAndPaperThatTheReportRegenerates() throws Exception {
        Path paper = dir.resolve("papers/batching-compression.md");
        Run run = run("--codecs", "none,zstd-1", "--batch-sizes", "record,16k", "--record-sizes", "1k", "--payloads", "json",
                "--cell-ms", "10", "--cell-mib", "2", "--linger-ms", "0,5", "--rates", "10",
                "--out", dir.resolve("results").toString(), "--paper", paper.toString(), "--work-dir", dir.toString());
        assertEquals(0, run.exit, run.err);
        assertTrue(run.out.contains("none/16k/1k/json"), run.out);
        Path results;
        try (Stream<Path> folders = Files.list(dir.resolve("results"))) {
            results = folders.findFirst().orElseThrow();
        }
        Map<String, Object> document = (Map<String, Object>) Json.parse(Files.readString(results.resolve("results.json")));
        List<Map<String, Object>> cells = (List<Map<String, Object>>) document.get("cells");
        assertEquals(4, cells.size());
        assertTrue(cells.get(0).keySet().containsAll(COLUMNS), cells.get(0).keySet().toString());
        assertEquals(4 * 2, ((List<Object>) document.get("linger")).size());
        String header = Files.readAllLines(results.resolve("cells.csv")).get(0);
        assertTrue(List.of(header.split(",")).containsAll(COLUMNS), header);
        assertEquals(5, Files.readAllLines(results.resolve("cells.csv")).size());
        assertTrue(Files.readAllLines(results.resolve("linger.csv")).get(0).contains("latency_p99_ms"));
        for (String plot : List.of("throughput-build", "throughput-append", "throughput-read", "compression-ratio-json",
                "latency-cdf", "varve-vs-kafka", "linger")) {
            Path png = results.resolve("plots/" + plot + ".png");
            assertTrue(Files.size(png) > 1000, png.toString());
        }
        String markdown = Files.readString(paper);
        assertTrue(markdown.contains("## The issue's targets"), markdown);
        assertTrue(markdown.contains("](../results/" + results.getFileName() + "/plots/throughput-append.png)"), markdown);
        assertTrue(markdown.contains("| none | 16k |"), markdown);
        assertTrue(!run.out.contains("\u001b["), "no progress bar when not on a terminal");
        assertTrue(Files.list(dir).noneMatch(p -> p.getFileName().toString().startsWith("varve-bench-")), "temp data deleted");

        Files.delete(paper);
        Run report = run("--report", results.toString(), "--paper", paper.toString());
        assertEquals(0, report.exit, report.err);
        assertEquals(markdown, Files.readString(paper));
    }

    @Test
    void shouldPrintThePlanWithoutMeasuring() {
        Run run = run("--quick", "--plan");
        assertEquals(0, run.exit, run.err);
        assertTrue(run.out.contains("36 cells") && run.out.contains("estimated duration"), run.out);
    }

    @Test
    void shouldRefuseBadOptionsInOneLine() {
        Run run = run("--payloads", "xml");
        assertEquals(2, run.exit);
        assertEquals("varve: unknown payload 'xml': expected json, logs or random", run.err.strip());
        Run report = run("--report", dir.resolve("nothing").toString(), "--paper", "none");
        assertEquals(1, report.exit);
        assertEquals(1, report.err.lines().count(), report.err);
        assertTrue(report.err.contains("no results.json"), report.err);
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = StudyMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
