package io.marketpipe.job.source;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketpipe.job.model.RawFrame;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CaptureLineTest {
    /** When the lines are read: after every receive time in them. */
    private static final long NOW = 1_700_000_100_000_000L;

    private static final String JSON = "{\"e\":\"trade\",\"s\":\"BTCUSDT\"}";

    @Test
    void readsTheForwardersRecordFormat() {
        RawFrame json =
                CaptureLine.parse(
                        CaptureLine.Format.RECORDED,
                        "BINANCE\tJSON\tLIVE\t1700000000000001\t" + JSON,
                        1,
                        NOW);
        assertThat(json.venue).isEqualTo(Venue.BINANCE);
        assertThat(json.encoding).isEqualTo(Encoding.JSON);
        assertThat(json.origin).isEqualTo(Origin.LIVE);
        assertThat(json.receivedMicros).isEqualTo(1_700_000_000_000_001L);
        assertThat(new String(json.payload, UTF_8)).isEqualTo(JSON);

        String multiLine = "{\"a\":\n1}";
        RawFrame b64 =
                CaptureLine.parse(
                        CaptureLine.Format.RECORDED,
                        "FINNHUB\tJSON_B64\tLIVE\t1700000000000001\t"
                                + Base64.getEncoder().encodeToString(multiLine.getBytes(UTF_8)),
                        2,
                        NOW);
        assertThat(b64.encoding).isEqualTo(Encoding.JSON);
        assertThat(new String(b64.payload, UTF_8)).isEqualTo(multiLine);

        byte[] sbe = {1, 2, 3, (byte) 0xFF};
        RawFrame binary =
                CaptureLine.parse(
                        CaptureLine.Format.RECORDED,
                        "BINANCE\tSBE\tBACKFILL\t1700000000000001\t"
                                + Base64.getEncoder().encodeToString(sbe),
                        3,
                        NOW);
        assertThat(binary.payload).isEqualTo(sbe);
        assertThat(binary.origin).isEqualTo(Origin.BACKFILL);
        assertThat(binary.unreadable).isNull();
    }

    @Test
    void linesThatDoNotParseBecomeUnreadableFramesKeepingTheLine() {
        RawFrame columns =
                CaptureLine.parse(CaptureLine.Format.RECORDED, "BINANCE\tJSON\t" + JSON, 7, NOW);
        assertThat(columns.unreadable).isEqualTo("line 7 has 3 of 5 tab-separated columns");
        assertThat(new String(columns.payload, UTF_8)).isEqualTo("BINANCE\tJSON\t" + JSON);
        assertThat(CaptureLine.parse(CaptureLine.Format.SBE, "not base64!", 8, NOW).unreadable)
                .isEqualTo("line 8 is not base64");
        assertThat(
                        CaptureLine.parse(
                                        CaptureLine.Format.RECORDED,
                                        "BINANCE\tXML\tLIVE\t1700000000000001\t<a/>",
                                        9,
                                        NOW)
                                .unreadable)
                .contains("unknown encoding XML");
        // venue and origin are read as the envelope's enums: a name none has is the line's fault
        assertThat(
                        CaptureLine.parse(
                                        CaptureLine.Format.RECORDED,
                                        "KRAKEN\tJSON\tLIVE\t1700000000000001\t{}",
                                        11,
                                        NOW)
                                .unreadable)
                .isEqualTo("line 11: unknown venue \"KRAKEN\"");
        assertThat(
                        CaptureLine.parse(
                                        CaptureLine.Format.RECORDED,
                                        "BINANCE\tJSON\tlive\t1700000000000001\t{}",
                                        12,
                                        NOW)
                                .unreadable)
                .isEqualTo("line 12: unknown origin \"live\"");
        assertThat(CaptureLine.parse(CaptureLine.Format.BINANCE, JSON, 10, 5).venue)
                .isEqualTo(Venue.BINANCE);
        assertThatThrownBy(() -> CaptureLine.Format.parse("kraken"))
                .hasMessageContaining("binance, sbe, finnhub or recorded");
    }

    /**
     * A capture line without a receive time is stamped when read; its quarantine id must not depend
     * on that, or two replays of one capture would give a consumer different ids for the same bad
     * line. A recorded line's own receive time does count.
     */
    @Test
    void quarantineIdsOfLinesWithoutAReceiveTimeDoNotDependOnWhenTheyWereRead() {
        String bad = "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\"";
        for (CaptureLine.Format format :
                new CaptureLine.Format[] {CaptureLine.Format.BINANCE, CaptureLine.Format.FINNHUB}) {
            assertThat(id(CaptureLine.parse(format, bad, 7, 1_000_000)))
                    .as(format.name())
                    .isEqualTo(id(CaptureLine.parse(format, bad, 7, 2_000_000)));
        }
        assertThat(id(CaptureLine.parse(CaptureLine.Format.SBE, "not base64!", 3, 1)))
                .isEqualTo(id(CaptureLine.parse(CaptureLine.Format.SBE, "not base64!", 3, 2)));
        assertThat(
                        id(
                                CaptureLine.parse(
                                        CaptureLine.Format.RECORDED,
                                        "BINANCE\tJSON\tLIVE\t1700000000000005\t{",
                                        1,
                                        NOW)))
                .isNotEqualTo(
                        id(
                                CaptureLine.parse(
                                        CaptureLine.Format.RECORDED,
                                        "BINANCE\tJSON\tLIVE\t1700000000000006\t{",
                                        1,
                                        NOW)));
    }

    private static String id(RawFrame frame) {
        return io.marketpipe.job.model.Quarantined.of(
                        frame, io.marketpipe.job.model.ReasonCode.MALFORMED, "bad")
                .id;
    }
}
