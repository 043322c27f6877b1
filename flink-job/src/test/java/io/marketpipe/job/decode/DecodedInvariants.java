package io.marketpipe.job.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.Quarantined;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.symbol.Symbols;
import java.util.List;

/**
 * What decoding any input must give, for the property and fuzz tests: no decoder failure (the guard
 * that catches one is never needed), quarantine records that fit a Kinesis record, and trades
 * writable everywhere.
 */
public final class DecodedInvariants {
    private DecodedInvariants() {}

    /** Checks every event of one input received at {@code receivedMicros} (0: unknown). */
    public static void check(List<MarketEvent> events, long receivedMicros) {
        for (MarketEvent e : events) {
            if (e.kind == MarketEvent.Kind.TRADE) {
                writable(e.trade, receivedMicros);
            } else if (e.kind == MarketEvent.Kind.QUARANTINED) {
                fits(e.quarantined);
            }
        }
    }

    public static void writable(Trade t, long receivedMicros) {
        assertThat(Symbols.valid(t.symbol)).as(t.symbol).isTrue();
        assertThat(t.price).isBetween(1L, TradeRules.MAX_PRICE);
        assertThat(t.quantity).isBetween(1L, TradeRules.MAX_QUANTITY);
        assertThat(TradeRules.exceedsNotional(t.price, t.quantity)).isFalse();
        assertThat(t.tradeTime).isBetween(Timestamps.MIN_MILLIS, Timestamps.MAX_MILLIS - 1);
        if (receivedMicros > 0) {
            assertThat(t.tradeTime - receivedMicros / 1_000)
                    .isBetween(
                            -TradeRules.DEFAULT_MAX_BEHIND_MILLIS,
                            TradeRules.DEFAULT_MAX_AHEAD_MILLIS);
        }
    }

    public static void fits(Quarantined q) {
        assertThat(q.reason).isNotNull();
        assertThat(q.detail)
                .as("a decoder failed: a bug to fix, not a frame to blame")
                .doesNotContain("the decoder failed");
        assertThat(q.detail.length()).isLessThanOrEqualTo(Quarantined.MAX_DETAIL_CHARS);
        assertThat(q.raw.length).isLessThanOrEqualTo(Quarantined.MAX_RAW_BYTES);
        assertThat(q.id).matches("[0-9a-f]{32}");
    }
}
