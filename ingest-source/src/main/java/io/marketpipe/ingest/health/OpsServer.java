package io.marketpipe.ingest.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code /health} (the process is up and publishing, or has nothing to publish), {@code /ready}
 * (every feed connected and the buffer not nearly full) and {@code /metrics} (Prometheus) on one
 * small HTTP server.
 */
public final class OpsServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor =
            Executors.newSingleThreadExecutor(
                    r -> {
                        Thread t = new Thread(r, "ops-http");
                        t.setDaemon(true);
                        return t;
                    });

    /**
     * @param unhealthyReason empty when healthy, else why not
     * @param notReadyReason empty when ready, else why not
     * @param metrics what {@code /metrics} serves
     */
    public OpsServer(
            InetSocketAddress address,
            Supplier<Optional<String>> unhealthyReason,
            Supplier<Optional<String>> notReadyReason,
            PrometheusMetrics metrics)
            throws IOException {
        server = HttpServer.create(address, 0);
        server.createContext("/health", ex -> status(ex, unhealthyReason, "ok", "unhealthy"));
        server.createContext("/ready", ex -> status(ex, notReadyReason, "ready", "not ready"));
        server.createContext(
                "/metrics", ex -> respond(ex, 200, metrics.contentType(), metrics.render()));
        server.setExecutor(executor);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void status(
            HttpExchange exchange, Supplier<Optional<String>> problem, String good, String bad)
            throws IOException {
        Optional<String> reason = problem.get();
        respond(
                exchange,
                reason.isEmpty() ? 200 : 503,
                "text/plain",
                reason.map(r -> bad + ": " + r + "\n").orElse(good + "\n"));
    }

    private static void respond(HttpExchange exchange, int status, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
