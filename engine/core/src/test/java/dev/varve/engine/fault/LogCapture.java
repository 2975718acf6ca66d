package dev.varve.engine.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects the warnings (and worse) one {@code java.util.logging} logger publishes while it is open, so a
 * test can check what a fault made the code say: the file, line or position a warning names. While open,
 * the logger's records stay off the console (its parent handlers are detached), so expected warnings do not
 * read like failures in the build's output. Open it around the code under test; {@link #close()} detaches
 * it and restores the console. Thread-safe.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final boolean parentHandlers;
    private final List<String> warnings = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                synchronized (warnings) {
                    warnings.add(record.getMessage());
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture(Logger logger) {
        this.logger = logger;
        this.parentHandlers = logger.getUseParentHandlers();
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
    }

    /** Starts collecting what the logger named after {@code source} warns. */
    public static LogCapture of(Class<?> source) {
        return named(source.getName());
    }

    /** Starts collecting what the logger {@code name} (and the loggers below it, e.g. {@code dev.varve}) warns. */
    public static LogCapture named(String name) {
        return new LogCapture(Logger.getLogger(name));
    }

    /** The logger this capture listens to. */
    public Logger logger() {
        return logger;
    }

    /** The warnings so far, in order. */
    public List<String> warnings() {
        synchronized (warnings) {
            return List.copyOf(warnings);
        }
    }

    /** Forgets the warnings so far. */
    public void clear() {
        synchronized (warnings) {
            warnings.clear();
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(parentHandlers);
    }
}
