package io.marketpipe.job.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.AggTrade;
import io.marketpipe.job.model.BookUpdate;
import io.marketpipe.job.model.Gap;
import io.marketpipe.job.model.Kline;
import io.marketpipe.job.model.Quote;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The JSON decoder's fast path (Binance's own trade layout, read from bytes) gives exactly what the
 * general parser gives, for frames in the layout with every kind of value, good and bad, and for
 * frames just outside it.
 */
class BinanceJsonFastPathTest {
    private static final long T = 1_700_000_000_122L;

    private static final String[] SYMBOLS = {
        "BTCUSDT",
        "ETHUSDT",
        "1INCHUSDT",
        "btcusdt",
        "B",
        "ABCDEFGHIJKLMNOPQRSTU",
        "BTC-USD",
        "",
        "BTC USDT",
        "BTCÜSDT",
        "BTC\\u0055SDT",
        "ABCDEFGHIJKLMNOPQRST"
    };
    private static final String[] DECIMALS = {
        "68000.12000000",
        "0.00150000",
        "1",
        "0",
        "0.00000000",
        "0.00000001",
        "-1",
        "+1",
        "1e5",
        "1.123456789",
        "1.123456780",
        "00.1",
        ".5",
        "5.",
        ".",
        "",
        "1000000000",
        "1000000000.00000001",
        "10000000000",
        "10000000000.00000001",
        "99999999999999999999",
        "92233720368.54775807",
        "1..2",
        "１",
        "0x10",
        " 1",
        "1 "
    };
    private static final String[] INTEGERS = {
        Long.toString(T),
        Long.toString(T + 5),
        Long.toString(T * 1000),
        Long.toString(T + 86_400_000L),
        Long.toString(T - 8 * 86_400_000L),
        "0",
        "1",
        "0123",
        "-1",
        "123456789012345678",
        "1234567890123456789",
        "99999999999999999999",
        "1.5",
        "1e3",
        "\"1700000000122\"",
        "null",
        "4102444800000",
        "1262304000000",
        "1262303999999"
    };
    private static final String[] BOOLEANS = {"true", "false", "\"true\"", "1", "null"};

    private final Random random = new Random(20261130);

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String trade(
            String e, String s, String t, String p, String q, String tt, String m) {
        return "{\"e\":\"trade\",\"E\":"
                + e
                + ",\"s\":\""
                + s
                + "\",\"t\":"
                + t
                + ",\"p\":\""
                + p
                + "\",\"q\":\""
                + q
                + "\",\"T\":"
                + tt
                + ",\"m\":"
                + m
                + ",\"M\":true}";
    }

    @Test
    void bothPathsAgreeOnEveryValueInTheLayout() {
        int fast = 0;
        for (int n = 0; n < 60_000; n++) {
            String body =
                    trade(
                            random.nextInt(4) == 0 ? pick(INTEGERS) : Long.toString(T + 1),
                            random.nextInt(3) == 0 ? pick(SYMBOLS) : "BTCUSDT",
                            random.nextInt(4) == 0 ? pick(INTEGERS) : Long.toString(n),
                            random.nextInt(2) == 0 ? pick(DECIMALS) : "68000.12",
                            random.nextInt(2) == 0 ? pick(DECIMALS) : "0.0015",
                            random.nextInt(3) == 0 ? pick(INTEGERS) : Long.toString(T),
                            random.nextInt(4) == 0 ? pick(BOOLEANS) : "false");
            String frame =
                    random.nextBoolean()
                            ? body
                            : "{\"stream\":\"btcusdt@trade\",\"data\":" + body + "}";
            long received =
                    random.nextInt(5) == 0 ? 0 : (T + random.nextInt(20_000) - 5_000) * 1_000;
            if (sameResult(frame, received)) {
                fast++;
            }
        }
        assertThat(fast).as("frames the fast path took").isGreaterThan(5_000);
    }

    @Test
    void bothPathsAgreeJustOutsideTheLayout() {
        String body =
                trade(
                        Long.toString(T),
                        "BTCUSDT",
                        "42",
                        "68000.12",
                        "0.0015",
                        Long.toString(T),
                        "true");
        String combined = "{\"stream\":\"btcusdt@trade\",\"data\":" + body + "}";
        List<String> frames = new ArrayList<>();
        frames.add(body);
        frames.add(combined);
        frames.add(combined + " ");
        frames.add(combined + "}");
        frames.add(combined + "{}");
        frames.add(combined.substring(0, combined.length() - 1));
        frames.add(body.replace(",\"M\":true}", "}"));
        frames.add(body.replace(",\"M\":true}", ",\"M\":true,\"x\":1}"));
        frames.add(body.replace("\"s\":\"BTCUSDT\"", "\"s\":\"BTC\\u0055SDT\""));
        frames.add(body.replace("{\"e\"", "{ \"e\""));
        frames.add(body.replace("\"e\":\"trade\"", "\"e\":\"trade2\""));
        frames.add(body.replace("\"t\":42", "\"t\":-42"));
        frames.add(body.replace("\"m\":true", "\"m\":tru"));
        frames.add(combined.replace("btcusdt@trade", "btc\\\"usdt@trade"));
        frames.add(combined.replace("btcusdt@trade", "btcusdt@tr\u0001ade"));
        frames.add(combined.replace("btcusdt@trade", "btcüsdt@trade"));
        frames.add(combined.replace("\"data\":", "\"data\" :"));
        for (int cut = 0; cut < combined.length(); cut++) {
            frames.add(combined.substring(0, cut));
        }
        for (String frame : frames) {
            sameResult(frame, T * 1_000);
        }
        assertThat(sameResult(combined, T * 1_000)).isTrue();
        assertThat(sameResult(combined + " ", T * 1_000)).isFalse();
    }

    /** Asserts that both paths give the same; true if the fast path produced the trade. */
    private static boolean sameResult(String frame, long receivedMicros) {
        RawFrame raw =
                new RawFrame(
                        Venue.BINANCE,
                        Encoding.JSON,
                        Origin.LIVE,
                        1,
                        1,
                        receivedMicros,
                        frame.getBytes(StandardCharsets.UTF_8));
        Outcome general = new Outcome();
        new BinanceJsonDecoder(TradeRules.DEFAULTS, false).decode(raw, general);
        Outcome fast = new Outcome();
        BinanceJsonDecoder decoder = new BinanceJsonDecoder(TradeRules.DEFAULTS, true);
        decoder.decode(raw, fast);
        assertThat(fast.events).as(frame).isEqualTo(general.events);
        return fast.events.size() == 1
                && fast.events.get(0) instanceof Trade
                && new TradeLayout().scan(raw.payload);
    }

    /** Everything a decoder said, in order, comparable. */
    private static final class Outcome implements DecodeSink {
        final List<Object> events = new ArrayList<>();

        @Override
        public void trade(Trade trade) {
            events.add(trade);
        }

        @Override
        public void quote(Quote quote) {
            events.add("quote " + quote);
        }

        @Override
        public void book(BookUpdate update) {
            events.add("book " + update);
        }

        @Override
        public void aggTrade(AggTrade aggTrade) {
            events.add("aggTrade " + aggTrade);
        }

        @Override
        public void kline(Kline kline) {
            events.add("kline " + kline);
        }

        @Override
        public void gap(Gap gap) {
            events.add("gap " + gap);
        }

        @Override
        public void control() {
            events.add("control");
        }

        @Override
        public void quarantine(ReasonCode reason, String detail) {
            events.add(reason + ": " + detail);
        }
    }
}
