package io.marketpipe.ingest.feed.binance;

import io.marketpipe.ingest.feed.FeedSpec;
import io.marketpipe.ingest.feed.FrameClassifier;
import io.marketpipe.schemas.envelope.Venue;
import io.marketpipe.schemas.symbol.Symbols;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Binance spot market streams, JSON or SBE: combined-stream connections of at most {@value
 * #MAX_STREAMS_PER_CONNECTION} streams each.
 */
public final class BinanceFeeds {
    public static final int MAX_STREAMS_PER_CONNECTION = 1024;
    public static final String JSON_URL = "wss://data-stream.binance.vision";
    public static final String SBE_URL = "wss://stream-sbe.binance.com:9443";
    public static final String API_KEY_HEADER = "X-MBX-APIKEY";

    private BinanceFeeds() {}

    /** Stream names for symbols and kinds: ("BTCUSDT", "trade") -> {@code btcusdt@trade}. */
    public static List<String> streams(List<String> symbols, List<String> kinds) {
        List<String> streams = new ArrayList<>();
        for (String symbol : symbols) {
            for (String kind : kinds) {
                streams.add(Symbols.streamName(symbol) + "@" + kind);
            }
        }
        return streams;
    }

    public static List<FeedSpec> json(String baseUrl, List<String> streams) {
        FrameClassifier classifier =
                new FrameClassifier() {
                    @Override
                    public String textSymbol(byte[] frame) {
                        return BinanceFrames.symbol(frame);
                    }

                    @Override
                    public String binarySymbol(byte[] frame) {
                        return BinanceFrames.NO_SYMBOL;
                    }

                    @Override
                    public void streamsIn(byte[] frame, boolean binary, Consumer<String> out) {
                        String stream = binary ? null : BinanceFrames.stream(frame);
                        if (stream != null) {
                            out.accept(stream);
                        }
                    }
                };
        return specs("binance-json", baseUrl, streams, Map.of(), classifier);
    }

    /** SBE streams; {@code apiKey} is an Ed25519 API key, sent as the X-MBX-APIKEY header. */
    public static List<FeedSpec> sbe(String baseUrl, List<String> streams, String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException(
                    "the Binance SBE streams need an API key (X-MBX-APIKEY)");
        }
        FrameClassifier classifier =
                new FrameClassifier() {
                    private final ThreadLocal<BinanceSbeFrames> sbe =
                            ThreadLocal.withInitial(BinanceSbeFrames::new);

                    @Override
                    public String textSymbol(byte[] frame) {
                        return BinanceFrames.symbol(frame);
                    }

                    @Override
                    public String binarySymbol(byte[] frame) {
                        return sbe.get().symbol(frame);
                    }

                    @Override
                    public void streamsIn(byte[] frame, boolean binary, Consumer<String> out) {
                        String stream = binary ? sbe.get().stream(frame) : null;
                        if (stream != null) {
                            out.accept(stream);
                        }
                    }
                };
        return specs("binance-sbe", baseUrl, streams, Map.of(API_KEY_HEADER, apiKey), classifier);
    }

    private static List<FeedSpec> specs(
            String name,
            String baseUrl,
            List<String> streams,
            Map<String, String> headers,
            FrameClassifier classifier) {
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("no streams for " + name);
        }
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        List<FeedSpec> specs = new ArrayList<>();
        for (int from = 0, n = 0; from < streams.size(); from += MAX_STREAMS_PER_CONNECTION, n++) {
            List<String> chunk =
                    streams.subList(
                            from, Math.min(streams.size(), from + MAX_STREAMS_PER_CONNECTION));
            // a non-ASCII stream name goes percent-encoded as UTF-8
            URI uri =
                    URI.create(
                            URI.create(base + "/stream?streams=" + String.join("/", chunk))
                                    .toASCIIString());
            specs.add(
                    new FeedSpec(
                            name + "-" + n,
                            uri,
                            headers,
                            List.of(),
                            chunk,
                            Venue.BINANCE,
                            classifier));
        }
        return specs;
    }
}
