package io.marketpipe.job.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import io.marketpipe.schemas.sbe.binance.BoolEnum;
import io.marketpipe.schemas.sbe.binance.MessageHeaderEncoder;
import io.marketpipe.schemas.sbe.binance.TradesStreamEventEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Symbols beyond ASCII (Binance lists them since 2025-12): every path of the decoder reads one as
 * it came, and quarantines one that would normalise into another.
 */
class UnicodeSymbolsTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long RECEIVED = (T0 + 1_000) * 1_000;
    private static final String SYMBOL = "这是测试币456";

    private final FrameDecoder decoder = new FrameDecoder();

    private List<MarketEvent> decode(Venue venue, Encoding encoding, Origin origin, byte[] b) {
        List<MarketEvent> events = new ArrayList<>();
        decoder.decode(new RawFrame(venue, encoding, origin, 1, 1, RECEIVED, b), events::add);
        return events;
    }

    private List<MarketEvent> json(String frame) {
        return decode(Venue.BINANCE, Encoding.JSON, Origin.LIVE, frame.getBytes(UTF_8));
    }

    private static String trade(String symbol) {
        return "{\"e\":\"trade\",\"E\":"
                + T0
                + ",\"s\":\""
                + symbol
                + "\",\"t\":7,\"p\":\"1.25\",\"q\":\"1.5\",\"T\":"
                + T0
                + ",\"m\":true,\"M\":true}";
    }

    private static MarketEvent only(List<MarketEvent> events, MarketEvent.Kind kind) {
        assertThat(events).hasSize(1);
        assertThat(events.get(0).kind)
                .as(
                        events.get(0).kind == MarketEvent.Kind.QUARANTINED
                                ? events.get(0).quarantined.detail
                                : "")
                .isEqualTo(kind);
        return events.get(0);
    }

    @Test
    void aJsonTradeKeepsItsSymbolAsItCameInEveryForm() {
        String escaped = "\\u8fd9\\u662f\\u6d4b\\u8bd5\\u5e01456";
        for (String frame :
                List.of(
                        trade(SYMBOL),
                        trade(escaped),
                        "{\"stream\":\"" + SYMBOL + "@trade\",\"data\":" + trade(SYMBOL) + "}")) {
            MarketEvent e = only(json(frame), MarketEvent.Kind.TRADE);
            assertThat(e.trade.symbol).as(frame).isEqualTo(SYMBOL);
            assertThat(e.trade.price).isEqualTo(125_000_000L);
        }
        assertThat(only(json(trade("币安人生USDT")), MarketEvent.Kind.TRADE).trade.symbol)
                .isEqualTo("币安人生USDT");
    }

    @Test
    void anSbeTradeKeepsItsUtf8Symbol() {
        MarketEvent e =
                only(
                        decode(Venue.BINANCE, Encoding.SBE, Origin.LIVE, sbeTrade(SYMBOL)),
                        MarketEvent.Kind.TRADE);
        assertThat(e.trade.symbol).isEqualTo(SYMBOL);
    }

    @Test
    void aDepthDiffAndAFinnhubTradeKeepTheirSymbolsToo() {
        MarketEvent diff =
                only(
                        json(
                                "{\"e\":\"depthUpdate\",\"E\":"
                                        + T0
                                        + ",\"s\":\""
                                        + SYMBOL
                                        + "\",\"U\":1,\"u\":2,\"b\":[[\"1.0\",\"2\"]],\"a\":[]}"),
                        MarketEvent.Kind.BOOK);
        assertThat(diff.book.symbol).isEqualTo(SYMBOL);
        MarketEvent finnhub =
                only(
                        decode(
                                Venue.FINNHUB,
                                Encoding.JSON,
                                Origin.LIVE,
                                ("{\"type\":\"trade\",\"data\":[{\"s\":\"BINANCE:"
                                                + SYMBOL
                                                + "\",\"p\":1.5,\"v\":1,\"t\":"
                                                + T0
                                                + "}]}")
                                        .getBytes(UTF_8)),
                        MarketEvent.Kind.TRADE);
        assertThat(finnhub.trade.symbol).isEqualTo(SYMBOL);
    }

    @Test
    void aSymbolThatWouldNormaliseIntoAnotherIsBadNeverFolded() {
        for (String hostile : List.of("ＢＴＣＵＳＤＴ", "BTCUSDﬆ", "АBTC", "这是测试币" + "4".repeat(16))) {
            MarketEvent e = only(json(trade(hostile)), MarketEvent.Kind.QUARANTINED);
            assertThat(e.quarantined.reason.name()).as(hostile).isEqualTo("BAD_SYMBOL");
        }
        MarketEvent sbe =
                only(
                        decode(Venue.BINANCE, Encoding.SBE, Origin.LIVE, sbeTrade("ＢＴＣ")),
                        MarketEvent.Kind.QUARANTINED);
        assertThat(sbe.quarantined.reason.name()).isEqualTo("BAD_SYMBOL");
        assertThat(sbe.quarantined.detail).contains("NFKC");
    }

    private static byte[] sbeTrade(String symbol) {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        TradesStreamEventEncoder e =
                new TradesStreamEventEncoder()
                        .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        e.eventTime(T0 * 1000)
                .transactTime(T0 * 1000)
                .priceExponent((byte) -2)
                .qtyExponent((byte) -3);
        e.tradesCount(1).next().id(500).price(125).qty(1_500).isBuyerMaker(BoolEnum.True);
        e.symbol(symbol);
        return Arrays.copyOf(
                buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }
}
