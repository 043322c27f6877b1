package io.marketpipe.job.source;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.EnvelopeWriter;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class EnvelopeDeserializerTest {
    private static final String TRADE =
            "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1700000000001,\"s\":\"BTCUSDT\",\"t\":7,"
                    + "\"p\":\"1.5\",\"q\":\"2\",\"T\":1700000000000,\"m\":false,\"M\":true}}";

    private static List<MarketEvent> deserialize(byte[] record) {
        List<MarketEvent> events = new ArrayList<>();
        new EnvelopeDeserializer()
                .deserialize(
                        record,
                        new Collector<MarketEvent>() {
                            @Override
                            public void collect(MarketEvent e) {
                                events.add(e);
                            }

                            @Override
                            public void close() {}
                        });
        return events;
    }

    private static void append(EnvelopeWriter w, long seq, String payload) {
        byte[] bytes = payload.getBytes(UTF_8);
        // received 5 ms after the trade
        w.append(
                Venue.BINANCE,
                Encoding.JSON,
                Origin.LIVE,
                4,
                seq,
                1_700_000_000_005_000L,
                bytes,
                0,
                bytes.length);
    }

    @Test
    void decodesEveryFrameOfARecordAndMarksFrameStarts() {
        EnvelopeWriter w = new EnvelopeWriter(256);
        append(w, 1, TRADE);
        append(w, 2, "{\"result\":null,\"id\":1}");
        append(w, 3, TRADE.substring(0, 30));

        List<MarketEvent> events = deserialize(w.toByteArray());

        assertThat(events)
                .extracting(e -> e.kind)
                .containsExactly(
                        MarketEvent.Kind.TRADE,
                        MarketEvent.Kind.CONTROL,
                        MarketEvent.Kind.QUARANTINED);
        assertThat(events).allMatch(e -> e.firstOfFrame);
        assertThat(events.get(0).eventTime()).isEqualTo(1_700_000_000_000L);
        assertThat(events.get(1).eventTime()).isEqualTo(Long.MIN_VALUE);
        assertThat(events.get(2).quarantined.sequence).isEqualTo(3);
        assertThat(new String(events.get(2).quarantined.raw, UTF_8))
                .isEqualTo(TRADE.substring(0, 30));
    }

    @Test
    void turnsARecordThatIsNotAnEnvelopeIntoOneMalformedEventKeepingItsBytes() {
        byte[] junk = TRADE.getBytes(UTF_8);
        List<MarketEvent> events = deserialize(junk);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).quarantined.reason).isEqualTo(ReasonCode.MALFORMED);
        assertThat(events.get(0).quarantined.detail).contains("not a forwarder envelope");
        assertThat(events.get(0).quarantined.raw).isEqualTo(junk);
    }

    @Test
    void anEnvelopeWithoutFramesIsQuarantinedNotLost() {
        List<MarketEvent> events = deserialize(new EnvelopeWriter(16).toByteArray());
        assertThat(events)
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.kind).isEqualTo(MarketEvent.Kind.QUARANTINED);
                            assertThat(e.quarantined.reason).isEqualTo(ReasonCode.MALFORMED);
                            assertThat(e.quarantined.detail).contains("no frames");
                        });
    }
}
