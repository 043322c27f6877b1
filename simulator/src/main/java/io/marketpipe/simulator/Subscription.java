package io.marketpipe.simulator;

import io.marketpipe.schemas.symbol.Symbols;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** What one client connection asked for: its path form and its streams. */
final class Subscription {
    final boolean combined;
    final Set<String> streams = ConcurrentHashMap.newKeySet();

    /** Data flows only from this {@link System#nanoTime()} on (a stream start delay). */
    volatile long activeFromNanos;

    private Subscription(boolean combined) {
        this.combined = combined;
    }

    /**
     * Parses {@code /stream?streams=a@trade/b@trade} (combined) or {@code /ws/a@trade[/b@trade]}
     * (raw); returns null for any other path.
     */
    static Subscription fromPath(String resource) {
        URI uri = URI.create(resource);
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.isEmpty() || path.equals("/")) {
            return new Subscription(false); // Finnhub: symbols come by subscribe messages
        }
        if (path.equals("/stream")) {
            Subscription s = new Subscription(true);
            String query = uri.getQuery() == null ? "" : uri.getQuery();
            for (String param : query.split("&")) {
                if (param.startsWith("streams=")) {
                    s.addAll(param.substring("streams=".length()));
                }
            }
            return s;
        }
        if (path.startsWith("/ws")) {
            Subscription s = new Subscription(false);
            s.addAll(path.substring("/ws".length()));
            return s;
        }
        return null;
    }

    /** Whether this connection's streams have started: it wants {@code stream} and gets data. */
    boolean wants(String stream) {
        return streams.contains(stream) && started();
    }

    boolean started() {
        return System.nanoTime() - activeFromNanos >= 0;
    }

    /** The value of query parameter {@code name}, or null. */
    static String queryParameter(String resource, String name) {
        String query = URI.create(resource).getQuery();
        if (query == null) {
            return null;
        }
        for (String param : query.split("&")) {
            if (param.startsWith(name + "=")) {
                return param.substring(name.length() + 1);
            }
        }
        return null;
    }

    private void addAll(String slashSeparated) {
        for (String stream : slashSeparated.split("/")) {
            if (!stream.isEmpty()) {
                // the symbol's ASCII letters lower case; the kind is Binance's own (bookTicker,
                // depth@100ms)
                int at = stream.indexOf('@');
                streams.add(
                        at < 0
                                ? Symbols.streamName(stream)
                                : Symbols.streamName(stream.substring(0, at))
                                        + stream.substring(at));
            }
        }
    }
}
