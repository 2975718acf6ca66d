package dev.varve.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Application log lines, as a log shipper sends them to a topic: one value is one or more lines of
 * <pre>
 * 2026-01-01T00:00:00.123Z INFO  [worker-3] dev.shop.checkout.CartService - cart updated user=u-00482913 \
 *     trace=4bf92f3577b34da6 items=3 total_cents=12990 latency_ms=37
 * </pre>
 * (ISO-8601 UTC timestamp; level: INFO mostly, then DEBUG, WARN, ERROR; a thread of 8; a logger of 8;
 * one of 10 message templates filled with a user id, a 16-hex trace id and random numbers). Lines are
 * added until the value reaches its target length, drawn from {@code mean - mean/8 .. mean + mean/8 - 1};
 * an ERROR line is followed by a Java stack trace of 4 to 12 {@code \tat ...} frames from a fixed set
 * of 16, as real logs carry. The last line is cut at a word boundary so the value never exceeds its
 * target (a target shorter than the first word of a line keeps that whole word). Keys are the user id
 * ({@code u-} and 8 digits, 10 bytes); timestamps rise by 0..49 ms per record. The same seed gives the
 * same records on every JVM. Not thread-safe.
 */
public final class LogLineGenerator extends SeededRecordSource {
    private static final String[] LEVELS = {"INFO ", "INFO ", "INFO ", "INFO ", "INFO ", "DEBUG", "WARN ", "ERROR"};
    private static final String[] LOGGERS = {
        "dev.shop.checkout.CartService", "dev.shop.payments.CardGateway", "dev.shop.catalog.ProductRepository",
        "dev.shop.auth.TokenVerifier", "dev.shop.search.QueryPlanner", "dev.shop.shipping.CarrierClient",
        "dev.shop.inventory.StockReservations", "org.eclipse.jetty.server.HttpChannel"};
    private static final String[] TEMPLATES = {
        "cart updated user=%s trace=%s items=%d total_cents=%d latency_ms=%d",
        "payment authorised user=%s trace=%s card=****%04d amount_cents=%d latency_ms=%d",
        "product lookup user=%s trace=%s sku=SKU-%06d cache=miss latency_ms=%d",
        "token refreshed user=%s trace=%s ttl_s=%d scope=read,write latency_ms=%d",
        "search executed user=%s trace=%s hits=%d page=%d latency_ms=%d",
        "shipment created user=%s trace=%s parcel=P%08d carrier=dhl latency_ms=%d",
        "stock reserved user=%s trace=%s sku=SKU-%06d qty=%d latency_ms=%d",
        "GET /api/v1/orders/%d HTTP/1.1 200 user=%s trace=%s bytes=%d latency_ms=%d",
        "retrying upstream call user=%s trace=%s attempt=%d backoff_ms=%d latency_ms=%d",
        "request timed out user=%s trace=%s after_ms=%d upstream=inventory latency_ms=%d"};
    private static final String[] FRAMES = {
        "dev.shop.checkout.CartService.update(CartService.java:212)",
        "dev.shop.checkout.CartController.post(CartController.java:88)",
        "dev.shop.payments.CardGateway.authorise(CardGateway.java:143)",
        "dev.shop.payments.CardGateway.call(CardGateway.java:97)",
        "dev.shop.http.RetryingClient.execute(RetryingClient.java:61)",
        "dev.shop.http.RetryingClient.lambda$execute$0(RetryingClient.java:44)",
        "java.base/java.util.concurrent.CompletableFuture.uniApply(CompletableFuture.java:646)",
        "java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)",
        "java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)",
        "java.base/java.lang.Thread.run(Thread.java:840)",
        "org.eclipse.jetty.server.HttpChannel.handle(HttpChannel.java:516)",
        "org.eclipse.jetty.server.Server.handle(Server.java:563)",
        "org.eclipse.jetty.util.thread.QueuedThreadPool.runJob(QueuedThreadPool.java:969)",
        "dev.shop.inventory.StockReservations.reserve(StockReservations.java:77)",
        "dev.shop.catalog.ProductRepository.find(ProductRepository.java:39)",
        "dev.shop.search.QueryPlanner.plan(QueryPlanner.java:305)"};
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder text = new StringBuilder();

    /** A generator of values of about {@code meanValueBytes} (at least 16). */
    public LogLineGenerator(long seed, int meanValueBytes) {
        super(seed, meanValueBytes, 16);
    }

    @Override
    public LogLineGenerator next() {
        int target = advance();
        String user = String.format("u-%08d", random.nextInt(100_000_000));
        text.setLength(0);
        long lineMs = timestampMs;
        while (text.length() < target) {
            appendLine(lineMs, user);
            lineMs += random.nextInt(3);
        }
        cutAtWord(target);
        key = user.getBytes(StandardCharsets.US_ASCII);
        value = text.toString().getBytes(StandardCharsets.US_ASCII);
        return this;
    }

    private void appendLine(long lineMs, String user) {
        if (text.length() > 0) {
            text.append('\n');
        }
        String level = LEVELS[random.nextInt(LEVELS.length)];
        text.append(Instant.ofEpochMilli(lineMs)).append(' ').append(level)
                .append(" [worker-").append(random.nextInt(8)).append("] ")
                .append(LOGGERS[random.nextInt(LOGGERS.length)]).append(" - ");
        int template = random.nextInt(TEMPLATES.length);
        String trace = hex(16);
        int a = random.nextInt(10_000);
        int b = random.nextInt(100_000);
        int latency = random.nextInt(1000);
        if (template == 7) {
            text.append(String.format(TEMPLATES[template], a, user, trace, b, latency));
        } else {
            text.append(String.format(TEMPLATES[template], user, trace, a, b, latency));
        }
        if (level.startsWith("ERROR")) {
            text.append("\njava.lang.IllegalStateException: upstream answered 503 trace=").append(trace);
            int frames = 4 + random.nextInt(9);
            for (int i = 0; i < frames; i++) {
                text.append("\n\tat ").append(FRAMES[random.nextInt(FRAMES.length)]);
            }
        }
    }

    private void cutAtWord(int target) {
        if (text.length() <= target) {
            return;
        }
        int cut = target;
        while (cut > 0 && text.charAt(cut) != ' ' && text.charAt(cut) != '\n') {
            cut--;
        }
        text.setLength(cut > 0 ? cut : Math.min(text.length(), target));
    }

    private String hex(int count) {
        char[] out = new char[count];
        for (int i = 0; i < count; i++) {
            out[i] = HEX[random.nextInt(16)];
        }
        return new String(out);
    }



}
