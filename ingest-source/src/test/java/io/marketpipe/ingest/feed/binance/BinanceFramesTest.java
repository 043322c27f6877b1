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
    void keepsASymbolBeyondAsciiAsItIsAndUpperCasesOnlyItsAsciiLetters() {
        assertThat(
                        symbol(
                                "{\"stream\":\"币安人生usdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"币安人生USDT\"}}"))
                .isEqualTo("币安人生USDT");
        assertThat(symbol("{\"e\":\"trade\",\"E\":1,\"s\":\"这是测试币456\",\"t\":1}"))
                .isEqualTo("这是测试币456");
        // a Greek lower-case letter stays lower case: toUpperCase would fold it into another key
        assertThat(symbol("{\"stream\":\"αβ@trade\",\"data\":{}}")).isEqualTo("αβ");
        // 20 code points of three bytes each still fit
        String twenty = "这".repeat(20);
        assertThat(symbol("{\"e\":\"trade\",\"s\":\"" + twenty + "\",\"t\":1}")).isEqualTo(twenty);
    }

    @Test
    void aSymbolOfBadBytesOrEscapesHasThePlaceholder() {
        byte[] frame = "{\"e\":\"trade\",\"s\":\"AB\u0000\",\"t\":1}".getBytes(UTF_8);
        frame[20] = (byte) 0xC0; // an overlong form, not UTF-8
        assertThat(BinanceFrames.symbol(frame)).isEqualTo(BinanceFrames.NO_SYMBOL);
        assertThat(symbol("{\"e\":\"trade\",\"s\":\"A\\u0042\",\"t\":1}"))
                .isEqualTo(BinanceFrames.NO_SYMBOL);
    }

    @Test
    void usesPlaceholderForFramesWithoutSymbol() {
        assertThat(symbol("{\"result\":null,\"id\":1}")).isEqualTo(BinanceFrames.NO_SYMBOL);
        assertThat(symbol("{\"stream\":\"btcus")).isEqualTo(BinanceFrames.NO_SYMBOL);
        assertThat(symbol("")).isEqualTo(BinanceFrames.NO_SYMBOL);
    }
}
