package dev.varve.bench.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The options of {@code varve bench}, defined once: the CLI's {@code bench} command mixes them in to
 * check them and print help, then hands {@link #toArgs()} to the study's own JVM, whose
 * {@link StudyMain} parses the same class. Self-contained (picocli and the JDK only), because the CLI
 * jar carries this class and nothing else of the bench module.
 *
 * <p>{@link #settings()} turns the text into a validated {@link Settings} or throws an
 * {@link IllegalArgumentException} whose message is one line for the user. Not thread-safe.
 */
public final class StudyOptions {
    /** Every codec setting of the study, in order. */
    public static final List<String> ALL_CODECS = List.of("none", "gzip", "snappy", "lz4", "zstd-1", "zstd-3");
    /** Batch sizes of the full study; {@code record} is a batch of one record. */
    public static final List<String> ALL_BATCHES = List.of("record", "16k", "64k", "256k", "1m");
    public static final List<String> ALL_RECORD_SIZES = List.of("100", "1k", "10k");
    public static final List<String> ALL_PAYLOADS = List.of("json", "logs", "random");
    /** The default seed: {@code dev.varve.bench.BatchFixture.SEED}, so the study's 1 KiB JSON records are the baseline's. */
    public static final long DEFAULT_SEED = 20_261_121L;

    @Option(names = "--quick", description = "A meaningful subset in about two minutes: every codec, batches of "
            + "1 record / 16 KiB / 1 MiB, 1 KiB records, json and random payloads.")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder under which a <timestamp> folder of results is written (default: bench/results).")
    String out;

    @Option(names = "--paper", paramLabel = "FILE",
            description = "The Markdown report to (re)generate (default: papers/batching-compression.md; 'none' to skip).")
    String paper;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of every generated payload (default: 20261121).")
    Long seed;

    @Option(names = "--codecs", paramLabel = "LIST", split = ",",
            description = "Codecs: none, gzip, snappy, lz4, zstd-1, zstd-3 (zstd = zstd-3).")
    List<String> codecs;

    @Option(names = "--batch-sizes", paramLabel = "LIST", split = ",",
            description = "Batch sizes: 'record' (one record a batch) or bytes with k/m suffixes, e.g. 16k,1m.")
    List<String> batchSizes;

    @Option(names = "--record-sizes", paramLabel = "LIST", split = ",",
            description = "Mean record value sizes in bytes (k suffix allowed), e.g. 100,1k,10k.")
    List<String> recordSizes;

    @Option(names = "--payloads", paramLabel = "LIST", split = ",", description = "Payloads: json, logs, random.")
    List<String> payloads;

    @Option(names = "--cell-ms", paramLabel = "MS",
            description = "Measured time of each loop of a cell (default: 150 with --quick, else 250).")
    Integer cellMs;

    @Option(names = "--cell-mib", paramLabel = "MIB",
            description = "Most MiB appended by each append loop of a cell (default: 128 with --quick, else 256).")
    Integer cellMib;

    @Option(names = "--linger-ms", paramLabel = "LIST", split = ",",
            description = "linger.ms values of the producer model (default: 0,5,20).")
    List<String> lingerMs;

    @Option(names = "--rates", paramLabel = "LIST", split = ",",
            description = "Offered rates of the producer model, MB/s of record bytes (default: 1,10,100).")
    List<String> rates;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where the temporary data directory is made (default: the system temp folder).")
    String workDir;

    @Option(names = "--plan", description = "Print the cells and the estimated duration, then stop.")
    boolean plan;

    @Option(names = "--report", paramLabel = "RESULTS_DIR",
            description = "Measure nothing: regenerate the plots and the paper from a results folder.")
    String report;

    /** The validated settings these options ask for. */
    public Settings settings() {
        if (cellMs != null && (cellMs < 10 || cellMs > 60_000)) {
            throw new IllegalArgumentException("--cell-ms must be within 10..60000, not " + cellMs);
        }
        if (cellMib != null && (cellMib < 1 || cellMib > 1024)) {
            throw new IllegalArgumentException("--cell-mib must be within 1..1024, not " + cellMib);
        }
        List<String> codecList = codecs(codecs == null ? ALL_CODECS : codecs);
        List<Integer> batchList = batches(batchSizes != null ? batchSizes
                : quick ? List.of("record", "16k", "1m") : ALL_BATCHES);
        List<Integer> recordList = recordSizes(recordSizes != null ? recordSizes
                : quick ? List.of("1k") : ALL_RECORD_SIZES);
        List<String> payloadList = payloads(payloads != null ? payloads
                : quick ? List.of("json", "random") : ALL_PAYLOADS);
        List<Integer> lingerList = numbers("--linger-ms", lingerMs == null ? List.of("0", "5", "20") : lingerMs, 0, 60_000);
        List<Integer> rateList = numbers("--rates", rates == null ? List.of("1", "10", "100") : rates, 1, 100_000);
        return new Settings(quick, seed == null ? DEFAULT_SEED : seed, codecList, batchList, recordList, payloadList,
                cellMs != null ? cellMs : quick ? 150 : 250,
                (cellMib != null ? cellMib : quick ? 128 : 256) * 1024L * 1024L,
                lingerList, rateList);
    }

    /** The options given, as arguments {@link StudyMain} parses back to the same values. */
    public List<String> toArgs() {
        List<String> args = new ArrayList<>();
        if (quick) {
            args.add("--quick");
        }
        add(args, "--out", out);
        add(args, "--paper", paper);
        add(args, "--seed", seed == null ? null : seed.toString());
        add(args, "--codecs", codecs);
        add(args, "--batch-sizes", batchSizes);
        add(args, "--record-sizes", recordSizes);
        add(args, "--payloads", payloads);
        add(args, "--cell-ms", cellMs == null ? null : cellMs.toString());
        add(args, "--cell-mib", cellMib == null ? null : cellMib.toString());
        add(args, "--linger-ms", lingerMs);
        add(args, "--rates", rates);
        add(args, "--work-dir", workDir);
        if (plan) {
            args.add("--plan");
        }
        add(args, "--report", report);
        return args;
    }

    /** The {@code --out} folder, or null for the default. */
    public String out() {
        return out;
    }

    /** Sets the {@code --out} folder when none was given (the CLI fills in the repository's bench/results). */
    public void defaultOut(String folder) {
        if (out == null) {
            out = folder;
        }
    }

    /** The {@code --paper} file, or null for the default. */
    public String paper() {
        return paper;
    }

    /** Sets the {@code --paper} file when none was given. */
    public void defaultPaper(String file) {
        if (paper == null) {
            paper = file;
        }
    }

    public String workDir() {
        return workDir;
    }

    public boolean plan() {
        return plan;
    }

    /** The {@code --report} folder, or null when the study is to be run. */
    public String report() {
        return report;
    }

    private static void add(List<String> args, String name, String value) {
        if (value != null) {
            args.add(name);
            args.add(value);
        }
    }

    private static void add(List<String> args, String name, List<String> values) {
        if (values != null) {
            args.add(name);
            args.add(String.join(",", values));
        }
    }

    private static List<String> codecs(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String raw : names) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.equals("zstd")) {
                name = "zstd-3";
            }
            if (!ALL_CODECS.contains(name)) {
                throw new IllegalArgumentException("unknown codec '" + raw + "': expected one of " + String.join(", ", ALL_CODECS));
            }
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return nonEmpty("--codecs", out);
    }

    /** Batch sizes in bytes; 0 stands for one record a batch. */
    private static List<Integer> batches(List<String> names) {
        List<Integer> out = new ArrayList<>();
        for (String raw : names) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            int bytes = name.equals("record") || name.equals("1rec") ? 0 : size("--batch-sizes", raw, 64, 1 << 20);
            if (!out.contains(bytes)) {
                out.add(bytes);
            }
        }
        return nonEmpty("--batch-sizes", out);
    }

    private static List<Integer> recordSizes(List<String> names) {
        List<Integer> out = new ArrayList<>();
        for (String raw : names) {
            int bytes = size("--record-sizes", raw, 16, 512 << 10);
            if (!out.contains(bytes)) {
                out.add(bytes);
            }
        }
        return nonEmpty("--record-sizes", out);
    }

    private static List<String> payloads(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String raw : names) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (!ALL_PAYLOADS.contains(name)) {
                throw new IllegalArgumentException("unknown payload '" + raw + "': expected json, logs or random");
            }
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return nonEmpty("--payloads", out);
    }

    private static List<Integer> numbers(String option, List<String> values, int min, int max) {
        List<Integer> out = new ArrayList<>();
        for (String raw : values) {
            int value;
            try {
                value = Integer.parseInt(raw.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": '" + raw + "' is not a whole number");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(option + ": " + value + " is outside " + min + ".." + max);
            }
            if (!out.contains(value)) {
                out.add(value);
            }
        }
        return nonEmpty(option, out);
    }

    /** Parses {@code 100}, {@code 16k} (KiB), {@code 1m} (MiB) within {@code min..max} bytes. */
    static int size(String option, String raw, int min, int max) {
        String text = raw.trim().toLowerCase(Locale.ROOT);
        long factor = 1;
        if (text.endsWith("k") || text.endsWith("m")) {
            factor = text.endsWith("k") ? 1024 : 1024 * 1024;
            text = text.substring(0, text.length() - 1);
        }
        long value;
        try {
            value = Long.parseLong(text) * factor;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + raw + "' is not a size (e.g. 100, 16k, 1m)");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + ": '" + raw + "' is outside " + min + ".." + max + " bytes");
        }
        return (int) value;
    }

    private static <T> List<T> nonEmpty(String option, List<T> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException(option + " needs at least one value");
        }
        return List.copyOf(values);
    }

    /**
     * What the study runs: the cell axes, the per-loop time and byte bounds, and the linger model's grid.
     *
     * @param batchBytes batch sizes in bytes, 0 meaning one record a batch
     * @param appendCapBytes most bytes one append loop writes
     * @param ratesMBps offered rates of the linger model, MB/s (10^6 B) of record bytes
     */
    public record Settings(boolean quick, long seed, List<String> codecs, List<Integer> batchBytes,
            List<Integer> recordBytes, List<String> payloads, int cellMs, long appendCapBytes,
            List<Integer> lingerMs, List<Integer> ratesMBps) {

        /** Number of cells: codecs x batch sizes x record sizes x payloads. */
        public int cellCount() {
            return codecs.size() * batchBytes.size() * recordBytes.size() * payloads.size();
        }
    }
}
