package io.marketpipe.ingest.feed;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts that refused us for good: HTTP 451 (Binance's answer to an address in a country it does not
 * serve, the US among them) or 403 (an address or key it blocks) to a WebSocket handshake or a REST
 * request. Retrying cannot help, so nothing asks a refused host again: the feed stays down, REST
 * calls fail at once, one line says what happened and how to fix it, and {@code /health} fails with
 * that line until the configuration changes (a new container).
 */
public final class Refusals {
    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);

    private final Map<String, String> byHost = new ConcurrentHashMap<>();

    /** Whether an HTTP status is a refusal no retry can change. */
    public static boolean fatal(int status) {
        return status == 451 || status == 403;
    }

    /** {@code host:port} of {@code uri}, as refusals are kept. */
    public static String host(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    /**
     * Records that {@code host} answered {@code status} to {@code what} ("the WebSocket handshake",
     * "GET /api/v3/depth"); logs the reason once per host and returns it.
     */
    public String refuse(String host, int status, String what) {
        String reason =
                host
                        + " refused "
                        + what
                        + " with HTTP "
                        + status
                        + (status == 451
                                ? " (a restricted location: Binance serves no address in some"
                                        + " countries, the US among them). Fix: run the forwarder"
                                        + " in a region Binance serves (the stack's default is"
                                        + " ap-northeast-1), or point the feed's url setting at an"
                                        + " endpoint you may use"
                                : " (forbidden: the address or the API key is blocked). Fix:"
                                        + " check the key and where the forwarder runs")
                        + ". Not asking this host again until restarted.";
        if (byHost.putIfAbsent(host, reason) == null) {
            LOG.error(reason);
        }
        return byHost.get(host);
    }

    /** Why {@code host} refused us, if it did. */
    public Optional<String> of(String host) {
        return Optional.ofNullable(byHost.get(host));
    }

    /** The first refusal's reason (any host), if there is one. */
    public Optional<String> any() {
        return byHost.values().stream().sorted().findFirst();
    }
}
