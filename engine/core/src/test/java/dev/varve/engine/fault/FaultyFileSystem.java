package dev.varve.engine.fault;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The default file system seen through a fault-injecting provider: every path of it names the same
 * real file, and every channel, rename, delete and directory operation goes to the real one after
 * {@link Faults} had its say. Memory maps are the real channel's, so indexes work as on the default
 * file system (a fault hits the write that grows an index file, not the mapped stores). Use
 * {@link #wrap(Path)} to get the faulty twin of a real path; {@link FaultyPath#toFile()} is
 * unsupported, which catches code that bypasses {@code java.nio.file}. Thread-safe as the default one.
 */
public final class FaultyFileSystem extends FileSystem {
    private final FileSystem real = FileSystems.getDefault();
    private final FaultyProvider provider;
    private final Faults faults;

    private FaultyFileSystem(Faults faults) {
        this.faults = faults;
        this.provider = new FaultyProvider(this);
    }

    /** A file system whose operations {@code faults} may fail. */
    public static FaultyFileSystem with(Faults faults) {
        return new FaultyFileSystem(faults);
    }

    /** The faulty twin of the real path {@code path}. */
    public Path wrap(Path path) {
        return path instanceof FaultyPath faulty ? faulty : new FaultyPath(this, path);
    }

    public Faults faults() {
        return faults;
    }

    static Path unwrap(Path path) {
        return path instanceof FaultyPath faulty ? faulty.real() : path;
    }

    @Override
    public FileSystemProvider provider() {
        return provider;
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("the default file system cannot be closed");
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return real.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        List<Path> roots = new ArrayList<>();
        real.getRootDirectories().forEach(root -> roots.add(wrap(root)));
        return roots;
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return real.getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return real.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
        return wrap(real.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher matcher = real.getPathMatcher(syntaxAndPattern);
        return path -> matcher.matches(unwrap(path));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return real.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() throws IOException {
        throw new UnsupportedOperationException("no watch service on a faulty file system");
    }
}
