package dev.varve.bench.study;

import dev.varve.bench.study.StudyOptions.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The machine and run settings a result depends on, for the results' {@code meta} object. Stateless. */
final class Machine {
    private Machine() {
    }

    static Map<String, Object> describe(Settings settings) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("date", Instant.now().toString());
        meta.put("commit", commit());
        meta.put("mode", settings.quick() ? "quick" : "full");
        meta.put("cpus", Runtime.getRuntime().availableProcessors());
        meta.put("cpu_model", cpuModel());
        meta.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        meta.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        meta.put("heap_max_mib", Runtime.getRuntime().maxMemory() >> 20);
        meta.put("load_average_start", loadAverage());
        meta.put("seed", settings.seed());
        meta.put("codecs", settings.codecs());
        meta.put("batch_bytes", settings.batchBytes());
        meta.put("record_bytes", settings.recordBytes());
        meta.put("payloads", settings.payloads());
        meta.put("cell_ms", settings.cellMs());
        meta.put("append_cap_bytes", settings.appendCapBytes());
        meta.put("pool_bytes", Study.POOL_BYTES);
        meta.put("linger_ms", settings.lingerMs());
        meta.put("rates_mbps", settings.ratesMBps());
        return meta;
    }

    /** The 1-, 5- and 15-minute load averages, or "unknown" off Linux. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static String commit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String text = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor(5, TimeUnit.SECONDS) && git.exitValue() == 0 ? text : "unknown";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
