package io.marketpipe.ingest.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The forwarder's settings: defaults, then a properties file, then environment variables ({@code
 * MARKETPIPE_} + the key in upper case with {@code .} and {@code -} as {@code _}, e.g. {@code
 * MARKETPIPE_KINESIS_STREAM}). Secrets are read from the environment only ({@value
 * #BINANCE_KEY_ENV}, {@value #FINNHUB_TOKEN_ENV}) and never appear in {@link #toString()}.
 */
public final class IngestSettings {
    public static final String BINANCE_KEY_ENV = "BINANCE_API_KEY";
    public static final String FINNHUB_TOKEN_ENV = "FINNHUB_TOKEN";
    private static final String ENV_PREFIX = "MARKETPIPE_";

    /** key -> {default, description}, the README's table. */
    public static final Map<String, String[]> KEYS = new LinkedHashMap<>();

    static {
        key(
                "symbols",
                "BTCUSDT,ETHUSDT",
                "Binance symbols to forward; dealt in this order over the raw stream's shards");
        key("binance.json.enabled", "true", "Forward Binance JSON streams");
        key("binance.json.url", "wss://data-stream.binance.vision", "Binance JSON stream base URL");
        key(
                "binance.json.streams",
                "trade",
                "Stream kinds per symbol: trade, and optionally bookTicker, aggTrade, depth@100ms"
                        + " or depth (1 s), kline_<interval> (e.g. kline_1m)");
        key(
                "binance.sbe.enabled",
                "false",
                "Forward Binance SBE streams (needs " + BINANCE_KEY_ENV + ")");
        key("binance.sbe.url", "wss://stream-sbe.binance.com:9443", "Binance SBE stream base URL");
        key(
                "binance.sbe.streams",
                "trade",
                "SBE stream kinds per symbol: trade, bestBidAsk, depth, depth20");
        key(
                "binance.depth.snapshot-limit",
                "1000",
                "Levels a side of each REST depth snapshot the books start from (5, 10, 20, 50,"
                        + " 100, 500, 1000 or 5000; weight 50 at 1000, 250 at 5000), taken at"
                        + " start, after every reconnect or rotation and after a gap in a"
                        + " symbol's depth diffs, when a depth stream is subscribed");
        key(
                "binance.depth.snapshot-refresh-ms",
                "600000",
                "How often every book's symbol is snapshotted again, so a book the job took out of"
                        + " sync for a reason the forwarder cannot see (crossed, a contradicting"
                        + " top 20) is back within it; keep symbols x weight per refresh well under"
                        + " 6,000 a minute; 0 = never");
        key(
                "binance.rest.url",
                "https://api.binance.com",
                "Binance REST base URL for gap backfill; empty = no backfill");
        key("finnhub.enabled", "false", "Forward Finnhub trades (needs " + FINNHUB_TOKEN_ENV + ")");
        key("finnhub.url", "wss://ws.finnhub.io", "Finnhub WebSocket URL");
        key("finnhub.symbols", "", "Finnhub symbols, e.g. AAPL,BINANCE:BTCUSDT");
        key("kinesis.stream", "marketpipe-raw", "Kinesis raw stream name");
        key("kinesis.region", "us-east-1", "AWS region");
        key("kinesis.endpoint", "", "Kinesis endpoint override (local emulator only)");
        key("batch.max-record-bytes", "65536", "Seal a Kinesis record at this size");
        key("batch.linger-ms", "50", "Seal a record once its first frame waited this long");
        key(
                "batch.max-buffered-bytes",
                "67108864",
                "Bytes held before feeds are slowed (backpressure)");
        key(
                "batch.per-shard",
                "true",
                "Pack all frames bound for one shard into shared records (false: a record per symbol)");
        key("watchdog-ms", "60000", "Reconnect a connection silent this long (no frame, no ping)");
        key(
                "rotate-after-ms",
                "84600000",
                "Replace a connection after this long (Binance cuts at 24 h)");
        key(
                "rotate-handover-ms",
                "30000",
                "A rotation's new connection takes over once it delivered on every stream, and the"
                        + " old one retires once it has caught up with the new one: each wait at most"
                        + " this long");
        key(
                "close-timeout-ms",
                "2000",
                "At shutdown, how long a connection may take to answer the close handshake");
        key(
                "shutdown.flush-ms",
                "20000",
                "At shutdown, how long buffered frames may take to reach Kinesis; what is left is"
                        + " logged as a count (ECS stops a task 30 s after SIGTERM)");
        key(
                "backfill.max-queued-gaps",
                "10000",
                "Gaps that may wait for REST backfill; one more becomes a gap marker at once");
        key(
                "backfill.max-gap-trades",
                "1000000",
                "The most trade ids of one gap that are backfilled; the rest becomes a gap marker");
        key(
                "backfill.resume-lookback-ms",
                "86400000",
                "At start, how far back the raw stream is searched for each Binance symbol's last"
                        + " trade id, so trades made while the forwarder was down are backfilled;"
                        + " 0 = not at all");
        key(
                "backfill.resume-deadline-ms",
                "60000",
                "How long that search may take before the feeds start anyway");
        key(
                "health.stall-ms",
                "120000",
                "/health fails once frames have waited this long with nothing published to Kinesis"
                        + " (a stuck or dead publisher)");
        key(
                "metrics.namespace",
                "Marketpipe/Forwarder",
                "CloudWatch namespace of the embedded metric format lines on standard output");
        key(
                "metrics.emf-interval-ms",
                "60000",
                "How often counters are written as CloudWatch embedded metrics; 0 = never");
        key("ops.bind", "127.0.0.1", "Address of /health, /ready and /metrics");
        key("ops.port", "9102", "Port of /health, /ready and /metrics");
    }

    private final Map<String, String> values;
    private final Map<String, String> env;

    private IngestSettings(Map<String, String> values, Map<String, String> env) {
        this.values = values;
        this.env = env;
    }

    /** Defaults, then {@code file} if given, then {@code env}; unknown keys are errors. */
    public static IngestSettings load(Optional<Path> file, Map<String, String> env)
            throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        KEYS.forEach((k, spec) -> values.put(k, spec[0]));
        List<String> problems = new ArrayList<>();
        if (file.isPresent()) {
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(file.get())) {
                props.load(in);
            }
            for (String key : new TreeSet<>(props.stringPropertyNames())) {
                if (key.contains("key") && !KEYS.containsKey(key) || key.contains("token")) {
                    problems.add(
                            "\""
                                    + key
                                    + "\": secrets come from the environment ("
                                    + BINANCE_KEY_ENV
                                    + ", "
                                    + FINNHUB_TOKEN_ENV
                                    + ")");
                } else if (!KEYS.containsKey(key)) {
                    problems.add("unknown key \"" + key + "\" in " + file.get());
                } else {
                    values.put(key, props.getProperty(key).trim());
                }
            }
        }
        for (String key : KEYS.keySet()) {
            String override = env.get(envName(key));
            if (override != null) {
                values.put(key, override.trim());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "bad forwarder configuration: " + String.join("; ", problems));
        }
        return new IngestSettings(values, env);
    }

    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String get(String key) {
        if (!KEYS.containsKey(key)) {
            throw new IllegalArgumentException("no setting " + key);
        }
        return values.get(key);
    }

    public boolean flag(String key) {
        return Boolean.parseBoolean(get(key));
    }

    public long number(String key) {
        try {
            return Long.parseLong(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    key + " must be a whole number, was \"" + get(key) + "\"");
        }
    }

    public List<String> list(String key) {
        List<String> items = new ArrayList<>();
        for (String item : get(key).split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    /** A secret from the environment, or a one-line error naming the variable. */
    public String secret(String envName) {
        String value = env.get(envName);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    envName + " is not set: it is needed for the feed you enabled");
        }
        return value;
    }

    /** The settings, without secrets (they are never stored here). */
    @Override
    public String toString() {
        return values.toString();
    }

    private static void key(String key, String defaultValue, String description) {
        KEYS.put(key, new String[] {defaultValue, description});
    }
}
