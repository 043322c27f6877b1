package io.marketpipe.ingest.feed.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.ingest.feed.FeedSpec;
import io.marketpipe.ingest.feed.finnhub.FinnhubFeeds;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A feed's partition keys, which the shard router deals out, are the keys its frames carry. */
class PartitionKeysTest {
    private static final List<String> STREAMS =
            BinanceFeeds.streams(List.of("BTCUSDT", "ETHUSDT"), List.of("trade", "bookTicker"));

    @Test
    void binanceJsonKeysAreTheSymbolsItsFramesName() {
        FeedSpec json = BinanceFeeds.json("ws://127.0.0.1:1", STREAMS).get(0);
        assertThat(json.partitionKeys()).containsExactly("BINANCE:BTCUSDT", "BINANCE:ETHUSDT");
        byte[] frame =
                "{\"stream\":\"ethusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"ETHUSDT\"}}"
                        .getBytes(StandardCharsets.UTF_8);
        assertThat(json.venue().name() + ':' + json.classifier().textSymbol(frame))
                .isEqualTo(json.partitionKeys().get(1));
    }

    @Test
    void binanceSbeKeysAreTheSymbolsItsFramesName() {
        FeedSpec sbe = BinanceFeeds.sbe("ws://127.0.0.1:1", STREAMS, "key").get(0);
        assertThat(sbe.partitionKeys()).containsExactly("BINANCE:BTCUSDT", "BINANCE:ETHUSDT");
        assertThat(
                        sbe.venue().name()
                                + ':'
                                + sbe.classifier().binarySymbol(BinanceSbeFramesTest.oneTrade()))
                .isEqualTo(sbe.partitionKeys().get(0));
    }

    @Test
    void finnhubKeysAreTheSymbolsItsFramesName() {
        FeedSpec finnhub =
                FinnhubFeeds.trades(
                        "ws://127.0.0.1:1", "token", List.of("AAPL", "BINANCE:BTCUSDT"));
        assertThat(finnhub.partitionKeys())
                .containsExactly("FINNHUB:AAPL", "FINNHUB:BINANCE:BTCUSDT");
        byte[] frame =
                "{\"data\":[{\"p\":1,\"s\":\"BINANCE:BTCUSDT\",\"t\":1,\"v\":1}],\"type\":\"trade\"}"
                        .getBytes(StandardCharsets.UTF_8);
        assertThat(finnhub.venue().name() + ':' + finnhub.classifier().textSymbol(frame))
                .isEqualTo(finnhub.partitionKeys().get(1));
    }
}
