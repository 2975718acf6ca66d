package dev.varve.bench.study;

import dev.varve.bench.report.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A results folder read back: {@code results.json}'s meta, cell rows, latency CDFs and linger rows,
 * with the selections the plots and the paper use. The headline slice is the json payload (else the
 * first) at 1 KiB records (else the first size). Immutable.
 */
final class Results {
    final Path folder;
    final Map<String, Object> meta;
    final List<Map<String, Object>> cells;
    final Map<String, Object> latency;
    final List<Map<String, Object>> linger;
    final String headlinePayload;
    final int headlineRecordBytes;

    @SuppressWarnings("unchecked")
    private Results(Path folder, Map<String, Object> document) {
        this.folder = folder;
        this.meta = (Map<String, Object>) document.get("meta");
        this.cells = (List<Map<String, Object>>) document.get("cells");
        this.latency = (Map<String, Object>) document.get("latency_cdf");
        this.linger = (List<Map<String, Object>>) document.get("linger");
        if (meta == null || cells == null || cells.isEmpty()) {
            throw new IllegalArgumentException(folder.resolve("results.json") + ": not a varve bench results file (no meta or cells)");
        }
        List<Object> payloads = (List<Object>) meta.get("payloads");
        this.headlinePayload = payloads.contains("json") ? "json" : String.valueOf(payloads.get(0));
        List<Object> sizes = (List<Object>) meta.get("record_bytes");
        this.headlineRecordBytes = sizes.stream().anyMatch(s -> d(s) == 1024) ? 1024 : (int) d(sizes.get(0));
    }

    @SuppressWarnings("unchecked")
    static Results load(Path folder) throws IOException {
        Path file = folder.resolve("results.json");
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no results.json: not a varve bench results folder");
        }
        Object document = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        if (!(document instanceof Map)) {
            throw new IllegalArgumentException(file + ": not a JSON object");
        }
        return new Results(folder, (Map<String, Object>) document);
    }

    /** Cells of the headline payload and record size, by codec then batch size. */
    List<Map<String, Object>> headline() {
        return select(c -> headlinePayload.equals(c.get("payload")) && d(c.get("record_bytes")) == headlineRecordBytes);
    }

    List<Map<String, Object>> select(Predicate<Map<String, Object>> filter) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> cell : cells) {
            if (filter.test(cell)) {
                out.add(cell);
            }
        }
        out.sort(Comparator.comparing((Map<String, Object> c) -> codecs().indexOf(String.valueOf(c.get("codec"))))
                .thenComparingDouble(c -> d(c.get("batch_bytes"))));
        return out;
    }

    @SuppressWarnings("unchecked")
    List<String> codecs() {
        List<String> out = new ArrayList<>();
        for (Object codec : (Collection<Object>) meta.get("codecs")) {
            out.add(String.valueOf(codec));
        }
        return out;
    }

    /** The batch size of the run closest to 16 KiB (Kafka's default {@code batch.size}), 0 for one record. */
    @SuppressWarnings("unchecked")
    int batchNear16k() {
        int best = -1;
        for (Object size : (Collection<Object>) meta.get("batch_bytes")) {
            int s = (int) d(size);
            if (best < 0 || Math.abs(Math.log((s + 1) / 16384.0)) < Math.abs(Math.log((best + 1) / 16384.0))) {
                best = s;
            }
        }
        return best;
    }

    static double d(Object value) {
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }
}
