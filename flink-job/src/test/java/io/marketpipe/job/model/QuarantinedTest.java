package io.marketpipe.job.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.decode.FrameDecoder;
import io.marketpipe.job.sinks.quarantine.QuarantineJson;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Quarantine records always fit a Kinesis record (1 MiB), whatever arrived, and carry an id that is
 * the same whenever the same input is quarantined for the same reason.
 */
class QuarantinedTest {
    @Test
    void theSameInputForTheSameReasonHasTheSameIdAndAnythingElseAnother() {
        byte[] payload = "{\"e\":\"trade\"}".getBytes(UTF_8);
        RawFrame frame =
                new RawFrame(
                        Venue.BINANCE,
                        Encoding.JSON,
                        Origin.LIVE,
                        3,
                        17,
                        1_700_000_000_000_000L,
                        payload);
        String id = Quarantined.of(frame, ReasonCode.MISSING_FIELD, "trade without \"s\"").id;

        RawFrame again =
                new RawFrame(
                        Venue.BINANCE,
                        Encoding.JSON,
                        Origin.LIVE,
                        3,
                        17,
                        1_700_000_000_000_000L,
                        payload.clone());
        assertThat(Quarantined.of(again, ReasonCode.MISSING_FIELD, "trade without \"s\"").id)
                .as("a replay of the same frame")
                .isEqualTo(id)
                .hasSize(32)
                .matches("[0-9a-f]+");
        RawFrame next =
                new RawFrame(
                        Venue.BINANCE,
                        Encoding.JSON,
                        Origin.LIVE,
                        3,
                        18,
                        1_700_000_000_000_000L,
                        payload);
        assertThat(Quarantined.of(next, ReasonCode.MISSING_FIELD, "trade without \"s\"").id)
                .as("the same bytes sent again by the exchange")
                .isNotEqualTo(id);
        assertThat(Quarantined.of(frame, ReasonCode.MALFORMED, "trade without \"s\"").id)
                .isNotEqualTo(id);
        assertThat(Quarantined.of(frame, ReasonCode.MISSING_FIELD, "element 2 lacks s").id)
                .as("another bad element of the frame")
                .isNotEqualTo(id);
        assertThat(
                        new String(
                                new QuarantineJson()
                                        .serialize(
                                                Quarantined.of(
                                                        frame,
                                                        ReasonCode.MISSING_FIELD,
                                                        "trade without \"s\"")),
                                UTF_8))
                .startsWith("{\"id\":\"" + id + "\"");
    }

    @Test
    void aHugeInputIsCutWithItsSizeAndHashAndTheRecordFitsKinesis() {
        byte[] huge = new byte[3 << 20];
        Arrays.fill(huge, (byte) 'x');
        RawFrame frame = RawFrame.unreadable(huge, "not an envelope", 1);
        String longDetail = "y".repeat(200_000);

        Quarantined q = Quarantined.of(frame, ReasonCode.MALFORMED, longDetail);

        assertThat(q.raw).hasSize(Quarantined.MAX_RAW_BYTES);
        assertThat(q.detail.length()).isLessThanOrEqualTo(Quarantined.MAX_DETAIL_CHARS);
        assertThat(q.detail).contains("3145728 bytes").contains("sha256 ");
        assertThat(new QuarantineJson().serialize(q).length).isLessThan(1 << 20);
    }

    @Test
    void aSmallInputIsKeptWhole() {
        RawFrame frame = RawFrame.unreadable("bad".getBytes(UTF_8), "x", 1);
        Quarantined q = Quarantined.of(frame, ReasonCode.MALFORMED, "why");
        assertThat(q.raw).isEqualTo("bad".getBytes(UTF_8));
        assertThat(q.detail).isEqualTo("why");
    }

    @Test
    void aFrameWithManyBadElementsCarriesItsBytesOnce() {
        StringBuilder json = new StringBuilder("{\"data\":[");
        for (int i = 0; i < 500; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"p\":-1,\"s\":\"AAPL\",\"t\":1700000000000,\"v\":1}");
        }
        json.append("],\"type\":\"trade\"}");
        RawFrame frame =
                new RawFrame(
                        Venue.FINNHUB,
                        Encoding.JSON,
                        Origin.LIVE,
                        1,
                        9,
                        1,
                        json.toString().getBytes(UTF_8));
        List<MarketEvent> events = new ArrayList<>();

        new FrameDecoder().decode(frame, events::add);

        // the first MAX_RECORDS_PER_FRAME one by one, the other 400 summed up in one more
        int max = FrameDecoder.MAX_RECORDS_PER_FRAME;
        assertThat(events).hasSize(max + 1);
        assertThat(events.get(0).quarantined.raw).isEqualTo(frame.payload);
        assertThat(events.subList(1, max + 1))
                .allSatisfy(
                        e -> {
                            assertThat(e.quarantined.raw).isEmpty();
                            assertThat(e.quarantined.detail).contains("first record of this frame");
                        });
        assertThat(events.get(max).quarantined.detail)
                .startsWith((500 - max) + " more bad elements of this frame")
                .contains("BAD_PRICE=" + (500 - max));
    }

    @Test
    void theNoteOnLaterRecordsOfAFrameStaysWithinTheDetailCap() {
        String symbol = "X".repeat(990); // a bad symbol makes a detail near the cap
        String json =
                "{\"type\":\"trade\",\"data\":[{\"p\":1,\"s\":\""
                        + symbol
                        + "\",\"t\":1700000000000,\"v\":1},{\"p\":1,\"s\":\""
                        + symbol
                        + "\",\"t\":1700000000000,\"v\":1}]}";
        RawFrame frame =
                new RawFrame(
                        Venue.FINNHUB, Encoding.JSON, Origin.LIVE, 1, 9, 1, json.getBytes(UTF_8));
        List<MarketEvent> events = new ArrayList<>();

        new FrameDecoder().decode(frame, events::add);

        assertThat(events)
                .hasSize(2)
                .allSatisfy(
                        e ->
                                assertThat(e.quarantined.detail.length())
                                        .isLessThanOrEqualTo(Quarantined.MAX_DETAIL_CHARS));
    }
}
