package io.marketpipe.ingest.feed.binance;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BinanceFramesTest {
    private static String symbol(String frame) {
        return BinanceFrames.symbol(frame.getBytes(UTF_8));
    }

    @Test
    void takesSymbolFromCombinedStreamName() {
        assertThat(
                        symbol(
                                "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"BTCUSDT\"}}"))
                .isEqualTo("BTCUSDT");
    }

    @Test
    void takesSymbolFromRawEvent() {
        assertThat(symbol("{\"e\":\"trade\",\"E\":1,\"s\":\"ETHUSDT\",\"t\":1}"))
                .isEqualTo("ETHUSDT");
    }

    @Test
    void usesPlaceholderForFramesWithoutSymbol() {
        assertThat(symbol("{\"result\":null,\"id\":1}")).isEqualTo(BinanceFrames.NO_SYMBOL);
        assertThat(symbol("{\"stream\":\"btcus")).isEqualTo(BinanceFrames.NO_SYMBOL);
        assertThat(symbol("")).isEqualTo(BinanceFrames.NO_SYMBOL);
    }
}
