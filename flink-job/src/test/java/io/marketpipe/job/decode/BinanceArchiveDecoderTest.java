package io.marketpipe.job.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.decode.BinanceArchiveDecoder.Kind;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import org.junit.jupiter.api.Test;

/** Rows of Binance's history files, as published. */
class BinanceArchiveDecoderTest {
    private final BinanceArchiveDecoder decoder = new BinanceArchiveDecoder(TradeRules.DEFAULTS);
    private final RecordingDecodeSink out = new RecordingDecodeSink();

    private void decode(Kind kind, String row) {
        decoder.decode(
                new RawFrame(
                        Venue.BINANCE, Encoding.CSV, Origin.ARCHIVE, 0, 1, 0, row.getBytes(UTF_8)),
                "BTCUSDT",
                kind,
                out);
    }

    @Test
    void readsTradesWithMillisecondTimesAsBeforeTwentyTwentyFive() {
        decode(
                Kind.TRADES,
                "3361577601,42283.58000000,0.00118000,49.89462440,1704067200059,True,True");
        Trade t = out.trades.get(0);
        assertThat(t.tradeId).isEqualTo(3361577601L);
        assertThat(t.price).isEqualTo(Decimals.parse("42283.58"));
        assertThat(t.quantity).isEqualTo(Decimals.parse("0.00118"));
        assertThat(t.tradeTime).isEqualTo(1704067200059L);
        assertThat(t.buyerIsMaker).isTrue();
        assertThat(t.receivedMicros)
                .as("deterministic: the trade time")
                .isEqualTo(1704067200059000L);
        assertThat(t.origin).isEqualTo(Origin.ARCHIVE);
    }

    @Test
    void readsMicrosecondTimesAsFromTwentyTwentyFive() {
        decode(Kind.TRADES, "4000000000,93500.10,0.5,46750.05,1735689600123456,False,True");
        assertThat(out.trades.get(0).tradeTime).isEqualTo(1735689600123L);
        assertThat(out.trades.get(0).buyerIsMaker).isFalse();
    }

    @Test
    void readsAggTradesByAggregateId() {
        decode(Kind.AGG_TRADES, "26129,0.01633102,4.70443515,27781,27781,1498793709153,True,True");
        assertThat(out.trades.get(0).tradeId).isEqualTo(26129);
        assertThat(out.trades.get(0).tradeTime).isEqualTo(1498793709153L);
    }

    @Test
    void aHeaderIsControlAndBadRowsAreQuarantinedWithTheirReason() {
        decode(Kind.TRADES, "id,price,qty,quote_qty,time,is_buyer_maker,is_best_match");
        decode(Kind.TRADES, "1,100,1,100,1704067200059,True");
        decode(Kind.TRADES, "1,-100,1,100,1704067200059,True,True");
        decode(Kind.TRADES, "1,100,0,0,1704067200059,True,True");
        decode(Kind.TRADES, "1,100,1,100,12,True,True");
        decode(Kind.TRADES, "1,100.123456789,1,100,1704067200059,True,True");
        decode(Kind.TRADES, "x1,100,1,100,1704067200059,True,True");
        decode(Kind.TRADES, "1,100,1,100,1704067200059,maybe,True");
        assertThat(out.control).isEqualTo(1);
        assertThat(out.trades).isEmpty();
        assertThat(out.reasons)
                .containsExactly(
                        "MISSING_FIELD",
                        "BAD_PRICE",
                        "BAD_QUANTITY",
                        "BAD_TIMESTAMP",
                        "BAD_PRICE",
                        "MALFORMED",
                        "MALFORMED");
    }
}
