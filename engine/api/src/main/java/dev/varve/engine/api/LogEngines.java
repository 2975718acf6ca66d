package dev.varve.engine.api;

import dev.varve.engine.spi.EngineContext;
import dev.varve.engine.spi.LogEngineProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds log engines by name through {@link ServiceLoader} ({@link LogEngineProvider} entries in
 * {@code META-INF/services}), so a broker compiles against this module alone and picks an engine at
 * run time. A name with no provider fails loudly, listing the names there are.
 */
public final class LogEngines {
    private LogEngines() {
    }

    /** The names of the engines on the class path, sorted. */
    public static Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (LogEngineProvider provider : ServiceLoader.load(LogEngineProvider.class)) {
            names.add(provider.name());
        }
        return names;
    }

    /** Opens the engine {@code name} on {@code dataDirectory} with the system clock. */
    public static LogEngine open(String name, Path dataDirectory) {
        return open(name, new EngineContext(dataDirectory, Clock.systemUTC()));
    }

    /**
     * Opens the engine {@code name} with {@code context}.
     *
     * @throws IllegalArgumentException when no engine has that name
     */
    public static LogEngine open(String name, EngineContext context) {
        for (LogEngineProvider provider : ServiceLoader.load(LogEngineProvider.class)) {
            if (provider.name().equals(name)) {
                return provider.open(context);
            }
        }
        throw new IllegalArgumentException("no log engine named '" + name + "': available engines are " + names());
    }
}
