package dev.varve.cli.produce;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Lines of an input stream (UTF-8), read on a daemon thread and handed over in chunks, so the producer
 * can wait for the next line and for its linger deadline at once. A chunk holds what the stream had
 * ready, up to {@value #CHUNK_LINES} lines; the queue holds at most {@value #QUEUED_CHUNKS} chunks,
 * which bounds memory when the producer is slower than the input.
 */
final class LineSource {
    private static final int CHUNK_LINES = 1024;
    private static final int QUEUED_CHUNKS = 64;
    private static final Chunk END = new Chunk(List.of(), null);

    private final BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    private boolean ended;

    /** What {@link #poll} hands over: lines, or the error that ended the input. */
    record Chunk(List<String> lines, IOException error) {
    }

    LineSource(InputStream in) {
        Thread reader = new Thread(() -> readAll(in), "varve-stdin");
        reader.setDaemon(true);
        reader.start();
    }

    private void readAll(InputStream in) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        try {
            while (true) {
                String line = reader.readLine();
                if (line == null) {
                    break;
                }
                List<String> lines = new ArrayList<>(CHUNK_LINES);
                lines.add(line);
                while (lines.size() < CHUNK_LINES && reader.ready() && (line = reader.readLine()) != null) {
                    lines.add(line);
                }
                chunks.put(new Chunk(lines, null));
                if (line == null) {
                    break;
                }
            }
            chunks.put(END);
        } catch (IOException e) {
            putQuietly(new Chunk(List.of(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void putQuietly(Chunk chunk) {
        try {
            chunks.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The next lines, waiting up to {@code timeoutMs} (forever when {@link Long#MAX_VALUE}).
     *
     * @return the lines, an empty list on timeout, or null at the end of the input
     * @throws UncheckedIOException when reading the input failed
     */
    List<String> poll(long timeoutMs) throws InterruptedException {
        if (ended) {
            return null;
        }
        Chunk chunk = timeoutMs == Long.MAX_VALUE ? chunks.take() : chunks.poll(Math.max(0, timeoutMs), TimeUnit.MILLISECONDS);
        if (chunk == null) {
            return List.of();
        }
        if (chunk.error() != null) {
            throw new UncheckedIOException("reading standard input", chunk.error());
        }
        if (chunk == END) {
            ended = true;
            return null;
        }
        return chunk.lines();
    }
}
