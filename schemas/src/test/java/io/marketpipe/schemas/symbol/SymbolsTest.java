package io.marketpipe.schemas.symbol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SymbolsTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "BTCUSDT",
                "1INCHUSDT",
                "这是测试币456", // Binance's testnet symbol (2025-12)
                "币安人生USDT", // Han and Latin
                "ΑΒΓΔ", // Greek alone
                "ıBM", // Latin alone: a symbol of its own, never IBM
                "ひらがなUSDT", // Hiragana and Latin
            })
    void aSymbolIsLettersAndDigitsAsTheyCame(String symbol) {
        assertThat(Symbols.fault(symbol)).as(symbol).isNull();
        assertThat(Symbols.valid(symbol)).as(symbol).isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "btcusdt         | has U+0062, which is not A-Z or 0-9",
                "BTC-USDT        | has U+002D, which is not A-Z or 0-9",
                "B               | has 1 code points, not 2 to 20",
                "ABCDEFGHIJKLMNOPQRSTU | has 21 code points, not 2 to 20",
                "ＢＴＣ          | is not in NFKC form",
                "AAPLﬀ           | is not in NFKC form",
                "ſPY             | is not in NFKC form",
                "\uD835\uDC00BC    | is not in NFKC form", // a mathematical bold A, one code point
                "АBTC            | mixes the scripts",
                "BTC€            | has U+20AC, which is not a letter or a digit",
                "E\u0301TH       | has U+0301, which is not a letter or a digit",
            })
    void anythingElseIsAFaultNamingWhatIsWrong(String symbol, String fault) {
        assertThat(Symbols.fault(symbol)).as(symbol).startsWith(fault);
        assertThat(Symbols.valid(symbol)).as(symbol).isFalse();
    }

    @Test
    void countsCodePointsNotCharsOrBytes() {
        String twenty = "这".repeat(20); // 60 bytes of UTF-8
        assertThat(Symbols.valid(twenty)).isTrue();
        assertThat(Symbols.fault(twenty + "这")).isEqualTo("has 21 code points, not 2 to 20");
        // 20 code points outside the BMP: 40 chars, still 20
        String supplementary = "\uD840\uDC00".repeat(20); // U+20000, a Han letter
        assertThat(supplementary).hasSize(40);
        assertThat(Symbols.valid(supplementary)).isTrue();
    }

    @Test
    void aLoneSurrogateOrNullIsNoSymbol() {
        assertThat(Symbols.fault("AB\uD800")).isEqualTo("has a lone surrogate at index 2");
        assertThat(Symbols.fault("\uDC00AB")).isEqualTo("has a lone surrogate at index 0");
        assertThat(Symbols.valid("AB\uD800C")).isFalse();
        assertThat(Symbols.valid(null)).isFalse();
        assertThat(Symbols.fault(null)).isEqualTo("is null");
    }

    @Test
    void streamNamesChangeOnlyAsciiLetters() {
        assertThat(Symbols.streamName("BTCUSDT")).isEqualTo("btcusdt");
        assertThat(Symbols.streamName("币安人生USDT")).isEqualTo("币安人生usdt");
        assertThat(Symbols.fromStreamName("币安人生usdt")).isEqualTo("币安人生USDT");
        // toLowerCase would make these σ and i̇: the name must give back the same symbol
        assertThat(Symbols.streamName("ΑΣ")).isEqualTo("ΑΣ");
        assertThat(Symbols.fromStreamName("ıbm")).isEqualTo("ıBM");
        String same = "这是测试币456";
        assertThat(Symbols.streamName(same)).isSameAs(same);
    }
}
