package io.marketpipe.job.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.Bar;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.Kline;
import io.marketpipe.job.model.Reconciliation;
import io.marketpipe.schemas.envelope.Venue;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class KlineCheckTest {
    private static final long T0 = 1_700_000_040_000L;

    private static Bar bar() {
        Bar b = new Bar();
        b.venue = Venue.BINANCE;
        b.symbol = "BTCUSDT";
        b.interval = "1m";
        b.windowStart = T0;
        b.windowEnd = T0 + 60_000;
        b.open = Decimals.parse("100");
        b.high = Decimals.parse("101.5");
        b.low = Decimals.parse("99");
        b.close = Decimals.parse("100.25");
        b.volume = new BigDecimal("3.00000000");
        b.quoteVolume = new BigDecimal("301.1234567891234567");
        b.tradeCount = 7;
        return b;
    }

    private static Kline kline() {
        Kline k = new Kline();
        k.venue = Venue.BINANCE;
        k.symbol = "BTCUSDT";
        k.interval = "1m";
        k.openTime = T0;
        k.closeTime = T0 + 59_999;
        k.open = Decimals.parse("100");
        k.high = Decimals.parse("101.5");
        k.low = Decimals.parse("99");
        k.close = Decimals.parse("100.25");
        k.volume = Decimals.parse("3");
        k.quoteVolume = "301.12345678"; // Binance's 8 places of our 16
        k.tradeCount = 7;
        k.closed = true;
        return k;
    }

    @Test
    void theVenuesKlineOfOurTradesIsOurBar() {
        assertThat(KlineCheck.differences(bar(), kline())).isEmpty();
    }

    @Test
    void eachFieldThatDiffersIsARow() {
        Kline k = kline();
        k.low = Decimals.parse("98.5");
        k.tradeCount = 8;
        k.quoteVolume = "301.12345680";

        assertThat(KlineCheck.differences(bar(), k))
                .extracting(r -> r.field + " " + r.ours + " " + r.theirs)
                .containsExactly(
                        "low 99.00000000 98.50000000",
                        "quote_volume 301.1234567891234567 301.12345680",
                        "trade_count 7 8");
    }

    @Test
    void aKlineOfTradesWithNoBarIsARowOfItsOwn() {
        Reconciliation r = KlineCheck.noBar(kline());

        assertThat(r.reason).isEqualTo(Reconciliation.Reason.NO_BAR);
        assertThat(r.windowStart).isEqualTo(T0);
        assertThat(r.theirs).isEqualTo("7 trades");
    }
}
