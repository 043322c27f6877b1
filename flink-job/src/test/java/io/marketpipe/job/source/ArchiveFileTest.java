package io.marketpipe.job.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketpipe.job.decode.BinanceArchiveDecoder;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** A history file's name gives its symbol, kind and date, and a symbol round-trips through it. */
class ArchiveFileTest {
    @Test
    void readsBinancesNamesDailyAndMonthly() {
        ArchiveFile daily = ArchiveFile.of(Path.of("BTCUSDT-trades-2024-01-02.zip"));
        assertThat(daily.symbol).isEqualTo("BTCUSDT");
        assertThat(daily.kind).isEqualTo(BinanceArchiveDecoder.Kind.TRADES);
        assertThat(daily.date).isEqualTo(LocalDate.of(2024, 1, 2));
        ArchiveFile monthly = ArchiveFile.of(Path.of("ethbtc-aggTrades-2023-11.csv"));
        assertThat(monthly.symbol).isEqualTo("ETHBTC");
        assertThat(monthly.kind).isEqualTo(BinanceArchiveDecoder.Kind.AGG_TRADES);
        assertThat(monthly.date).isEqualTo(LocalDate.of(2023, 11, 1));
    }

    @Test
    void aSymbolBeyondAsciiComesBackAsItWasWritten() {
        for (String symbol : new String[] {"这是测试币456", "币安人生USDT"}) {
            assertThat(ArchiveFile.of(Path.of(symbol + "-trades-2026-01-05.csv")).symbol)
                    .isEqualTo(symbol);
        }
    }

    @Test
    void aNameWhoseSymbolBreaksTheRuleIsRefusedNamingWhy() {
        assertThatThrownBy(() -> ArchiveFile.of(Path.of("ＢＴＣ-trades-2024-01-02.zip")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NFKC");
        assertThatThrownBy(() -> ArchiveFile.of(Path.of("BTC_USDT-trades-2024-01-02.zip")))
                .hasMessageContaining("U+005F");
        assertThatThrownBy(() -> ArchiveFile.of(Path.of("BTCUSDT-klines-2024-01-02.zip")))
                .hasMessageContaining("is not named like");
    }
}
