package io.marketpipe.job.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import io.marketpipe.schemas.sbe.binance.BoolEnum;
import io.marketpipe.schemas.sbe.binance.MessageHeaderEncoder;
import io.marketpipe.schemas.sbe.binance.TradesStreamEventEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The README's reason precedence, for every required field of every venue's trades: MALFORMED, then
 * MISSING_FIELD, BAD_SYMBOL, BAD_PRICE, BAD_QUANTITY, BAD_TIMESTAMP, first that applies wins; and
 * the bounds that keep every accepted trade writable and the watermark safe.
 */
class DecoderPrecedenceTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long RECEIVED_MILLIS = T0 + 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The layouts of venues' trades as JSON objects, each with its field names. */
    enum Layout {
        BINANCE_JSON("s", "t", "p", "q", "T", "m", List.of("s", "t", "p", "q", "T", "m")),
        FINNHUB("s", null, "p", "v", "t", null, List.of("s", "p", "v", "t")),
        BINANCE_BACKFILL(
                null,
                "id",
                "price",
                "qty",
                "time",
                "isBuyerMaker",
                List.of("id", "price", "qty", "time", "isBuyerMaker"));

        final String symbol;
        final String id;
        final String price;
        final String quantity;
        final String time;
        final String maker;
        final List<String> required;

        Layout(
                String symbol,
                String id,
                String price,
                String quantity,
                String time,
                String maker,
                List<String> required) {
            this.symbol = symbol;
            this.id = id;
            this.price = price;
            this.quantity = quantity;
            this.time = time;
            this.maker = maker;
            this.required = required;
        }

        /** A valid trade's fields. */
        Map<String, Object> trade() {
            Map<String, Object> t = new LinkedHashMap<>();
            if (this == BINANCE_JSON) {
                t.put("e", "trade");
                t.put("E", T0 + 5);
            }
            if (symbol != null) {
                t.put(symbol, this == FINNHUB ? "BINANCE:BTCUSDT" : "BTCUSDT");
            }
            if (id != null) {
                t.put(id, 7);
            }
            t.put(price, this == FINNHUB ? (Object) 68000.5 : "68000.50000000");
            t.put(quantity, this == FINNHUB ? (Object) 0.25 : "0.25000000");
            t.put(time, T0);
            if (maker != null) {
                t.put(maker, false);
            }
            return t;
        }

        /** Every value a later rule checks made bad at once. */
        Map<String, Object> allBad() {
            Map<String, Object> t = trade();
            if (symbol != null) {
                t.put(symbol, "btc usdt");
            }
            t.put(price, "-1");
            t.put(quantity, "abc");
            t.put(time, 5);
            return t;
        }

        List<String> decode(Map<String, Object> trade, TradeRules rules) {
            return decode(trade, "BTCUSDT", rules);
        }

        List<String> decode(Map<String, Object> trade, String backfillSymbol) {
            return decode(trade, backfillSymbol, TradeRules.DEFAULTS);
        }

        List<String> decode(Map<String, Object> trade, String backfillSymbol, TradeRules rules) {
            try {
                String payload;
                Origin origin = Origin.LIVE;
                Venue venue = Venue.BINANCE;
                switch (this) {
                    case BINANCE_JSON:
                        payload = JSON.writeValueAsString(trade);
                        break;
                    case FINNHUB:
                        venue = Venue.FINNHUB;
                        payload =
                                JSON.writeValueAsString(
                                        Map.of("type", "trade", "data", List.of(trade)));
                        break;
                    default:
                        origin = Origin.BACKFILL;
                        payload =
                                JSON.writeValueAsString(
                                        Map.of(
                                                "backfill",
                                                "historicalTrades",
                                                "symbol",
                                                backfillSymbol,
                                                "trades",
                                                List.of(trade)));
                }
                return outcomes(
                        rules,
                        new RawFrame(
                                venue,
                                Encoding.JSON,
                                origin,
                                1,
                                1,
                                RECEIVED_MILLIS * 1_000,
                                payload.getBytes(UTF_8)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        List<String> decode(Map<String, Object> trade) {
            return decode(trade, "BTCUSDT");
        }
    }

    /** TRADE, or the quarantine reason, of each event the frame made. */
    private static List<String> outcomes(RawFrame frame) {
        return outcomes(TradeRules.DEFAULTS, frame);
    }

    private static List<String> outcomes(TradeRules rules, RawFrame frame) {
        List<String> out = new ArrayList<>();
        new FrameDecoder(rules).decode(frame, e -> out.add(outcome(e)));
        return out;
    }

    private static String outcome(MarketEvent e) {
        return e.kind == MarketEvent.Kind.QUARANTINED ? e.quarantined.reason.name() : e.kind.name();
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void aValidTradeIsATrade(Layout venue) {
        assertThat(venue.decode(venue.trade())).containsExactly("TRADE");
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void aMissingRequiredFieldIsMissingFieldWhateverElseIsBad(Layout venue) {
        for (String field : venue.required) {
            Map<String, Object> trade = venue.allBad();
            trade.remove(field);
            assertThat(venue.decode(trade)).as("without " + field).containsExactly("MISSING_FIELD");
            trade.put(field, null);
            assertThat(venue.decode(trade)).as(field + " null").containsExactly("MISSING_FIELD");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void laterReasonsFollowTheReadmeOrder(Layout venue) {
        Map<String, Object> trade = venue.allBad();
        Map<String, Object> valid = venue.trade();
        if (venue.symbol != null) {
            assertThat(venue.decode(trade)).containsExactly("BAD_SYMBOL");
            trade.put(venue.symbol, valid.get(venue.symbol));
        } else {
            assertThat(venue.decode(trade, "btc usdt")).containsExactly("BAD_SYMBOL");
        }
        assertThat(venue.decode(trade)).containsExactly("BAD_PRICE");
        trade.put(venue.price, valid.get(venue.price));
        assertThat(venue.decode(trade)).containsExactly("BAD_QUANTITY");
        trade.put(venue.quantity, valid.get(venue.quantity));
        assertThat(venue.decode(trade)).containsExactly("BAD_TIMESTAMP");
        trade.put(venue.time, "soon");
        assertThat(venue.decode(trade))
                .as("a time that is no number")
                .containsExactly("BAD_TIMESTAMP");
        trade.put(venue.time, valid.get(venue.time));
        assertThat(venue.decode(trade)).containsExactly("TRADE");
    }

    @ParameterizedTest
    @EnumSource(
            value = Layout.class,
            names = {"BINANCE_JSON", "BINANCE_BACKFILL"})
    void aBadIdOrMakerFlagIsMalformedBeforeAnythingElse(Layout venue) {
        Map<String, Object> trade = venue.allBad();
        trade.remove(venue.required.get(venue.required.size() - 2)); // the time: missing too
        trade.put(venue.id, "seven");
        assertThat(venue.decode(trade)).as("id").containsExactly("MALFORMED");
        trade.put(venue.id, -7);
        assertThat(venue.decode(trade)).as("negative id").containsExactly("MALFORMED");
        trade.put(venue.id, 7);
        trade.put(venue.maker, "no");
        assertThat(venue.decode(trade)).as("maker").containsExactly("MALFORMED");
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void aTradeDatedTooFarAfterItsReceiveTimeIsBadTimestamp(Layout venue) {
        Map<String, Object> trade = venue.trade();
        long limit = RECEIVED_MILLIS + TradeRules.DEFAULT_MAX_AHEAD_MILLIS;
        trade.put(venue.time, limit);
        if (venue == Layout.BINANCE_JSON) {
            trade.put("E", limit);
        }
        assertThat(venue.decode(trade)).containsExactly("TRADE");
        trade.put(venue.time, limit + 1);
        assertThat(venue.decode(trade)).containsExactly("BAD_TIMESTAMP");
        trade.put(venue.time, 4_000_000_000_000L); // 2096: what moved the watermark for good
        assertThat(venue.decode(trade)).containsExactly("BAD_TIMESTAMP");
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void aLiveTradeTooOldForItsReceiveTimeIsBadTimestampButNotInAReplay(Layout venue) {
        Map<String, Object> trade = venue.trade();
        long limit = RECEIVED_MILLIS - TradeRules.DEFAULT_MAX_BEHIND_MILLIS;
        trade.put(venue.time, limit);
        trade.put("E", limit); // read by Binance JSON only
        assertThat(venue.decode(trade)).containsExactly("TRADE");
        trade.put(venue.time, limit - 1);
        assertThat(venue.decode(trade)).containsExactly("BAD_TIMESTAMP");
        assertThat(venue.decode(trade, TradeRules.REPLAY)).containsExactly("TRADE");
    }

    @Test
    void aBinanceEventTimeTooFarAheadIsBadTimestampToo() {
        Map<String, Object> trade = Layout.BINANCE_JSON.trade();
        trade.put("E", RECEIVED_MILLIS + TradeRules.DEFAULT_MAX_AHEAD_MILLIS + 1);
        assertThat(Layout.BINANCE_JSON.decode(trade)).containsExactly("BAD_TIMESTAMP");
        trade.remove("E");
        assertThat(Layout.BINANCE_JSON.decode(trade)).as("E is optional").containsExactly("TRADE");
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void pricesQuantitiesAndNotionalsAreBoundedSoEverySinkCanHoldThem(Layout venue) {
        Map<String, Object> trade = venue.trade();
        trade.put(venue.price, "1000000000"); // the largest price
        trade.put(venue.quantity, "10000"); // and the largest notional, 10^13
        assertThat(venue.decode(trade)).containsExactly("TRADE");
        trade.put(venue.quantity, "10000.00000001");
        assertThat(venue.decode(trade)).as("notional").containsExactly("BAD_QUANTITY");
        trade.put(venue.price, "1000000000.00000001");
        assertThat(venue.decode(trade)).as("price").containsExactly("BAD_PRICE");
        trade.put(venue.price, "0.00000001");
        trade.put(venue.quantity, "10000000000"); // the largest quantity
        assertThat(venue.decode(trade)).containsExactly("TRADE");
        trade.put(venue.quantity, "10000000000.00000001");
        assertThat(venue.decode(trade)).as("quantity").containsExactly("BAD_QUANTITY");
        // what overflowed DECIMAL(38,16) in a bar before: two of these
        trade.put(venue.price, "92233720368.54775807");
        trade.put(venue.quantity, "1");
        assertThat(venue.decode(trade)).containsExactly("BAD_PRICE");
    }

    @Test
    void sbeTradesFollowTheSameOrderAndBounds() {
        // one frame's time, symbol and exponents; per trade: id, price and quantity mantissas
        assertThat(sbe("btc", T0 * 1_000, t -> t.add(7, 0, 0))).containsExactly("BAD_SYMBOL");
        assertThat(sbe("", T0 * 1_000, t -> t.add(7, 0, 0))).containsExactly("MISSING_FIELD");
        assertThat(sbe("BTCUSDT", 5, t -> t.add(-7, 0, 0))).containsExactly("MALFORMED");
        assertThat(sbe("BTCUSDT", 5, t -> t.add(7, 0, 0))).containsExactly("BAD_PRICE");
        assertThat(sbe("BTCUSDT", 5, t -> t.add(7, 100, 0))).containsExactly("BAD_QUANTITY");
        assertThat(sbe("BTCUSDT", 5, t -> t.add(7, 100, 100))).containsExactly("BAD_TIMESTAMP");
        long limit = (RECEIVED_MILLIS + TradeRules.DEFAULT_MAX_AHEAD_MILLIS) * 1_000;
        assertThat(sbe("BTCUSDT", limit, t -> t.add(7, 100, 100))).containsExactly("TRADE");
        assertThat(sbe("BTCUSDT", limit + 1_000, t -> t.add(7, 100, 100)))
                .containsExactly("BAD_TIMESTAMP");
        // exponent -2: 10^11 is a price of 10^9, the largest
        assertThat(sbe("BTCUSDT", T0 * 1_000, t -> t.add(7, 100_000_000_000L, 1)))
                .containsExactly("TRADE");
        assertThat(sbe("BTCUSDT", T0 * 1_000, t -> t.add(7, 100_000_000_001L, 1)))
                .containsExactly("BAD_PRICE");
        assertThat(sbe("BTCUSDT", T0 * 1_000, t -> t.add(7, 100_000_000_000L, 10_000_001)))
                .as("notional")
                .containsExactly("BAD_QUANTITY");
    }

    @Test
    void anSbeMakerFlagThatIsNeitherTrueNorFalseIsMalformed() {
        byte[] frame = sbeFrame("BTCUSDT", T0 * 1_000, t -> t.add(7, 100, 100));
        // the last entry's flag sits just before the symbol (a length byte and 7 characters)
        frame[frame.length - 9] = 85;
        List<MarketEvent> out = new ArrayList<>();
        new FrameDecoder()
                .decode(
                        new RawFrame(
                                Venue.BINANCE,
                                Encoding.SBE,
                                Origin.LIVE,
                                1,
                                1,
                                RECEIVED_MILLIS * 1_000,
                                frame),
                        out::add);
        assertThat(out)
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.quarantined.reason).isEqualTo(ReasonCode.MALFORMED);
                            // the SBE decoder's own verdict, not the guard's
                            assertThat(e.quarantined.detail).contains("isBuyerMaker 85");
                        });
    }

    @Test
    void archiveRowsFollowTheSameOrderAndBounds() {
        assertThat(archive("x,-1,abc,1,5,maybe,True")).containsExactly("MALFORMED");
        assertThat(archive("7,-1,abc,1,5,maybe,True")).containsExactly("MALFORMED");
        assertThat(archive("7,-1,abc,1,5,true,True")).containsExactly("BAD_PRICE");
        assertThat(archive("7,1.5,abc,1,5,true,True")).containsExactly("BAD_QUANTITY");
        assertThat(archive("7,1.5,2,3,5,true,True")).containsExactly("BAD_TIMESTAMP");
        assertThat(archive("7,1000000000.1,2,3," + T0 + ",true,True")).containsExactly("BAD_PRICE");
        assertThat(archive("7,1.5,2,3," + T0 + ",true,True")).containsExactly("TRADE");
        assertThat(archive("7,1.5,2," + T0 + ",true")).containsExactly("MISSING_FIELD");
    }

    private static List<String> archive(String row) {
        List<String> out = new ArrayList<>();
        new FrameDecoder()
                .decodeArchiveRow(
                        new RawFrame(
                                Venue.BINANCE,
                                Encoding.CSV,
                                Origin.ARCHIVE,
                                0,
                                1,
                                0,
                                row.getBytes(UTF_8)),
                        "BTCUSDT",
                        BinanceArchiveDecoder.Kind.TRADES,
                        e -> out.add(outcome(e)));
        return out;
    }

    /** Trades of one SBE frame: id, price mantissa (exponent -2), quantity mantissa (-3). */
    private static final class SbeTrades {
        final List<long[]> trades = new ArrayList<>();

        void add(long id, long price, long quantity) {
            trades.add(new long[] {id, price, quantity});
        }
    }

    private static List<String> sbe(
            String symbol, long transactMicros, Consumer<SbeTrades> trades) {
        return outcomes(
                new RawFrame(
                        Venue.BINANCE,
                        Encoding.SBE,
                        Origin.LIVE,
                        1,
                        1,
                        RECEIVED_MILLIS * 1_000,
                        sbeFrame(symbol, transactMicros, trades)));
    }

    private static byte[] sbeFrame(String symbol, long transactMicros, Consumer<SbeTrades> trades) {
        SbeTrades t = new SbeTrades();
        trades.accept(t);
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        MessageHeaderEncoder header = new MessageHeaderEncoder();
        TradesStreamEventEncoder e =
                new TradesStreamEventEncoder().wrapAndApplyHeader(buffer, 0, header);
        e.eventTime(transactMicros)
                .transactTime(transactMicros)
                .priceExponent((byte) -2)
                .qtyExponent((byte) -3);
        TradesStreamEventEncoder.TradesEncoder g = e.tradesCount(t.trades.size());
        for (long[] trade : t.trades) {
            g.next().id(trade[0]).price(trade[1]).qty(trade[2]).isBuyerMaker(BoolEnum.False);
        }
        e.symbol(symbol);
        return Arrays.copyOf(
                buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }
}
