package dev.varve.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of one JMH JSON file, per benchmark cell: JMH's per-iteration scores and the
 * per-iteration values of every secondary metric (aux counters such as {@code ops}, {@code cpuNs},
 * {@code bytes}; profiler figures such as {@code gc.alloc.rate.norm}), so each report derives what it
 * needs (ops per CPU-second, MB/s) iteration by iteration and summarises with {@link Stats}. Shared by
 * {@link BaselineReport}, {@link EngineReport} and {@link CompactionReport}. Immutable.
 */
final class JmhRun {
    private JmhRun() {
    }

    /**
     * One cell: the benchmark class's simple name, the method, the parameters, JMH's mode and score
     * unit, the warm-up iteration count, the per-iteration scores (one fork) and the secondary metrics' per-iteration values (or,
     * where JMH gives none, a single score).
     */
    record Result(String benchmark, String method, Map<String, String> params, String mode, String unit,
            int warmupIterations, List<Double> scores, Map<String, List<Double>> secondary) {

        String param(String name) {
            return params.get(name);
        }

        /**
         * Per-iteration wall seconds: the score itself in single-shot mode (a time per shot), else
         * {@code ops / score} (ops per second) when the {@code ops} counter is there.
         */
        List<Double> wallSeconds() {
            List<Double> out = new ArrayList<>();
            if (mode.equals("ss")) {
                double toSeconds = unit.startsWith("ms") ? 1e-3 : unit.startsWith("us") ? 1e-6 : unit.startsWith("ns") ? 1e-9 : 1;
                scores.forEach(score -> out.add(score * toSeconds));
            } else {
                List<Double> ops = metric("ops");
                for (int i = 0; i < Math.min(ops.size(), scores.size()); i++) {
                    out.add(ops.get(i) / scores.get(i));
                }
            }
            return out;
        }

        /** Per-iteration {@code numerator} per wall second; empty when not measured. */
        List<Double> perWallSecond(String numerator) {
            List<Double> values = metric(numerator);
            List<Double> seconds = wallSeconds();
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < Math.min(values.size(), seconds.size()); i++) {
                out.add(values.get(i) / seconds.get(i));
            }
            return out;
        }

        /** Per-iteration share of a core the benchmark thread used (CPU time / wall time). */
        List<Double> cpuShare() {
            List<Double> cpuNs = metric("cpuNs");
            List<Double> seconds = wallSeconds();
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < Math.min(cpuNs.size(), seconds.size()); i++) {
                out.add(cpuNs.get(i) / 1e9 / seconds.get(i));
            }
            return out;
        }

        /** Per-iteration values of a secondary metric; empty when absent. */
        List<Double> metric(String name) {
            return secondary.getOrDefault(name, List.of());
        }

        /**
         * Per-iteration {@code numerator} per CPU-second of the benchmark thread, from the
         * {@code CpuTime} counters ({@code numerator} is {@code ops}, {@code bytes}, ...); empty when not measured.
         */
        List<Double> perCpuSecond(String numerator) {
            List<Double> values = metric(numerator);
            List<Double> cpuNs = metric("cpuNs");
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < Math.min(values.size(), cpuNs.size()); i++) {
                out.add(values.get(i) / cpuNs.get(i) * 1e9);
            }
            return out;
        }
    }

    /** Median and range of per-iteration values. */
    record Stats(double median, double min, double max) {
        static Stats of(List<Double> values) {
            if (values.isEmpty()) {
                return null;
            }
            List<Double> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            return new Stats(median, sorted.get(0), sorted.get(n - 1));
        }

        Stats scaled(double factor) {
            return new Stats(median * factor, min * factor, max * factor);
        }

        /** The ratio of the medians to two decimals, or n/a when either is null. */
        static String ratio(Stats numerator, Stats denominator) {
            if (numerator == null || denominator == null) {
                return "n/a";
            }
            return String.format(Locale.ROOT, "%.2f", numerator.median() / denominator.median());
        }

        /** {@code median [min-max]} in {@code format}, or n/a for null. */
        static String range(Stats stats, String format) {
            if (stats == null) {
                return "n/a";
            }
            return String.format(Locale.ROOT, format + " [" + format + "-" + format + "]", stats.median(), stats.min(), stats.max());
        }
    }

    /** The cell of {@code results} with these parameters (a subset of its own); when several match, the last. */
    static Result find(List<Result> results, String benchmark, String method, Map<String, String> params) {
        Result found = null;
        for (Result r : results) {
            if (r.benchmark().equals(benchmark) && r.method().equals(method)
                    && params.entrySet().stream().allMatch(e -> e.getValue().equals(r.param(e.getKey())))) {
                found = r;
            }
        }
        return found;
    }

    /** Every cell of a JMH JSON result file, in file order. */
    @SuppressWarnings("unchecked")
    static List<Result> parse(String json) {
        List<Result> results = new ArrayList<>();
        for (Object entry : (List<Object>) Json.parse(json)) {
            Map<String, Object> result = (Map<String, Object>) entry;
            String[] parts = ((String) result.get("benchmark")).split("\\.");
            Map<String, String> params = new LinkedHashMap<>();
            Object rawParams = result.get("params");
            if (rawParams instanceof Map<?, ?> map) {
                map.forEach((k, v) -> params.put((String) k, (String) v));
            }
            Map<String, Object> primary = (Map<String, Object>) result.get("primaryMetric");
            Map<String, List<Double>> secondary = new LinkedHashMap<>();
            Object rawSecondary = result.get("secondaryMetrics");
            if (rawSecondary instanceof Map<?, ?> map) {
                // JMH 1.37 names profiler metrics plainly ("gc.alloc.rate.norm"); older versions prefix a middle dot.
                map.forEach((k, v) -> secondary.put(((String) k).replace("\u00b7", ""), samples((Map<String, Object>) v)));
            }
            Object warmups = result.get("warmupIterations");
            results.add(new Result(parts[parts.length - 2], parts[parts.length - 1], params, (String) result.get("mode"),
                    (String) primary.get("scoreUnit"), warmups instanceof Number n ? n.intValue() : 0, samples(primary),
                    secondary));
        }
        return results;
    }

    /** Per-iteration values in run order (one fork), or the score alone when JMH kept no raw data. */
    @SuppressWarnings("unchecked")
    private static List<Double> samples(Map<String, Object> metric) {
        List<Double> samples = new ArrayList<>();
        Object raw = metric.get("rawData");
        if (raw instanceof List<?> forks) {
            for (Object fork : forks) {
                for (Object sample : (List<Object>) fork) {
                    samples.add(sample instanceof Number number ? number.doubleValue() : Double.NaN);
                }
            }
        }
        if (samples.isEmpty() && metric.get("score") instanceof Number score) {
            samples.add(score.doubleValue());
        }
        return samples;
    }
}
