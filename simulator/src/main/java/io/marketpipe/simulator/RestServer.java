package io.marketpipe.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Binance's {@code GET /api/v3/historicalTrades} (by {@code fromId}, or the newest without it) and
 * {@code GET /api/v3/aggTrades} (by {@code startTime}/{@code endTime}; each trade its own
 * aggregate) on 127.0.0.1, from the simulator's history, with weight headers and, on demand, 429
 * answers with {@code Retry-After}.
 */
final class RestServer implements AutoCloseable {
    static final int WEIGHT = 25;
    static final int AGG_WEIGHT = 4;
    private static final int MAX_LIMIT = 1000;

    private final HttpServer server;
    private final TradeHistory history;
    private final long rateLimitEvery;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong weight = new AtomicLong();

    /** A symbol and a limit to the depth snapshot body, or null for a symbol it does not trade. */
    interface Depth {
        String snapshot(String symbol, int limit);
    }

    private final Depth depth;

    RestServer(int port, TradeHistory history, long rateLimitEvery, Depth depth)
            throws IOException {
        this.history = history;
        this.rateLimitEvery = rateLimitEvery;
        this.depth = depth;
        this.server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/api/v3/historicalTrades", this::historicalTrades);
        server.createContext("/api/v3/aggTrades", this::aggTrades);
        server.createContext("/api/v3/depth", this::depth);
        server.setExecutor(
                Executors.newFixedThreadPool(
                        2,
                        r -> {
                            Thread t = new Thread(r, "simulator-rest");
                            t.setDaemon(true);
                            return t;
                        }));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    long requests() {
        return requests.get();
    }

    long rateLimited() {
        return rateLimited.get();
    }

    /** Counts the request and its weight; false (answered 429) when the rate limit is simulated. */
    private boolean admit(HttpExchange exchange, int requestWeight) throws IOException {
        long n = requests.incrementAndGet();
        exchange.getResponseHeaders()
                .add("X-MBX-USED-WEIGHT-1M", Long.toString(weight.addAndGet(requestWeight)));
        if (rateLimitEvery > 0 && n % rateLimitEvery == 0) {
            rateLimited.incrementAndGet();
            exchange.getResponseHeaders().add("Retry-After", "1");
            respond(exchange, 429, "{\"code\":-1003,\"msg\":\"Too many requests; simulated.\"}");
            return false;
        }
        return true;
    }

    private void aggTrades(HttpExchange exchange) throws IOException {
        if (!admit(exchange, AGG_WEIGHT)) {
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI());
        String symbol = query.getOrDefault("symbol", "");
        List<SimTrade> trades;
        try {
            trades =
                    history.fromTime(
                            symbol,
                            Long.parseLong(query.getOrDefault("startTime", "0")),
                            Long.parseLong(
                                    query.getOrDefault("endTime", Long.toString(Long.MAX_VALUE))),
                            Math.min(
                                    MAX_LIMIT,
                                    Integer.parseInt(query.getOrDefault("limit", "500"))));
        } catch (NumberFormatException e) {
            respond(
                    exchange,
                    400,
                    "{\"code\":-1100,\"msg\":\"Illegal characters found in a parameter.\"}");
            return;
        }
        StringBuilder json = new StringBuilder(64 + trades.size() * 120).append('[');
        for (int i = 0; i < trades.size(); i++) {
            SimTrade t = trades.get(i);
            json.append(i == 0 ? "" : ",")
                    .append("{\"a\":")
                    .append(t.tradeId())
                    .append(",\"p\":\"")
                    .append(SimTrade.decimal(t.priceUnits()))
                    .append("\",\"q\":\"")
                    .append(SimTrade.decimal(t.quantityUnits()))
                    .append("\",\"f\":")
                    .append(t.tradeId())
                    .append(",\"l\":")
                    .append(t.tradeId())
                    .append(",\"T\":")
                    .append(t.tradeTimeMillis())
                    .append(",\"m\":")
                    .append(t.buyerIsMaker())
                    .append(",\"M\":true}");
        }
        respond(exchange, 200, json.append(']').toString());
    }

    /** {@code GET /api/v3/depth?symbol=S&limit=L}: weight 5 up to 100, 25, 50, 250 past 1000. */
    private void depth(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI());
        int limit;
        try {
            limit = Integer.parseInt(query.getOrDefault("limit", "100"));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 5000) {
            respond(exchange, 400, "{\"code\":-1100,\"msg\":\"Illegal limit.\"}");
            return;
        }
        int weight = limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
        if (!admit(exchange, weight)) {
            return;
        }
        String body = depth.snapshot(query.getOrDefault("symbol", ""), limit);
        if (body == null) {
            respond(exchange, 400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
            return;
        }
        respond(exchange, 200, body);
    }

    private void historicalTrades(HttpExchange exchange) throws IOException {
        if (!admit(exchange, WEIGHT)) {
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI());
        String symbol = query.get("symbol");
        if (symbol == null || symbol.isEmpty()) {
            respond(
                    exchange,
                    400,
                    "{\"code\":-1102,\"msg\":\"Mandatory parameter 'symbol' was not sent.\"}");
            return;
        }
        long fromId;
        int limit;
        try {
            fromId = Long.parseLong(query.getOrDefault("fromId", "-1"));
            limit = Math.min(MAX_LIMIT, Integer.parseInt(query.getOrDefault("limit", "500")));
        } catch (NumberFormatException e) {
            respond(
                    exchange,
                    400,
                    "{\"code\":-1100,\"msg\":\"Illegal characters found in a parameter.\"}");
            return;
        }
        List<SimTrade> trades =
                fromId < 0 ? history.latest(symbol, limit) : history.from(symbol, fromId, limit);
        StringBuilder json = new StringBuilder(64 + trades.size() * 150).append('[');
        for (int i = 0; i < trades.size(); i++) {
            SimTrade t = trades.get(i);
            json.append(i == 0 ? "" : ",")
                    .append("{\"id\":")
                    .append(t.tradeId())
                    .append(",\"price\":\"")
                    .append(SimTrade.decimal(t.priceUnits()))
                    .append("\",\"qty\":\"")
                    .append(SimTrade.decimal(t.quantityUnits()))
                    .append("\",\"quoteQty\":\"")
                    .append(
                            new java.math.BigDecimal(SimTrade.decimal(t.priceUnits()))
                                    .multiply(
                                            new java.math.BigDecimal(
                                                    SimTrade.decimal(t.quantityUnits())))
                                    .toPlainString())
                    .append("\",\"time\":")
                    .append(t.tradeTimeMillis())
                    .append(",\"isBuyerMaker\":")
                    .append(t.buyerIsMaker())
                    .append(",\"isBestMatch\":true}");
        }
        respond(exchange, 200, json.append(']').toString());
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(
                            pair.substring(0, eq),
                            java.net.URLDecoder.decode(
                                    pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
