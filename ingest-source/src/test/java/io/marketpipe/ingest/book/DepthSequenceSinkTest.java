package io.marketpipe.ingest.book;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import io.marketpipe.schemas.sbe.binance.DepthDiffStreamEventEncoder;
import io.marketpipe.schemas.sbe.binance.MessageHeaderEncoder;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** When the forwarder asks for a depth snapshot: the books the job keeps need one. */
class DepthSequenceSinkTest {
    private final ForwarderMetrics metrics = new ForwarderMetrics();
    private final List<String> passed = new ArrayList<>();
    private final List<String> requested = new ArrayList<>();
    private final DepthSequenceSink sink =
            new DepthSequenceSink(
                    (key, venue, encoding, origin, conn, seq, micros, payload) -> passed.add(key),
                    requested::add,
                    metrics);

    private static byte[] json(String symbol, long first, long last) {
        return ("{\"stream\":\""
                        + symbol.toLowerCase()
                        + "@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1,\"s\":\""
                        + symbol
                        + "\",\"U\":"
                        + first
                        + ",\"u\":"
                        + last
                        + ",\"b\":[],\"a\":[]}}")
                .getBytes(UTF_8);
    }

    private void feed(long connection, String symbol, long first, long last) throws Exception {
        sink.accept(
                "BINANCE:" + symbol,
                Venue.BINANCE,
                Encoding.JSON,
                Origin.LIVE,
                connection,
                1,
                1,
                json(symbol, first, last));
    }

    @Test
    void asksAtTheFirstDiffAfterAGapAndOnEveryNewConnection() throws Exception {
        feed(1, "BTCUSDT", 100, 105); // first: the book needs a start
        feed(1, "BTCUSDT", 106, 110);
        feed(1, "ETHUSDT", 7, 9);
        feed(1, "BTCUSDT", 113, 115); // 111..112 missed
        feed(2, "BTCUSDT", 116, 118); // a reconnect: nothing missed is replayed
        feed(1, "BTCUSDT", 116, 118); // the old connection of a rotation, still sending
        feed(2, "BTCUSDT", 119, 119);

        assertThat(requested).containsExactly("BTCUSDT", "ETHUSDT", "BTCUSDT", "BTCUSDT");
        assertThat(metrics.depthGaps.sum()).isEqualTo(1);
        assertThat(passed).hasSize(7);
    }

    @Test
    void readsSbeDiffsTooAndIgnoresEverythingElse() throws Exception {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        DepthDiffStreamEventEncoder e =
                new DepthDiffStreamEventEncoder()
                        .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        e.eventTime(1).firstBookUpdateId(40).lastBookUpdateId(42).priceExponent((byte) 0);
        e.qtyExponent((byte) 0).bidsCount(0);
        e.asksCount(0);
        e.symbol("BTCUSDT");
        byte[] sbe =
                java.util.Arrays.copyOf(
                        buffer.byteArray(),
                        MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());

        sink.accept("BINANCE:BTCUSDT", Venue.BINANCE, Encoding.SBE, Origin.LIVE, 1, 1, 1, sbe);
        sink.accept(
                "BINANCE:BTCUSDT",
                Venue.BINANCE,
                Encoding.JSON,
                Origin.LIVE,
                1,
                2,
                1,
                "{\"e\":\"trade\",\"t\":5}".getBytes(UTF_8));
        sink.accept(
                "BINANCE:BTCUSDT",
                Venue.BINANCE,
                Encoding.JSON,
                Origin.SNAPSHOT,
                0,
                3,
                1,
                "{\"symbol\":\"BTCUSDT\",\"snapshot\":{}}".getBytes(UTF_8));

        assertThat(requested).containsExactly("BTCUSDT");
        assertThat(passed).hasSize(3);
    }
}
