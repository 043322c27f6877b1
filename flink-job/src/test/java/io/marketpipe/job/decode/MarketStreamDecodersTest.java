package io.marketpipe.job.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.BookUpdate;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.Kline;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import io.marketpipe.schemas.sbe.binance.DepthDiffStreamEventEncoder;
import io.marketpipe.schemas.sbe.binance.DepthSnapshotStreamEventEncoder;
import io.marketpipe.schemas.sbe.binance.MessageHeaderEncoder;
import java.util.Arrays;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Depth diffs, REST snapshots, aggTrades and klines, JSON and SBE, as Binance sends them. */
class MarketStreamDecodersTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long RECEIVED = (T0 + 1_000) * 1_000;

    private static RecordingDecodeSink decode(Encoding encoding, Origin origin, byte[] payload) {
        RecordingDecodeSink out = new RecordingDecodeSink();
        FrameDecoder decoder = new FrameDecoder();
        RawFrame frame = new RawFrame(Venue.BINANCE, encoding, origin, 1, 1, RECEIVED, payload);
        decoder.decode(
                frame,
                e -> {
                    switch (e.kind) {
                        case BOOK:
                            out.book(e.book);
                            break;
                        case AGG_TRADE:
                            out.aggTrade(e.aggTrade);
                            break;
                        case KLINE:
                            out.kline(e.kline);
                            break;
                        case QUARANTINED:
                            out.quarantine(e.quarantined.reason, e.quarantined.detail);
                            break;
                        default:
                            throw new AssertionError("unexpected " + e.kind);
                    }
                });
        return out;
    }

    private static RecordingDecodeSink json(String text) {
        return decode(Encoding.JSON, Origin.LIVE, text.getBytes(UTF_8));
    }

    private static long units(String text) {
        return Decimals.parse(text);
    }

    private static final String DIFF =
            "{\"e\":\"depthUpdate\",\"E\":"
                    + T0
                    + ",\"s\":\"BNBBTC\",\"U\":157,\"u\":160,"
                    + "\"b\":[[\"0.0024\",\"10\"],[\"0.0023\",\"0.00000000\"]],"
                    + "\"a\":[[\"0.0026\",\"100\"]]}";

    @Test
    void aJsonDepthDiffBecomesABookUpdateWithExactLevels() {
        for (String frame :
                new String[] {DIFF, "{\"stream\":\"bnbbtc@depth@100ms\",\"data\":" + DIFF + "}"}) {
            RecordingDecodeSink out = json(frame);

            assertThat(out.reasons).as(frame).isEmpty();
            BookUpdate u = out.books.get(0);
            assertThat(u.kind).isEqualTo(BookUpdate.Kind.DIFF);
            assertThat(u.symbol).isEqualTo("BNBBTC");
            assertThat(u.firstUpdateId).isEqualTo(157);
            assertThat(u.lastUpdateId).isEqualTo(160);
            assertThat(u.eventTime).isEqualTo(T0);
            assertThat(u.bidPrices).containsExactly(units("0.0024"), units("0.0023"));
            assertThat(u.bidQuantities).containsExactly(units("10"), 0);
            assertThat(u.askPrices).containsExactly(units("0.0026"));
            assertThat(u.askQuantities).containsExactly(units("100"));
        }
    }

    @Test
    void aRestSnapshotLineBecomesASnapshotDatedWhenItWasReceived() {
        RecordingDecodeSink out =
                json(
                        "{\"symbol\":\"BNBBTC\",\"snapshot\":{\"lastUpdateId\":1027024,"
                                + "\"bids\":[[\"4.00000000\",\"431.00000000\"]],"
                                + "\"asks\":[[\"4.00000200\",\"12.00000000\"]]}}");

        assertThat(out.reasons).isEmpty();
        BookUpdate u = out.books.get(0);
        assertThat(u.kind).isEqualTo(BookUpdate.Kind.SNAPSHOT);
        assertThat(u.lastUpdateId).isEqualTo(1027024);
        assertThat(u.firstUpdateId).isEqualTo(1027024);
        assertThat(u.eventTime).isEqualTo(RECEIVED / 1_000);
        assertThat(u.timeFromReceipt).isTrue();
        assertThat(u.bidPrices).containsExactly(units("4"));
        assertThat(u.askQuantities).containsExactly(units("12"));
    }

    @Test
    void oneBadLevelQuarantinesTheWholeDiff() {
        assertThat(json(DIFF.replace("\"0.0026\"", "\"-1\"")).reasons).containsExactly("BAD_PRICE");
        assertThat(json(DIFF.replace("\"100\"", "\"1e3\"")).reasons)
                .containsExactly("BAD_QUANTITY");
        assertThat(json(DIFF.replace("[\"0.0026\",\"100\"]", "[\"0.0026\"]")).reasons)
                .containsExactly("MALFORMED");
        assertThat(json(DIFF.replace("\"U\":157", "\"U\":161")).reasons)
                .containsExactly("MALFORMED");
        assertThat(json(DIFF.replace("\"u\":160", "\"u\":4611686018427387904")).reasons)
                .as("a diff over 2^62 ids would leave the book waiting for ids that never come")
                .containsExactly("MALFORMED");
        assertThat(json(DIFF.replace(",\"U\":157", "")).reasons).containsExactly("MISSING_FIELD");
        assertThat(json(DIFF.replace("\"BNBBTC\"", "\"bnb/btc\"")).reasons)
                .containsExactly("BAD_SYMBOL");
        assertThat(json(DIFF.replace("\"u\":160", "\"u\":160,\"u\":161")).reasons)
                .containsExactly("MALFORMED");
    }

    @Test
    void anAggTradeKeepsItsAggregateAndTradeIds() {
        RecordingDecodeSink out =
                json(
                        "{\"stream\":\"bnbbtc@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":"
                                + (T0 + 2)
                                + ",\"s\":\"BNBBTC\",\"a\":12345,\"p\":\"0.001\",\"q\":\"100\","
                                + "\"f\":100,\"l\":105,\"T\":"
                                + T0
                                + ",\"m\":true,\"M\":true}}");

        assertThat(out.reasons).isEmpty();
        assertThat(out.aggTrades)
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.aggregateId).isEqualTo(12345);
                            assertThat(a.firstTradeId).isEqualTo(100);
                            assertThat(a.lastTradeId).isEqualTo(105);
                            assertThat(a.price).isEqualTo(units("0.001"));
                            assertThat(a.quantity).isEqualTo(units("100"));
                            assertThat(a.tradeTime).isEqualTo(T0);
                            assertThat(a.buyerIsMaker).isTrue();
                        });
    }

    @Test
    void anAggregateOfTooManyTradesOrTooMuchMoneyIsQuarantined() {
        String frame =
                "{\"stream\":\"bnbbtc@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":"
                        + (T0 + 2)
                        + ",\"s\":\"BNBBTC\",\"a\":1,\"p\":\"0.001\",\"q\":\"100\","
                        + "\"f\":100,\"l\":105,\"T\":"
                        + T0
                        + ",\"m\":true,\"M\":true}}";
        // its trades go into the bars one id at a time: 2^62 of them would never end
        assertThat(json(frame.replace("\"l\":105", "\"l\":4611686018427387904")).reasons)
                .containsExactly("MALFORMED");
        // 100..32867 is 32,768 trades, the most; one more is too many
        assertThat(json(frame.replace("\"l\":105", "\"l\":32867")).reasons).isEmpty();
        assertThat(json(frame.replace("\"l\":105", "\"l\":32868")).reasons)
                .containsExactly("MALFORMED");
        assertThat(
                        json(frame.replace("\"p\":\"0.001\"", "\"p\":\"900000000\"")
                                        .replace("\"q\":\"100\"", "\"q\":\"9000000\""))
                                .reasons)
                .containsExactly("BAD_QUANTITY");
    }

    private static String kline(boolean closed, String high) {
        return "{\"e\":\"kline\",\"E\":"
                + (T0 + 500)
                + ",\"s\":\"BNBBTC\",\"k\":{\"t\":"
                + T0
                + ",\"T\":"
                + (T0 + 59_999)
                + ",\"s\":\"BNBBTC\",\"i\":\"1m\",\"f\":100,\"L\":200,\"o\":\"0.0010\","
                + "\"c\":\"0.0020\",\"h\":\""
                + high
                + "\",\"l\":\"0.0010\",\"v\":\"1000\",\"n\":100,\"x\":"
                + closed
                + ",\"q\":\"1.0000\",\"V\":\"500\",\"Q\":\"0.500\",\"B\":\"123456\"}}";
    }

    @Test
    void aKlineIsDecodedOpenOrClosed() {
        RecordingDecodeSink out = json(kline(true, "0.0025"));

        assertThat(out.reasons).isEmpty();
        Kline k = out.klines.get(0);
        assertThat(k.closed).isTrue();
        assertThat(k.interval).isEqualTo("1m");
        assertThat(k.openTime).isEqualTo(T0);
        assertThat(k.high).isEqualTo(units("0.0025"));
        assertThat(k.volume).isEqualTo(units("1000"));
        assertThat(k.quoteVolume).isEqualTo("1.00000000");
        assertThat(k.tradeCount).isEqualTo(100);
        assertThat(json(kline(false, "0.0025")).klines.get(0).closed).isFalse();
        assertThat(json(kline(true, "0.0015")).reasons).containsExactly("BAD_PRICE");
    }

    private static byte[] sbeDiff(long first, long last, long[] bidMantissas, int qtyMantissa) {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        DepthDiffStreamEventEncoder e =
                new DepthDiffStreamEventEncoder()
                        .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        e.eventTime(T0 * 1000 + 7)
                .firstBookUpdateId(first)
                .lastBookUpdateId(last)
                .priceExponent((byte) -2)
                .qtyExponent((byte) -3);
        DepthDiffStreamEventEncoder.BidsEncoder bids = e.bidsCount(bidMantissas.length);
        for (long m : bidMantissas) {
            bids.next().price(m).qty(qtyMantissa);
        }
        e.asksCount(1).next().price(6_900_000).qty(0);
        e.symbol("BTCUSDT");
        return Arrays.copyOf(
                buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    @Test
    void anSbeDepthDiffBecomesABookUpdateInMilliseconds() {
        RecordingDecodeSink out =
                decode(
                        Encoding.SBE,
                        Origin.LIVE,
                        sbeDiff(10, 12, new long[] {6_800_012, 6_800_011}, 1_500));

        assertThat(out.reasons).isEmpty();
        BookUpdate u = out.books.get(0);
        assertThat(u.kind).isEqualTo(BookUpdate.Kind.DIFF);
        assertThat(u.symbol).isEqualTo("BTCUSDT");
        assertThat(u.firstUpdateId).isEqualTo(10);
        assertThat(u.lastUpdateId).isEqualTo(12);
        assertThat(u.eventTime).isEqualTo(T0);
        assertThat(u.bidPrices).containsExactly(units("68000.12"), units("68000.11"));
        assertThat(u.bidQuantities).containsExactly(units("1.5"), units("1.5"));
        assertThat(u.askPrices).containsExactly(units("69000"));
        assertThat(u.askQuantities).containsExactly(0);
        assertThat(decode(Encoding.SBE, Origin.LIVE, sbeDiff(10, 12, new long[] {-5}, 1)).reasons)
                .containsExactly("BAD_PRICE");
        assertThat(decode(Encoding.SBE, Origin.LIVE, sbeDiff(12, 10, new long[] {5}, 1)).reasons)
                .containsExactly("MALFORMED");
    }

    @Test
    void anSbeDepthSnapshotIsTheTop20AsOfOneUpdateId() {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        DepthSnapshotStreamEventEncoder e =
                new DepthSnapshotStreamEventEncoder()
                        .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        e.eventTime(T0 * 1000).bookUpdateId(99).priceExponent((byte) 0).qtyExponent((byte) 0);
        e.bidsCount(2).next().price(10).qty(1).next().price(9).qty(2);
        e.asksCount(1).next().price(11).qty(3);
        e.symbol("BTCUSDT");
        byte[] payload =
                Arrays.copyOf(
                        buffer.byteArray(),
                        MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());

        RecordingDecodeSink out = decode(Encoding.SBE, Origin.LIVE, payload);

        assertThat(out.reasons).isEmpty();
        BookUpdate u = out.books.get(0);
        assertThat(u.kind).isEqualTo(BookUpdate.Kind.TOP20);
        assertThat(u.lastUpdateId).isEqualTo(99);
        assertThat(u.bidPrices).containsExactly(units("10"), units("9"));
        assertThat(u.askQuantities).containsExactly(units("3"));
    }

    /** What a decoder said, in order, comparable. */
    private static List<String> said(BinanceJsonDecoder decoder, String json) {
        RecordingDecodeSink out = new RecordingDecodeSink();
        decoder.decode(
                new RawFrame(
                        Venue.BINANCE,
                        Encoding.JSON,
                        Origin.LIVE,
                        1,
                        1,
                        RECEIVED,
                        json.getBytes(UTF_8)),
                out);
        List<String> said = new java.util.ArrayList<>();
        out.books.forEach(
                b ->
                        said.add(
                                b
                                        + Arrays.toString(b.bidPrices)
                                        + Arrays.toString(b.bidQuantities)
                                        + Arrays.toString(b.askPrices)
                                        + Arrays.toString(b.askQuantities)));
        for (int i = 0; i < out.reasons.size(); i++) {
            said.add(out.reasons.get(i) + ": " + out.details.get(i));
        }
        out.trades.forEach(t -> said.add("trade " + t));
        return said;
    }

    @Test
    void theDirectDepthPathSaysWhatTheGeneralPathSaysOfEveryFrame() {
        String combined = "{\"stream\":\"bnbbtc@depth@100ms\",\"data\":" + DIFF + "}";
        List<String> frames =
                List.of(
                        DIFF,
                        combined,
                        combined.replace("}}", "},\"b\":[[\"1\",\"1\"]]}"),
                        DIFF + " x",
                        DIFF.replace("\"0.0026\"", "\"-1\""),
                        DIFF.replace("\"u\":160", "\"u\":160,\"u\":161"),
                        DIFF.replace(",\"U\":157", ""),
                        DIFF.replace("\"s\":\"BNBBTC\"", "\"s\":7"),
                        DIFF.replace("\"E\":" + T0, "\"E\":\"soon\""),
                        "{\"e\":\"trade\",\"E\":1,\"s\":\"BNBBTC\",\"x\":\"\\\"e\\\":\\\"depthUpdate\\\"\"}",
                        "{\"e\":[\"depthUpdate\"],\"U\":1}",
                        "[" + DIFF + "]");
        for (String frame : frames) {
            assertThat(said(new BinanceJsonDecoder(TradeRules.DEFAULTS, true), frame))
                    .as(frame)
                    .isEqualTo(said(new BinanceJsonDecoder(TradeRules.DEFAULTS, false), frame))
                    .isNotEmpty();
        }
    }
}
