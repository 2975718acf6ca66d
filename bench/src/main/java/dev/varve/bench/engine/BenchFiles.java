package dev.varve.bench.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File chores of the engine and compaction benchmarks: temporary folders under {@code java.io.tmpdir} and their removal. */
public final class BenchFiles {
    private BenchFiles() {
    }

    /** A new empty folder named {@code varve-<prefix>-*} under the temporary directory. */
    public static Path tempDirectory(String prefix) {
        try {
            return Files.createTempDirectory("varve-" + prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates {@code dir} and its parents when missing; returns it. */
    public static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code root} and everything under it; a no-op when it does not exist. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes of every regular file under {@code root}. */
    static long sizeOfTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            long sum = 0;
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                sum += Files.size(path);
            }
            return sum;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
