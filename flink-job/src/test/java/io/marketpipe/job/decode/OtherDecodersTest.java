package io.marketpipe.job.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import io.marketpipe.schemas.sbe.binance.BestBidAskStreamEventEncoder;
import io.marketpipe.schemas.sbe.binance.BoolEnum;
import io.marketpipe.schemas.sbe.binance.MessageHeaderEncoder;
import io.marketpipe.schemas.sbe.binance.TradesStreamEventEncoder;
import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Binance SBE, Finnhub, REST backfill and bookTicker decoding. */
class OtherDecodersTest {
    private static final long T0 = 1_700_000_000_000L;

    /** The forwarder received every frame a second after the trades. */
    private static final long RECEIVED = (T0 + 1_000) * 1_000;

    private static RawFrame frame(Venue venue, Encoding encoding, Origin origin, byte[] payload) {
        return new RawFrame(venue, encoding, origin, 1, 1, RECEIVED, payload);
    }

    private static byte[] sbeTrades(
            int schemaId, String symbol, byte priceExponent, long... priceMantissas) {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        MessageHeaderEncoder header = new MessageHeaderEncoder();
        TradesStreamEventEncoder e =
                new TradesStreamEventEncoder().wrapAndApplyHeader(buffer, 0, header);
        header.schemaId(schemaId);
        e.eventTime(T0 * 1000 + 5)
                .transactTime(T0 * 1000)
                .priceExponent(priceExponent)
                .qtyExponent((byte) -3);
        TradesStreamEventEncoder.TradesEncoder g = e.tradesCount(priceMantissas.length);
        for (int i = 0; i < priceMantissas.length; i++) {
            g.next()
                    .id(500 + i)
                    .price(priceMantissas[i])
                    .qty(1_500)
                    .isBuyerMaker(i % 2 == 0 ? BoolEnum.True : BoolEnum.False);
        }
        e.symbol(symbol);
        return Arrays.copyOf(
                buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    @Test
    void sbeTradesGroupBecomesExactTradesInMilliseconds() {
        RecordingDecodeSink out = new RecordingDecodeSink();
        new BinanceSbeDecoder()
                .decode(
                        frame(
                                Venue.BINANCE,
                                Encoding.SBE,
                                Origin.LIVE,
                                sbeTrades(1, "BTCUSDT", (byte) -2, 6_800_012, 6_800_013)),
                        out);
        assertThat(out.trades).hasSize(2);
        Trade t = out.trades.get(0);
        assertThat(Decimals.toPlainString(t.price)).isEqualTo("68000.12000000");
        assertThat(Decimals.toPlainString(t.quantity)).isEqualTo("1.50000000");
        assertThat(t.tradeTime).isEqualTo(T0);
        assertThat(t.eventTime).isEqualTo(T0);
        assertThat(t.tradeId).isEqualTo(500);
        assertThat(t.buyerIsMaker).isTrue();
        assertThat(out.trades.get(1).buyerIsMaker).isFalse();
    }

    @Test
    void sbeFaultsAreQuarantinedWithTheirReason() {
        RecordingDecodeSink out = new RecordingDecodeSink();
        BinanceSbeDecoder d = new BinanceSbeDecoder();
        byte[] good = sbeTrades(1, "BTCUSDT", (byte) -2, 100);
        d.decode(
                frame(
                        Venue.BINANCE,
                        Encoding.SBE,
                        Origin.LIVE,
                        sbeTrades(2, "BTCUSDT", (byte) -2, 100)),
                out);
        d.decode(
                frame(
                        Venue.BINANCE,
                        Encoding.SBE,
                        Origin.LIVE,
                        Arrays.copyOf(good, good.length - 4)),
                out);
        d.decode(frame(Venue.BINANCE, Encoding.SBE, Origin.LIVE, Arrays.copyOf(good, 5)), out);
        d.decode(
                frame(
                        Venue.BINANCE,
                        Encoding.SBE,
                        Origin.LIVE,
                        sbeTrades(1, "btc", (byte) -2, 100)),
                out);
        d.decode(
                frame(
                        Venue.BINANCE,
                        Encoding.SBE,
                        Origin.LIVE,
                        sbeTrades(1, "BTCUSDT", (byte) -10, 123)),
                out);
        d.decode(
                frame(
                        Venue.BINANCE,
                        Encoding.SBE,
                        Origin.LIVE,
                        sbeTrades(1, "BTCUSDT", (byte) -2, 100, 0)),
                out);
        assertThat(out.reasons)
                .containsExactly(
                        "MALFORMED",
                        "MALFORMED",
                        "MALFORMED",
                        "BAD_SYMBOL",
                        "BAD_PRICE",
                        "BAD_PRICE");
        assertThat(out.trades).as("the good trade of the last frame").hasSize(1);
    }

    /**
     * A trades group that claims more entries than the frame holds, or entries shorter than a
     * trade, is a bomb (a block length of 0 repeats one entry billions of times): MALFORMED at
     * once, never a loop.
     */
    @Test
    void sbeGroupsThatCannotFitTheFrameAreMalformedAtOnce() {
        byte[] good = sbeTrades(1, "BTCUSDT", (byte) -2, 100);
        int groupHeader =
                MessageHeaderEncoder.ENCODED_LENGTH + TradesStreamEventEncoder.BLOCK_LENGTH;
        byte[] zeroBlock = good.clone();
        UnsafeBuffer b = new UnsafeBuffer(zeroBlock);
        b.putShort(groupHeader, (short) 0, java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(groupHeader + 2, Integer.MAX_VALUE, java.nio.ByteOrder.LITTLE_ENDIAN);
        byte[] tooMany = good.clone();
        new UnsafeBuffer(tooMany)
                .putInt(groupHeader + 2, 1_000_000, java.nio.ByteOrder.LITTLE_ENDIAN);
        byte[] shortEntries = good.clone();
        new UnsafeBuffer(shortEntries)
                .putShort(groupHeader, (short) 9, java.nio.ByteOrder.LITTLE_ENDIAN);

        RecordingDecodeSink out = new RecordingDecodeSink();
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(5),
                () -> {
                    BinanceSbeDecoder d = new BinanceSbeDecoder();
                    d.decode(frame(Venue.BINANCE, Encoding.SBE, Origin.LIVE, zeroBlock), out);
                    d.decode(frame(Venue.BINANCE, Encoding.SBE, Origin.LIVE, tooMany), out);
                    d.decode(frame(Venue.BINANCE, Encoding.SBE, Origin.LIVE, shortEntries), out);
                });
        assertThat(out.reasons).containsExactly("MALFORMED", "MALFORMED", "MALFORMED");
        assertThat(out.trades).isEmpty();
    }

    @Test
    void sbeBestBidAskBecomesAQuote() {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        BestBidAskStreamEventEncoder e =
                new BestBidAskStreamEventEncoder()
                        .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        e.eventTime(T0 * 1000)
                .bookUpdateId(77)
                .priceExponent((byte) -2)
                .qtyExponent((byte) 0)
                .bidPrice(6_800_000)
                .bidQty(3)
                .askPrice(6_800_001)
                .askQty(4)
                .symbol("BTCUSDT");
        RecordingDecodeSink out = new RecordingDecodeSink();
        new BinanceSbeDecoder()
                .decode(
                        frame(
                                Venue.BINANCE,
                                Encoding.SBE,
                                Origin.LIVE,
                                Arrays.copyOf(
                                        buffer.byteArray(),
                                        MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength())),
                        out);
        assertThat(out.quotes).hasSize(1);
        assertThat(Decimals.toPlainString(out.quotes.get(0).askPrice)).isEqualTo("68000.01000000");
        assertThat(out.quotes.get(0).updateId).isEqualTo(77);
    }

    /**
     * Numbers with huge exponents must be refused by their size, not computed: 1e999999999 made a
     * replay fail, and setting the scale of 1e100000000 takes minutes.
     */
    @Test
    void finnhubNumbersWithHugeExponentsAreBadPricesAndQuantitiesAtOnce() {
        String json =
                "{\"data\":[{\"p\":1e999999999,\"s\":\"AAPL\",\"t\":"
                        + T0
                        + ",\"v\":5},{\"p\":1e100000000,\"s\":\"AAPL\",\"t\":"
                        + T0
                        + ",\"v\":5},{\"p\":190.5,\"s\":\"AAPL\",\"t\":"
                        + T0
                        + ",\"v\":1e-100000000},{\"p\":190.5,\"s\":\"AAPL\",\"t\":"
                        + T0
                        + ",\"v\":2.50000000000000000000}],\"type\":\"trade\"}";
        RecordingDecodeSink out = new RecordingDecodeSink();
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(5),
                () ->
                        new FinnhubDecoder()
                                .decode(
                                        frame(
                                                Venue.FINNHUB,
                                                Encoding.JSON,
                                                Origin.LIVE,
                                                json.getBytes(UTF_8)),
                                        out));
        assertThat(out.reasons).containsExactly("BAD_PRICE", "BAD_PRICE", "BAD_QUANTITY");
        assertThat(out.trades).hasSize(1);
        assertThat(Decimals.toPlainString(out.trades.get(0).quantity)).isEqualTo("2.50000000");
    }

    @Test
    void finnhubBatchesSplitIntoTradesQuoteTicksAndPerElementQuarantine() {
        String json =
                "{\"data\":[{\"c\":null,\"p\":7296.89,\"s\":\"BINANCE:BTCUSDT\",\"t\":"
                        + T0
                        + ",\"v\":0.011467},"
                        + "{\"p\":1.0842,\"s\":\"OANDA:EUR_USD\",\"t\":"
                        + (T0 + 1)
                        + ",\"v\":0},"
                        + "{\"p\":-1,\"s\":\"AAPL\",\"t\":"
                        + T0
                        + ",\"v\":5},"
                        + "{\"p\":190.5,\"s\":\"AAPL\",\"t\":"
                        + T0
                        + ",\"v\":12}],\"type\":\"trade\"}";
        RecordingDecodeSink out = new RecordingDecodeSink();
        new FinnhubDecoder()
                .decode(
                        frame(Venue.FINNHUB, Encoding.JSON, Origin.LIVE, json.getBytes(UTF_8)),
                        out);
        assertThat(out.trades).extracting(t -> t.symbol).containsExactly("BTCUSDT", "AAPL");
        assertThat(out.trades)
                .allMatch(t -> t.tradeId == Trade.NO_ID && t.venue.equals(Venue.FINNHUB));
        assertThat(Decimals.toPlainString(out.trades.get(0).quantity)).isEqualTo("0.01146700");
        assertThat(out.quotes).extracting(q -> q.symbol).containsExactly("EURUSD");
        assertThat(Decimals.toPlainString(out.quotes.get(0).lastPrice)).isEqualTo("1.08420000");
        assertThat(out.reasons).containsExactly("BAD_PRICE");

        RecordingDecodeSink other = new RecordingDecodeSink();
        FinnhubDecoder d = new FinnhubDecoder();
        d.decode(
                frame(
                        Venue.FINNHUB,
                        Encoding.JSON,
                        Origin.LIVE,
                        "{\"type\":\"ping\"}".getBytes(UTF_8)),
                other);
        d.decode(
                frame(
                        Venue.FINNHUB,
                        Encoding.JSON,
                        Origin.LIVE,
                        "{\"type\":\"error\",\"msg\":\"too many\"}".getBytes(UTF_8)),
                other);
        d.decode(
                frame(
                        Venue.FINNHUB,
                        Encoding.JSON,
                        Origin.LIVE,
                        "{\"type\":\"trade\",\"data\":[{\"p\":1,\"t\":1".getBytes(UTF_8)),
                other);
        assertThat(other.control).isEqualTo(1);
        assertThat(other.reasons).containsExactly("UNKNOWN_MESSAGE", "MALFORMED");
    }

    @Test
    void restBackfillFramesBecomeBackfillTrades() {
        String json =
                "{\"backfill\":\"historicalTrades\",\"symbol\":\"BTCUSDT\",\"fromId\":5,\"toId\":6,\"trades\":["
                        + "{\"id\":5,\"price\":\"68000.10\",\"qty\":\"0.5\",\"quoteQty\":\"34000.05\",\"time\":"
                        + T0
                        + ",\"isBuyerMaker\":true,\"isBestMatch\":true},"
                        + "{\"id\":6,\"price\":\"abc\",\"qty\":\"0.5\",\"time\":"
                        + T0
                        + ",\"isBuyerMaker\":false}]}";
        RecordingDecodeSink out = new RecordingDecodeSink();
        new BinanceRestDecoder(TradeRules.DEFAULTS)
                .decode(
                        frame(Venue.BINANCE, Encoding.JSON, Origin.BACKFILL, json.getBytes(UTF_8)),
                        out);
        assertThat(out.trades).hasSize(1);
        assertThat(out.trades.get(0).origin).isEqualTo(Origin.BACKFILL);
        assertThat(out.trades.get(0).tradeId).isEqualTo(5);
        assertThat(out.reasons).containsExactly("BAD_PRICE");
    }

    @Test
    void bookTickerBecomesAQuote() {
        RecordingDecodeSink out = new RecordingDecodeSink();
        new BinanceJsonDecoder()
                .decode(
                        frame(
                                Venue.BINANCE,
                                Encoding.JSON,
                                Origin.LIVE,
                                "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":400900217,\"s\":\"BTCUSDT\",\"b\":\"25.35190000\",\"B\":\"31.21000000\",\"a\":\"25.36520000\",\"A\":\"40.66000000\"}}"
                                        .getBytes(UTF_8)),
                        out);
        assertThat(out.quotes).hasSize(1);
        assertThat(out.quotes.get(0).updateId).isEqualTo(400_900_217L);
        assertThat(out.quotes.get(0).eventTime)
                .as("receive time when the venue gives none")
                .isEqualTo(RECEIVED / 1_000);
    }

    @Test
    void gapMarkersBecomeGapsAndBadOnesAreQuarantined() {
        RecordingDecodeSink out = new RecordingDecodeSink();
        GapMarkerDecoder d = new GapMarkerDecoder();
        d.decode(
                gapMarker(
                        "{\"gap\":\"unrecoverable\",\"symbol\":\"BTCUSDT\",\"fromId\":101,\"toId\":250,\"reason\":\"REST answered HTTP 403\"}"),
                out);
        assertThat(out.gaps)
                .singleElement()
                .satisfies(
                        g -> {
                            assertThat(g.venue).isEqualTo(Venue.BINANCE);
                            assertThat(g.symbol).isEqualTo("BTCUSDT");
                            assertThat(g.fromId).isEqualTo(101);
                            assertThat(g.toId).isEqualTo(250);
                            assertThat(g.tradeCount()).isEqualTo(150);
                            assertThat(g.reason).isEqualTo("REST answered HTTP 403");
                            assertThat(g.detectedMicros).isEqualTo(RECEIVED);
                        });
        d.decode(gapMarker("not json"), out);
        d.decode(
                gapMarker("{\"gap\":\"unrecoverable\",\"symbol\":\"BTCUSDT\",\"fromId\":\"x\"}"),
                out);
        d.decode(gapMarker("{\"gap\":\"unrecoverable\",\"symbol\":\"BTCUSDT\",\"fromId\":5}"), out);
        d.decode(
                gapMarker("{\"gap\":\"unrecoverable\",\"symbol\":\"btc\",\"fromId\":5,\"toId\":6}"),
                out);
        d.decode(
                gapMarker(
                        "{\"gap\":\"unrecoverable\",\"symbol\":\"BTCUSDT\",\"fromId\":9,\"toId\":6}"),
                out);
        d.decode(gapMarker("{\"gap\":\"recovered\"}"), out);
        assertThat(out.reasons)
                .containsExactly(
                        "MALFORMED",
                        "MALFORMED",
                        "MISSING_FIELD",
                        "BAD_SYMBOL",
                        "MALFORMED",
                        "UNKNOWN_MESSAGE");
        assertThat(out.gaps).hasSize(1);
    }

    private static RawFrame gapMarker(String json) {
        return frame(Venue.BINANCE, Encoding.JSON, Origin.GAP_MARKER, json.getBytes(UTF_8));
    }

    @Test
    void aNumberNoDecimalCanHoldIsMalformedNotADecoderFailure() {
        RecordingDecodeSink out = new RecordingDecodeSink();
        new FinnhubDecoder()
                .decode(
                        frame(
                                Venue.FINNHUB,
                                Encoding.JSON,
                                Origin.LIVE,
                                "{\"type\":\"trade\",\"data\":[{\"s\":\"AAPL\",\"p\":0e70000000000,\"t\":1,\"v\":1}]}"
                                        .getBytes(UTF_8)),
                        out);
        new BinanceRestDecoder(TradeRules.DEFAULTS)
                .decode(
                        frame(
                                Venue.BINANCE,
                                Encoding.JSON,
                                Origin.BACKFILL,
                                "{\"backfill\":\"historicalTrades\",\"symbol\":\"BTCUSDT\",\"trades\":[{\"time\":0e71000006000}]}"
                                        .getBytes(UTF_8)),
                        out);
        assertThat(out.reasons).containsExactly("MALFORMED", "MALFORMED");
    }
}
