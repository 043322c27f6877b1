package io.marketpipe.ingest.feed.finnhub;

import io.marketpipe.ingest.feed.FeedSpec;
import io.marketpipe.ingest.feed.FrameClassifier;
import io.marketpipe.ingest.feed.binance.BinanceFrames;
import io.marketpipe.schemas.envelope.Venue;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Finnhub trades: one connection per API key, a subscribe message per symbol after each open. */
public final class FinnhubFeeds {
    public static final String URL = "wss://ws.finnhub.io";

    private FinnhubFeeds() {}

    public static FeedSpec trades(String baseUrl, String token, List<String> symbols) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("Finnhub needs an API token");
        }
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("no Finnhub symbols");
        }
        List<String> subscribe = new ArrayList<>();
        for (String symbol : symbols) {
            subscribe.add(
                    "{\"type\":\"subscribe\",\"symbol\":\"" + symbol.replace("\"", "") + "\"}");
        }
        String base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        URI uri = URI.create(base + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        FrameClassifier classifier =
                new FrameClassifier() {
                    @Override
                    public String textSymbol(byte[] frame) {
                        return BinanceFrames.symbol(frame); // first "s" of the batch
                    }

                    @Override
                    public String binarySymbol(byte[] frame) {
                        return BinanceFrames.NO_SYMBOL;
                    }

                    @Override
                    public void streamsIn(byte[] frame, boolean binary, Consumer<String> out) {
                        if (!binary) {
                            BinanceFrames.symbols(frame, out); // every symbol of the batch
                        }
                    }
                };
        return new FeedSpec(
                "finnhub", uri, Map.of(), subscribe, symbols, Venue.FINNHUB, classifier);
    }
}
