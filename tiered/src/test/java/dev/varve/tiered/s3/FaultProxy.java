package dev.varve.tiered.s3;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 proxy on 127.0.0.1 in front of an S3 server that breaks requests on demand: the next
 * {@code times} requests whose method and path match a rule get its {@link Fault} instead of (or on top
 * of) the server's answer. Bytes pass through unchanged otherwise, so SigV4 signatures stay valid.
 * Every request is logged ({@link #requests()}) as {@code METHOD path -> FAULT|pass}.
 *
 * <p>Bounded: heads are capped at 64 KiB, a stall lasts {@code stallMs} then drops the connection,
 * {@link #close()} ends every connection. One thread per client connection.
 */
public final class FaultProxy implements AutoCloseable {
    /** What a matching request gets. */
    public enum Fault {
        /** 503 with S3's {@code SlowDown} error: throttling. */
        SLOW_DOWN_503(503, "SlowDown"),
        /** 500 {@code InternalError}. */
        INTERNAL_ERROR_500(500, "InternalError"),
        /** 502 from a gateway. */
        BAD_GATEWAY_502(502, "BadGateway"),
        /** 504 from a gateway. */
        GATEWAY_TIMEOUT_504(504, "GatewayTimeout"),
        /** 403 {@code AccessDenied}: must not be retried. */
        ACCESS_DENIED_403(403, "AccessDenied"),
        /** 501 {@code NotImplemented}: the store lacks the call (an optional one is then skipped). */
        NOT_IMPLEMENTED_501(501, "NotImplemented"),
        /** 405 {@code MethodNotAllowed}: another way stores say they lack a call. */
        METHOD_NOT_ALLOWED_405(405, "MethodNotAllowed"),
        /** 400 with a "not supported" code, as some S3-compatible stores answer calls they lack. */
        NOT_SUPPORTED_400(400, "OperationNotSupported"),
        /** No answer for {@code stallMs} (past the client's timeout), then the connection closes. */
        STALL(0, null),
        /** The server's answer cut halfway through its body by a TCP reset; lost whole (reset before its head) if it has no known body. */
        RESET_MID_BODY(0, null),
        /** The server's answer with half its body, then a clean close: a short body under a full Content-Length. */
        TRUNCATE_BODY(0, null),
        /** The server's answer with one body byte flipped. */
        CORRUPT_BODY(0, null),
        /** The request reaches the server with one body byte flipped (same length); its answer passes unchanged. */
        CORRUPT_REQUEST_BODY(0, null),
        /** The server's answer without its {@code x-amz-meta-*} headers: a store that keeps no user metadata. */
        STRIP_USER_METADATA(0, null);

        final int status;
        final String code;

        Fault(int status, String code) {
            this.status = status;
            this.code = code;
        }
    }

    private record Rule(String method, String pathContains, Fault fault, AtomicInteger remaining) {
    }

    private record Head(String method, String path, String firstLine, Map<String, String> headers, byte[] bytes) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final Set<Integer> NO_BODY_STATUSES = Set.of(100, 204, 304);

    private final ServerSocket server;
    private final int upstreamPort;
    private final long stallMs;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    public FaultProxy(int upstreamPort, long stallMs) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstreamPort = upstreamPort;
        this.stallMs = stallMs;
        threads.execute(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The next {@code times} requests with this method whose path (with query) contains {@code pathContains} get {@code fault}. */
    public void inject(String method, String pathContains, int times, Fault fault) {
        rules.add(new Rule(method, pathContains, fault, new AtomicInteger(times)));
    }

    /** Drops all rules and the request log. */
    public void reset() {
        rules.clear();
        log.clear();
    }

    /** Every request seen so far: {@code METHOD path -> FAULT|pass}. */
    public List<String> requests() {
        return List.copyOf(log);
    }

    /** How many requests with this method had a path containing {@code pathContains}. */
    public long count(String method, String pathContains) {
        return log.stream().filter(line -> line.startsWith(method + " ") && line.contains(pathContains)).count();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        Socket upstream = null;
        try {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            while (!closed) {
                Head request = readHead(in);
                if (request == null) {
                    return;
                }
                Fault fault = match(request);
                log.add(request.method() + " " + request.path() + " -> " + (fault == null ? "pass" : fault));
                if (fault != null && (fault.status != 0 || fault == Fault.STALL)) {
                    refuse(request, fault, in, out);
                    return;
                }
                if (upstream == null) {
                    upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                    open.add(upstream);
                }
                if (!forward(request, fault, in, out, client, upstream)) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // The client or the server went away, or the proxy is closing: end this connection.
        } finally {
            closeQuietly(upstream);
            closeQuietly(client);
        }
    }

    private Fault match(Head request) {
        for (Rule rule : rules) {
            if (rule.method().equals(request.method()) && request.path().contains(rule.pathContains())
                    && rule.remaining().getAndUpdate(n -> Math.max(n - 1, 0)) > 0) {
                return rule.fault();
            }
        }
        return null;
    }

    /** Answers with an error status or stalls; the request body, if the client sends one, is discarded. */
    private void refuse(Head request, Fault fault, InputStream in, OutputStream out) throws IOException, InterruptedException {
        if (!"100-continue".equalsIgnoreCase(request.header("expect"))) {
            copyBody(request.headers(), in, OutputStream.nullOutputStream());
        }
        if (fault == Fault.STALL) {
            for (long waited = 0; waited < stallMs && !closed; waited += 50) {
                Thread.sleep(50);
            }
            return;
        }
        String body = request.method().equals("HEAD") ? "" : "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                + fault.code + "</Code><Message>injected by FaultProxy</Message></Error>";
        String head = "HTTP/1.1 " + fault.status + " " + fault.code + "\r\nContent-Type: application/xml\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n";
        out.write((head + body).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Passes one exchange through, applying a body fault; false when the connection must end. */
    private boolean forward(Head request, Fault fault, InputStream in, OutputStream out, Socket client, Socket upstream)
            throws IOException {
        InputStream upIn = new BufferedInputStream(upstream.getInputStream());
        OutputStream upOut = upstream.getOutputStream();
        upOut.write(request.bytes());
        Head response;
        if ("100-continue".equalsIgnoreCase(request.header("expect"))) {
            upOut.flush();
            response = readHead(upIn);
            if (response == null || status(response) != 100) {
                // The server answered without wanting the body, which the client therefore never sends.
                if (response != null) {
                    out.write(response.bytes());
                    copyBody(response.headers(), upIn, out);
                    out.flush();
                }
                return false;
            }
            out.write(response.bytes());
            out.flush();
            copyRequestBody(request, fault, in, upOut);
            response = readHead(upIn);
        } else {
            copyRequestBody(request, fault, in, upOut);
            response = readHead(upIn);
        }
        upOut.flush();
        if (response == null) {
            return false;
        }
        boolean bodyless = request.method().equals("HEAD") || NO_BODY_STATUSES.contains(status(response));
        String length = response.header("content-length");
        if (fault == null || fault == Fault.CORRUPT_REQUEST_BODY || fault == Fault.STRIP_USER_METADATA || bodyless) {
            out.write(fault == Fault.STRIP_USER_METADATA ? withoutUserMetadata(response) : response.bytes());
            boolean framed = length != null || response.header("transfer-encoding") != null;
            if (!bodyless && framed) {
                copyBody(response.headers(), upIn, out);
            } else if (!bodyless) {
                upIn.transferTo(out); // no length, not chunked: the body runs to the end of the connection
                out.flush();
                return false;
            }
            out.flush();
            return !"close".equalsIgnoreCase(response.header("connection"));
        }
        long half = length == null ? 0 : Long.parseLong(length.trim()) / 2;
        if (fault == Fault.RESET_MID_BODY && half == 0) {
            client.setSoLinger(true, 0);
            return false;
        }
        out.write(response.bytes());
        copyExactly(upIn, out, half);
        if (fault == Fault.CORRUPT_BODY) {
            int b = upIn.read();
            out.write(b ^ 0x5a);
            copyExactly(upIn, out, Long.parseLong(length.trim()) - half - 1);
            out.flush();
            return !"close".equalsIgnoreCase(response.header("connection"));
        }
        out.flush();
        if (fault == Fault.RESET_MID_BODY) {
            client.setSoLinger(true, 0);
        }
        return false;
    }

    /** Forwards a request's body, with one byte flipped in its middle for {@link Fault#CORRUPT_REQUEST_BODY}. */
    private static void copyRequestBody(Head request, Fault fault, InputStream in, OutputStream out) throws IOException {
        String length = request.header("content-length");
        if (fault != Fault.CORRUPT_REQUEST_BODY || length == null || Long.parseLong(length.trim()) == 0) {
            copyBody(request.headers(), in, out);
            return;
        }
        long total = Long.parseLong(length.trim());
        copyExactly(in, out, total / 2);
        out.write(in.read() ^ 0x5a);
        copyExactly(in, out, total - total / 2 - 1);
    }

    private static byte[] withoutUserMetadata(Head response) {
        String head = new String(response.bytes(), StandardCharsets.US_ASCII);
        return head.replaceAll("(?im)^x-amz-meta-[^\r\n]*\r\n", "").getBytes(StandardCharsets.US_ASCII);
    }

    private static int status(Head response) {
        String[] parts = response.firstLine().split(" ");
        return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    }

    /** Copies a message body framed by Content-Length or chunked transfer coding (no framing: no body). */
    private static void copyBody(Map<String, String> headers, InputStream in, OutputStream out) throws IOException {
        String length = headers.get("content-length");
        if (length != null) {
            copyExactly(in, out, Long.parseLong(length.trim()));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            copyChunked(in, out);
        }
    }

    private static void copyChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String sizeLine = readLine(in);
            out.write((sizeLine + "\r\n").getBytes(StandardCharsets.US_ASCII));
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine(in);
                    out.write((trailer + "\r\n").getBytes(StandardCharsets.US_ASCII));
                } while (!trailer.isEmpty());
                return;
            }
            copyExactly(in, out, size + 2);
        }
    }

    private static void copyExactly(InputStream in, OutputStream out, long count) throws IOException {
        byte[] buffer = new byte[8192];
        while (count > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, count));
            if (n < 0) {
                throw new IOException("stream ended with " + count + " bytes to go");
            }
            out.write(buffer, 0, n);
            count -= n;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0 || line.size() > MAX_HEAD_BYTES) {
                throw new IOException("line not ended");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.US_ASCII);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Reads a request or response head; null at a clean end of stream before its first byte. */
    private static Head readHead(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> lines = new ArrayList<>();
        while (true) {
            in.mark(1);
            if (lines.isEmpty() && in.read() < 0) {
                return null;
            }
            in.reset();
            String line = readLine(in);
            bytes.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            if (line.isEmpty()) {
                break;
            }
            lines.add(line);
            if (bytes.size() > MAX_HEAD_BYTES) {
                throw new IOException("head too large");
            }
        }
        Map<String, String> headers = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        String[] first = lines.get(0).split(" ");
        return new Head(first[0], first.length > 1 ? first[1] : "", lines.get(0), headers, bytes.toByteArray());
    }

    private void closeQuietly(Socket socket) {
        if (socket != null) {
            open.remove(socket);
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing: nothing left to do with it.
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        threads.shutdownNow();
    }
}
