package dev.varve.cli;

import dev.varve.engine.api.LogEngine;
import dev.varve.engine.api.LogEngines;
import dev.varve.engine.api.UncleanCloseException;
import dev.varve.engine.segmented.SegmentedLogEngine;
import dev.varve.engine.topic.TopicCatalog;
import dev.varve.tiered.TieredStorage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * The embedded default every data command works on: the {@code segmented} engine over the
 * {@code --data} directory and its {@link TopicCatalog}. Closing it closes the engine cleanly (logs
 * flushed, checkpoints and the clean-shutdown marker written), and so does a shutdown hook if the JVM
 * is stopped first (Ctrl-C, SIGTERM), so the next start skips recovery. Only a SIGKILL leaves an
 * unclean shutdown, which the next open recovers from.
 *
 * <p>Exit codes tell the truth: when the engine closes every log but cannot record the clean shutdown
 * (a checkpoint or the marker cannot be written, as on a full disk), nothing is lost and the next open
 * recovers, so {@link #close()} prints one warning line and returns; a close that may have lost work (a
 * log that could not be flushed, or was failed by an earlier I/O error) throws.
 *
 * <p>Threads: long commands check {@link #stopping()} between appends and stop early once the hook has
 * begun; {@link #close()} may race with the hook and is idempotent.
 */
public final class EmbeddedStore implements AutoCloseable {
    /** The engine the command line uses. */
    public static final String ENGINE = "segmented";

    private final Path dataDirectory;
    private final PrintWriter warnings;
    private final LogEngine engine;
    private final TopicCatalog catalog;
    private final Thread hook;
    private TieredStorage tiered;
    private volatile boolean stopping;
    private boolean closed;

    private EmbeddedStore(Path dataDirectory, PrintWriter warnings) {
        this.dataDirectory = dataDirectory;
        this.warnings = warnings;
        this.engine = LogEngines.open(ENGINE, dataDirectory);
        TopicCatalog opened;
        try {
            opened = TopicCatalog.open(engine, dataDirectory);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        this.catalog = opened;
        this.hook = new Thread(this::closeOnShutdown, "varve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Opens the data directory of {@code commandLine}'s {@code --data} option. */
    public static EmbeddedStore open(CommandLine commandLine) {
        return new EmbeddedStore(DataOption.dataDirectory(commandLine), commandLine.getErr());
    }

    /** Opens {@code dataDirectory}, creating it if needed; warnings go to standard error. */
    public static EmbeddedStore open(Path dataDirectory) {
        return new EmbeddedStore(dataDirectory, new PrintWriter(System.err, true));
    }

    public TopicCatalog catalog() {
        return catalog;
    }

    /** The {@code --data} directory the engine runs on. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    public LogEngine engine() {
        return engine;
    }

    /**
     * Tiered storage beside the engine, opened on first use with the {@link TieredSettings} of the data
     * directory and {@code overrides}, closed before the engine. Opening it touches no remote store (its first
     * run cleans what an earlier crash left), so local offsets of tiered topics read while the store is down.
     *
     * @throws IllegalArgumentException naming a tiered config that is missing or invalid
     */
    public synchronized TieredStorage tiered(List<String> overrides) {
        if (tiered == null) {
            tiered = TieredStorage.open((SegmentedLogEngine) engine, catalog, dataDirectory,
                    TieredSettings.configs(dataDirectory, overrides));
        }
        return tiered;
    }

    /** Whether the JVM is shutting down and the engine is being (or has been) closed by the hook. */
    public boolean stopping() {
        return stopping;
    }

    private void closeOnShutdown() {
        stopping = true;
        closeEngine();
    }

    private synchronized void closeEngine() {
        if (!closed) {
            closed = true;
            try {
                if (tiered != null) {
                    tiered.close();
                }
            } finally {
                closeEngineWarning();
            }
        }
    }

    /** Closes the engine; a close that lost nothing but could not record a clean shutdown is a warning. */
    private void closeEngineWarning() {
        try {
            engine.close();
        } catch (UncleanCloseException e) {
            warnings.println("varve: warning: " + e.getMessage());
            warnings.flush();
        }
    }

    @Override
    public void close() {
        closeEngine();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: it closed the engine
        }
    }
}
