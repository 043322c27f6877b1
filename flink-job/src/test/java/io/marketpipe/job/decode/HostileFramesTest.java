package io.marketpipe.job.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.Text;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import io.marketpipe.schemas.sbe.binance.BestBidAskStreamEventEncoder;
import io.marketpipe.schemas.sbe.binance.BoolEnum;
import io.marketpipe.schemas.sbe.binance.MessageHeaderEncoder;
import io.marketpipe.schemas.sbe.binance.TradesStreamEventEncoder;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The findings of an adversarial review of the decoders, one test each: hostile frames that once
 * stopped the job, switched a guard off or put a hostile trade under a real instrument.
 */
class HostileFramesTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long RECEIVED = (T0 + 1_000) * 1_000;

    /** 2099-06-13, inside [2010, 2100) but far after any receive time. */
    private static final long Y2099 = 4_084_876_800_000L;

    private final FrameDecoder decoder = new FrameDecoder();

    private List<MarketEvent> decode(Venue venue, Encoding encoding, Origin origin, byte[] b) {
        List<MarketEvent> events = new ArrayList<>();
        decoder.decode(new RawFrame(venue, encoding, origin, 1, 1, RECEIVED, b), events::add);
        return events;
    }

    private List<MarketEvent> binance(byte[] frame) {
        return decode(Venue.BINANCE, Encoding.JSON, Origin.LIVE, frame);
    }

    private List<MarketEvent> binance(String frame) {
        return binance(frame.getBytes(UTF_8));
    }

    private List<MarketEvent> finnhub(byte[] frame) {
        return decode(Venue.FINNHUB, Encoding.JSON, Origin.LIVE, frame);
    }

    private List<MarketEvent> finnhub(String frame) {
        return finnhub(frame.getBytes(UTF_8));
    }

    private static List<String> reasons(List<MarketEvent> events) {
        return events.stream()
                .map(e -> e.kind == MarketEvent.Kind.QUARANTINED ? e.quarantined.reason.name() : "")
                .filter(r -> !r.isEmpty())
                .collect(Collectors.toList());
    }

    private static String detail(List<MarketEvent> events) {
        return events.get(0).quarantined.detail;
    }

    private static String trade(String symbol, String price) {
        return "{\"e\":\"trade\",\"E\":"
                + T0
                + ",\"s\":\""
                + symbol
                + "\",\"t\":7,\"p\":\""
                + price
                + "\",\"q\":\"1.5\",\"T\":"
                + T0
                + ",\"m\":true,\"M\":true}";
    }

    private static byte[] concat(String before, byte[] bytes, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(after.getBytes(UTF_8));
        return out.toByteArray();
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    // 1 and 9: strict UTF-8 before any parser; copied text escaped

    @Test
    void quarantinesSurrogatesAndCodePointsAboveTheUnicodeRangeAsMalformed() {
        String head = "{\"e\":\"trade\",\"E\":" + T0 + ",\"s\":\"BTC";
        String tail =
                "\",\"t\":7,\"p\":\"1.5\",\"q\":\"1.5\",\"T\":" + T0 + ",\"m\":true,\"M\":true}";
        for (byte[] hostile : List.of(bytes(0xED, 0xA0, 0x80), bytes(0xF4, 0x90, 0x80, 0x80))) {
            List<MarketEvent> events = binance(concat(head, hostile, tail));
            assertThat(reasons(events)).containsExactly("MALFORMED");
            assertThat(detail(events)).contains("not strict UTF-8 at byte");
            List<MarketEvent> finnhub =
                    finnhub(
                            concat(
                                    "{\"type\":\"trade\",\"data\":[{\"s\":\"AAP",
                                    hostile,
                                    "\",\"p\":1.5,\"v\":1,\"t\":" + T0 + "}]}"));
            assertThat(reasons(finnhub)).containsExactly("MALFORMED");
        }
    }

    @Test
    void readsNoOverlongFormAsTheLetterItSpellsOnAnyPath() {
        // BTCUSD + overlong T, a price with an overlong 0, a key that is an overlong "p"
        List<byte[]> frames =
                List.of(
                        concat(
                                "{\"e\":\"trade\",\"E\":" + T0 + ",\"s\":\"BTCUSD",
                                bytes(0xC1, 0x94),
                                "\",\"t\":7,\"p\":\"1.5\",\"q\":\"1\",\"T\":"
                                        + T0
                                        + ",\"m\":true}"),
                        concat(
                                "{\"e\":\"trade\",\"E\":" + T0 + ",\"s\":\"BTCUSDT\",\"t\":7,",
                                bytes(0x22, 0xC1, 0xB0, 0x22),
                                ":\"1.5\",\"q\":\"1\",\"T\":" + T0 + ",\"m\":true}"),
                        concat(
                                "{\"e\":\"trade\",\"E\":"
                                        + T0
                                        + ",\"s\":\"BTCUSDT\",\"t\":7,\"p\":\"67000.0",
                                bytes(0xC0, 0xB0),
                                "\",\"q\":\"1\",\"T\":" + T0 + ",\"m\":true}"),
                        concat(
                                "{\"e\":\"trade\",\"E\":" + T0 + ",\"s\":\"BTCUSD",
                                bytes(0xE0, 0x81, 0x94),
                                "\",\"t\":7,\"p\":\"1.5\",\"q\":\"1\",\"T\":"
                                        + T0
                                        + ",\"m\":true}"));
        for (byte[] frame : frames) {
            assertThat(reasons(binance(frame))).containsExactly("MALFORMED");
            // the same bytes in a recorded capture are the same frame
            byte[] line = concat("BINANCE\tJSON\tLIVE\t" + RECEIVED + "\t", frame, "");
            List<MarketEvent> recorded = new ArrayList<>();
            decoder.decode(
                    io.marketpipe.job.source.CaptureLine.parse(
                            io.marketpipe.job.source.CaptureLine.Format.RECORDED,
                            line,
                            1,
                            RECEIVED + 1_000_000),
                    recorded::add);
            assertThat(reasons(recorded)).containsExactly("MALFORMED");
        }
        List<MarketEvent> aapl =
                finnhub(
                        concat(
                                "{\"type\":\"trade\",\"data\":[{\"s\":\"AAP",
                                bytes(0xC1, 0x8C),
                                "\",\"p\":1.5,\"v\":1,\"t\":" + T0 + "}]}"));
        assertThat(reasons(aapl)).containsExactly("MALFORMED");
    }

    @Test
    void escapesHostileTextCopiedIntoADetailSoEveryEncoderCanWriteIt() {
        // valid UTF-8 bytes, but JSON's own escape makes a lone surrogate, and ESC a terminal code
        List<MarketEvent> events = binance(trade("\\ud800\\u001b[31mX", "1.5"));
        assertThat(reasons(events)).containsExactly("BAD_SYMBOL");
        assertThat(detail(events)).contains("\\ud800\\u001b[31mX");
        assertThat(Text.wellFormed(detail(events))).isTrue();
        assertThat(detail(events).chars().allMatch(c -> c >= 0x20 && c < 0x7F)).isTrue();
    }

    // 2: a frame's records are bounded and its digest taken once

    /**
     * A frame of N bad elements costs O(N): its payload is hashed once and it gives a bounded
     * number of records, up to the largest frame the source accepts (a capture line of 4 MiB; a
     * Kinesis record holds 1 MiB). Before, 350,000 elements in 1 MiB ran for about ten minutes.
     */
    @Test
    void framesOfBadElementsUpToTheLargestLineCostOnePassAndABoundedNumberOfRecords() {
        for (int size : new int[] {1 << 20, 4 << 20}) {
            StringBuilder json = new StringBuilder("{\"type\":\"trade\",\"data\":[{}");
            while (json.length() < size - 10) {
                json.append(",{}");
            }
            json.append("]}");
            int elements = (json.length() - 24) / 3;
            long start = System.nanoTime();
            List<MarketEvent> events = finnhub(json.toString());
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;

            assertThat(seconds).as("seconds for " + size + " bytes").isLessThan(60);
            assertThat(events).hasSize(FrameDecoder.MAX_RECORDS_PER_FRAME + 1);
            assertThat(events.get(events.size() - 1).quarantined.detail)
                    .startsWith(
                            (elements - FrameDecoder.MAX_RECORDS_PER_FRAME) + " more bad elements")
                    .contains("MISSING_FIELD=");
            assertThat(events.stream().filter(e -> e.firstOfFrame)).hasSize(1);
        }
    }

    @Test
    void anSbeFrameOfTwentyThousandBadPricesIsBoundedToo() {
        long[] prices = new long[20_000];
        Arrays.fill(prices, -1);
        List<MarketEvent> events =
                decode(Venue.BINANCE, Encoding.SBE, Origin.LIVE, sbeTrades(T0 * 1_000, prices));
        assertThat(events).hasSize(FrameDecoder.MAX_RECORDS_PER_FRAME + 1);
        assertThat(reasons(events)).containsOnly("BAD_PRICE");
    }

    // 6: quotes have the trades' time rules

    @Test
    void quarantinesQuotesDatedOutsideTheTradeTimeRules() {
        for (String e : List.of("-5", "0", "2009", "100000000000000000", String.valueOf(Y2099))) {
            String ticker =
                    "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":1,\"E\":"
                            + e
                            + ",\"s\":\"BTCUSDT\",\"b\":\"1.0\",\"B\":\"1\",\"a\":\"1.1\",\"A\":\"1\"}}";
            assertThat(reasons(binance(ticker))).as(e).containsExactly("BAD_TIMESTAMP");
        }
        assertThat(
                        reasons(
                                decode(
                                        Venue.BINANCE,
                                        Encoding.SBE,
                                        Origin.LIVE,
                                        sbeBestBidAsk(Y2099 * 1_000))))
                .containsExactly("BAD_TIMESTAMP");
    }

    // 7: a combined-stream frame's trade is its data, whole and alone

    @Test
    void membersBesideACombinedFramesDataNeverReachItsTrade() {
        String data = trade("BTCUSDT", "67000");
        List<MarketEvent> events =
                binance(
                        "{\"stream\":\"btcusdt@trade\",\"data\":"
                                + data
                                + ",\"p\":\"1.00000000\",\"s\":\"ETHUSDT\",\"t\":1}");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).trade.price).isEqualTo(67_000L * 100_000_000L);
        assertThat(events.get(0).trade.symbol).isEqualTo("BTCUSDT");
        assertThat(events.get(0).trade.tradeId).isEqualTo(7);
        // a raw trade with a "data" member is not merged with it
        String nested =
                trade("BTCUSDT", "67000").replace(",\"M\":true}", ",\"data\":{\"p\":\"1.0\"}}");
        assertThat(reasons(binance(nested))).containsExactly("UNKNOWN_MESSAGE");
    }

    // 8: duplicate names are MALFORMED on every path

    @Test
    void quarantinesANameGivenTwiceOnEveryPath() {
        assertThat(reasons(binance(trade("BTCUSDT", "1.5").replace("\"q\"", "\"p\""))))
                .containsExactly("MALFORMED");
        assertThat(
                        reasons(
                                binance(
                                        "{\"stream\":\"x\",\"data\":"
                                                + trade("BTCUSDT", "1.5")
                                                        .replace(",\"M\":true", ",\"t\":8"))))
                .containsExactly("MALFORMED");
        assertThat(
                        reasons(
                                finnhub(
                                        "{\"type\":\"trade\",\"data\":[{\"s\":\"AAPL\",\"p\":1,"
                                                + "\"p\":2,\"v\":1,\"t\":"
                                                + T0
                                                + "}]}")))
                .containsExactly("MALFORMED");
        assertThat(
                        reasons(
                                decode(
                                        Venue.BINANCE,
                                        Encoding.JSON,
                                        Origin.BACKFILL,
                                        ("{\"backfill\":\"historicalTrades\",\"symbol\":\"BTCUSDT\","
                                                        + "\"trades\":[{\"id\":1,\"id\":2,\"price\":\"1\",\"qty\":\"1\","
                                                        + "\"time\":"
                                                        + T0
                                                        + ",\"isBuyerMaker\":true}]}")
                                                .getBytes(UTF_8))))
                .containsExactly("MALFORMED");
        assertThat(
                        reasons(
                                decode(
                                        Venue.BINANCE,
                                        Encoding.JSON,
                                        Origin.GAP_MARKER,
                                        ("{\"gap\":\"unrecoverable\",\"symbol\":\"BTCUSDT\",\"fromId\":1,"
                                                        + "\"toId\":2,\"toId\":9}")
                                                .getBytes(UTF_8))))
                .containsExactly("MALFORMED");
    }

    // 10: nothing is case-folded into a symbol it was not

    @Test
    void foldsOnlyAsciiLettersIntoAFinnhubSymbol() {
        for (String hostile : List.of("ſPY", "AAPLﬀ", "ＡＡＰＬ")) {
            List<MarketEvent> events =
                    finnhub(
                            "{\"type\":\"trade\",\"data\":[{\"s\":\""
                                    + hostile
                                    + "\",\"p\":1.5,\"v\":1,\"t\":"
                                    + T0
                                    + "}]}");
            assertThat(reasons(events)).as(hostile).containsExactly("BAD_SYMBOL");
        }
        List<MarketEvent> fine =
                finnhub(
                        "{\"type\":\"trade\",\"data\":[{\"s\":\"binance:btc_usdt\",\"p\":1.5,\"v\":1,\"t\":"
                                + T0
                                + "}]}");
        assertThat(fine.get(0).trade.symbol).isEqualTo("BTCUSDT");
        // a dotless i is a letter: ıBM is a symbol of its own, never folded into IBM
        List<MarketEvent> own =
                finnhub(
                        "{\"type\":\"trade\",\"data\":[{\"s\":\"ıbm\",\"p\":1.5,\"v\":1,\"t\":"
                                + T0
                                + "}]}");
        assertThat(own.get(0).trade.symbol).isEqualTo("ıBM");
    }

    // 12: a field of the wrong type is bad, not missing, and never a symbol

    @Test
    void aSymbolThatIsNoStringIsBadOnEveryPath() {
        assertThat(reasons(binance(trade("BTCUSDT", "1.5").replace("\"BTCUSDT\"", "12345"))))
                .containsExactly("BAD_SYMBOL");
        assertThat(reasons(binance(trade("BTCUSDT", "1.5").replace("\"BTCUSDT\"", "[\"A\"]"))))
                .containsExactly("BAD_SYMBOL");
        assertThat(reasons(binance(trade("BTCUSDT", "1.5").replace("\"1.5\"", "{\"x\":1}"))))
                .containsExactly("BAD_PRICE");
        // a time, id or flag of the wrong type is bad too, not missing
        assertThat(reasons(binance(trade("BTCUSDT", "1.5").replace(",\"T\":" + T0, ",\"T\":[1]"))))
                .containsExactly("BAD_TIMESTAMP");
        assertThat(reasons(binance(trade("BTCUSDT", "1.5").replace(",\"t\":7", ",\"t\":{}"))))
                .containsExactly("MALFORMED");
        assertThat(reasons(binance(trade("BTCUSDT", "1.5").replace("\"m\":true", "\"m\":[]"))))
                .containsExactly("MALFORMED");
        assertThat(
                        reasons(
                                finnhub(
                                        "{\"type\":\"trade\",\"data\":[{\"s\":12345,\"p\":1.5,\"v\":1,\"t\":"
                                                + T0
                                                + "}]}")))
                .containsExactly("BAD_SYMBOL");
        assertThat(
                        reasons(
                                decode(
                                        Venue.BINANCE,
                                        Encoding.JSON,
                                        Origin.GAP_MARKER,
                                        "{\"gap\":\"unrecoverable\",\"symbol\":12345,\"fromId\":1,\"toId\":2}"
                                                .getBytes(UTF_8))))
                .containsExactly("BAD_SYMBOL");
        assertThat(
                        reasons(
                                decode(
                                        Venue.BINANCE,
                                        Encoding.JSON,
                                        Origin.BACKFILL,
                                        ("{\"backfill\":\"historicalTrades\",\"symbol\":12345,"
                                                        + "\"trades\":[]}")
                                                .getBytes(UTF_8))))
                .containsExactly("BAD_SYMBOL");
    }

    // 13: digits are ASCII

    @Test
    void readsNoOtherScriptsDigitsAsAPrice() {
        for (String price : List.of("２２７.４１", "٢٢٧", "२२७")) {
            List<MarketEvent> events =
                    finnhub(
                            "{\"type\":\"trade\",\"data\":[{\"s\":\"AAPL\",\"p\":\""
                                    + price
                                    + "\",\"v\":1,\"t\":"
                                    + T0
                                    + "}]}");
            assertThat(reasons(events)).as(price).containsExactly("BAD_PRICE");
        }
    }

    // 14 and 15: SBE root blocks and event times

    @Test
    void quarantinesAnSbeRootBlockShorterThanTheSchemas() {
        byte[] frame = sbeTrades(T0 * 1_000, 6_800_000);
        frame[0] = 16; // the header's blockLength, little-endian
        frame[1] = 0;
        List<MarketEvent> events = decode(Venue.BINANCE, Encoding.SBE, Origin.LIVE, frame);
        assertThat(reasons(events)).containsExactly("MALFORMED");
        assertThat(detail(events)).contains("shorter than the schema's");
    }

    @Test
    void quarantinesAnSbeTradeWhoseEventTimeIsFarAhead() {
        List<MarketEvent> events =
                decode(
                        Venue.BINANCE,
                        Encoding.SBE,
                        Origin.LIVE,
                        sbeTrades(Y2099 * 1_000, 6_800_000));
        assertThat(reasons(events)).containsExactly("BAD_TIMESTAMP");
    }

    // 16: a gap's count is a long

    @Test
    void quarantinesAGapWhoseCountNoLongHolds() {
        List<MarketEvent> events =
                decode(
                        Venue.BINANCE,
                        Encoding.JSON,
                        Origin.GAP_MARKER,
                        ("{\"gap\":\"unrecoverable\",\"symbol\":\"BTCUSDT\",\"fromId\":0,\"toId\":"
                                        + Long.MAX_VALUE
                                        + "}")
                                .getBytes(UTF_8));
        assertThat(reasons(events)).containsExactly("MALFORMED");
        List<MarketEvent> widest =
                decode(
                        Venue.BINANCE,
                        Encoding.JSON,
                        Origin.GAP_MARKER,
                        ("{\"gap\":\"unrecoverable\",\"symbol\":\"BTCUSDT\",\"fromId\":1,\"toId\":"
                                        + Long.MAX_VALUE
                                        + "}")
                                .getBytes(UTF_8));
        assertThat(widest.get(0).gap.tradeCount()).isEqualTo(Long.MAX_VALUE);
    }

    // a neighbour: history rows read numbers and flags as leniently as Finnhub read prices

    @Test
    void readsAHistoryRowsIdsTimesAndFlagsAsAsciiOnly() {
        String good = "1001,67000.5,0.25,16750.125," + T0 + ",true,true";
        for (String hostile :
                List.of(
                        "١٠٠١,67000.5,0.25,16750.125," + T0 + ",true,true",
                        "1001,67000.5,0.25,16750.125,١٧٠٠٠٠٠٠٠٠٠٠٠,true,true",
                        "+1001,67000.5,0.25,16750.125," + T0 + ",true,true",
                        "1001,67000.5,0.25,16750.125," + T0 + ",falſe,true")) {
            List<MarketEvent> events = new ArrayList<>();
            decoder.decodeArchiveRow(
                    new RawFrame(
                            Venue.BINANCE,
                            Encoding.CSV,
                            Origin.ARCHIVE,
                            0,
                            1,
                            0,
                            hostile.getBytes(UTF_8)),
                    "BTCUSDT",
                    BinanceArchiveDecoder.Kind.TRADES,
                    events::add);
            assertThat(events).as(hostile).allMatch(e -> e.kind == MarketEvent.Kind.QUARANTINED);
        }
        List<MarketEvent> events = new ArrayList<>();
        decoder.decodeArchiveRow(
                new RawFrame(
                        Venue.BINANCE, Encoding.CSV, Origin.ARCHIVE, 0, 1, 0, good.getBytes(UTF_8)),
                "BTCUSDT",
                BinanceArchiveDecoder.Kind.TRADES,
                events::add);
        assertThat(events.get(0).trade.tradeId).isEqualTo(1001);
    }

    private static byte[] sbeTrades(long eventMicros, long... priceMantissas) {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 + 25 * priceMantissas.length]);
        MessageHeaderEncoder header = new MessageHeaderEncoder();
        TradesStreamEventEncoder e =
                new TradesStreamEventEncoder().wrapAndApplyHeader(buffer, 0, header);
        e.eventTime(eventMicros)
                .transactTime(T0 * 1000)
                .priceExponent((byte) -2)
                .qtyExponent((byte) -3);
        TradesStreamEventEncoder.TradesEncoder g = e.tradesCount(priceMantissas.length);
        for (int i = 0; i < priceMantissas.length; i++) {
            g.next().id(500 + i).price(priceMantissas[i]).qty(1_500).isBuyerMaker(BoolEnum.True);
        }
        e.symbol("BTCUSDT");
        return Arrays.copyOf(
                buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    private static byte[] sbeBestBidAsk(long eventMicros) {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        BestBidAskStreamEventEncoder e =
                new BestBidAskStreamEventEncoder()
                        .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        e.eventTime(eventMicros)
                .bookUpdateId(77)
                .priceExponent((byte) -2)
                .qtyExponent((byte) 0)
                .bidPrice(6_800_000)
                .bidQty(3)
                .askPrice(6_800_001)
                .askQty(4)
                .symbol("BTCUSDT");
        return Arrays.copyOf(
                buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }
}
