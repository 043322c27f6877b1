package io.marketpipe.job.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BinanceJsonDecoderTest {
    private static final long T0 = 1_700_000_000_000L;

    /** The forwarder received every frame a second after the trades. */
    private static final long RECEIVED = (T0 + 1_000) * 1_000;

    private static final String TRADE =
            "{\"e\":\"trade\",\"E\":"
                    + (T0 + 5)
                    + ",\"s\":\"BTCUSDT\",\"t\":12345,\"p\":\"68000.10\",\"q\":\"0.002\",\"T\":"
                    + T0
                    + ",\"m\":true,\"M\":true}";

    private final RecordingDecodeSink out = new RecordingDecodeSink();

    private RecordingDecodeSink decode(String json) {
        RawFrame frame =
                new RawFrame(
                        Venue.BINANCE,
                        Encoding.JSON,
                        Origin.LIVE,
                        1,
                        1,
                        RECEIVED,
                        json.getBytes(UTF_8));
        new BinanceJsonDecoder().decode(frame, out);
        return out;
    }

    private static String combined(String data) {
        return "{\"stream\":\"btcusdt@trade\",\"data\":" + data + "}";
    }

    @Test
    void decodesCombinedStreamTradeExactly() {
        Trade t = decode(combined(TRADE)).trades.get(0);
        assertThat(t.venue).isEqualTo(Venue.BINANCE);
        assertThat(t.symbol).isEqualTo("BTCUSDT");
        assertThat(t.tradeId).isEqualTo(12345);
        assertThat(t.price).isEqualTo(6_800_010_000_000L);
        assertThat(t.quantity).isEqualTo(200_000L);
        assertThat(t.tradeTime).isEqualTo(T0);
        assertThat(t.eventTime).isEqualTo(T0 + 5);
        assertThat(t.buyerIsMaker).isTrue();
        assertThat(t.receivedMicros).isEqualTo(RECEIVED);
        assertThat(t.origin).isEqualTo(Origin.LIVE);
    }

    @Test
    void decodesRawStreamTradeAndMicrosecondTimestamps() {
        String micros =
                TRADE.replace("\"T\":" + T0, "\"T\":" + T0 * 1000)
                        .replace("\"E\":" + (T0 + 5), "\"E\":" + (T0 + 5) * 1000);
        assertThat(decode(micros).trades).extracting(t -> t.tradeTime).containsExactly(T0);
    }

    @Test
    void countsSubscriptionAcksAndServerShutdownAsControl() {
        decode("{\"result\":null,\"id\":3}");
        decode("{\"e\":\"serverShutdown\",\"E\":" + T0 + "}");
        assertThat(out.control).isEqualTo(2);
        assertThat(out.reasons).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "truncated                | MALFORMED",
                "not json                 | MALFORMED",
                "array                    | MALFORMED",
                "missing symbol           | MISSING_FIELD",
                "missing trade id         | MISSING_FIELD",
                "lower-case symbol        | BAD_SYMBOL",
                "zero price               | BAD_PRICE",
                "negative price           | BAD_PRICE",
                "abc price                | BAD_PRICE",
                "NaN price                | BAD_PRICE",
                "zero quantity            | BAD_QUANTITY",
                "missing trade time       | MISSING_FIELD",
                "trade time in 1970       | BAD_TIMESTAMP",
                "unknown event            | UNKNOWN_MESSAGE",
                "object without event     | UNKNOWN_MESSAGE",
                "bad symbol and bad price | BAD_SYMBOL",
            })
    void quarantinesWithTheFirstReasonThatApplies(String fault, String reason) {
        String json;
        switch (fault) {
            case "truncated":
                json = combined(TRADE).substring(0, 40);
                break;
            case "not json":
                json = "hello";
                break;
            case "array":
                json = "[1,2]";
                break;
            case "missing symbol":
                json = TRADE.replace("\"s\":\"BTCUSDT\",", "");
                break;
            case "missing trade id":
                json = TRADE.replace("\"t\":12345,", "");
                break;
            case "lower-case symbol":
                json = TRADE.replace("BTCUSDT", "btcusdt");
                break;
            case "zero price":
                json = TRADE.replace("68000.10", "0");
                break;
            case "negative price":
                json = TRADE.replace("68000.10", "-1");
                break;
            case "abc price":
                json = TRADE.replace("68000.10", "abc");
                break;
            case "NaN price":
                json = TRADE.replace("68000.10", "NaN");
                break;
            case "zero quantity":
                json = TRADE.replace("0.002", "0.000");
                break;
            case "missing trade time":
                json = TRADE.replace(",\"T\":" + T0, "");
                break;
            case "trade time in 1970":
                json = TRADE.replace("\"T\":" + T0, "\"T\":1000");
                break;
            case "unknown event":
                json = TRADE.replace("\"e\":\"trade\"", "\"e\":\"outboundAccountPosition\"");
                break;
            case "object without event":
                json = "{\"foo\":1}";
                break;
            default:
                json = TRADE.replace("BTCUSDT", "B").replace("68000.10", "-5");
        }
        assertThat(decode(json).reasons).containsExactly(reason);
        assertThat(out.trades).isEmpty();
    }
}
