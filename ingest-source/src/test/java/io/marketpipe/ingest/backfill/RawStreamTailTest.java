package io.marketpipe.ingest.backfill;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.EnvelopeWriter;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What counts as a symbol's last trade id in the raw stream's records. */
class RawStreamTailTest {
    private final Map<String, Long> found = new HashMap<>();
    private final RawStreamTail.FrameIds ids =
            new RawStreamTail.FrameIds(Set.of("BTCUSDT", "ETHUSDT"), found);

    private static byte[] record(Venue venue, Origin origin, String... payloads) {
        EnvelopeWriter w = new EnvelopeWriter(1024);
        for (String p : payloads) {
            byte[] b = p.getBytes(UTF_8);
            w.append(venue, Encoding.JSON, origin, 1, 1, 1, b, 0, b.length);
        }
        return w.toByteArray();
    }

    private static String trade(String symbol, long id) {
        return "{\"stream\":\""
                + symbol.toLowerCase()
                + "@trade\",\"data\":{\"e\":\"trade\",\"E\":1,\"s\":\""
                + symbol
                + "\",\"t\":"
                + id
                + ",\"p\":\"1\",\"q\":\"1\",\"T\":1,\"m\":true}}";
    }

    @Test
    void theHighestLiveIdPerSymbolCountsWhateverTheOrder() {
        ids.read(record(Venue.BINANCE, Origin.LIVE, trade("BTCUSDT", 7), trade("ETHUSDT", 3)));
        ids.read(record(Venue.BINANCE, Origin.LIVE, trade("BTCUSDT", 5)));

        assertThat(found).containsExactlyInAnyOrderEntriesOf(Map.of("BTCUSDT", 7L, "ETHUSDT", 3L));
    }

    @Test
    void aBackfilledPageCountsUpToItsGapAndAGapMarkerCountsAsHandled() {
        ids.read(
                record(
                        Venue.BINANCE,
                        Origin.BACKFILL,
                        "{\"backfill\":\"historicalTrades\",\"symbol\":\"BTCUSDT\",\"fromId\":10,"
                                + "\"toId\":12,\"trades\":[{\"id\":10},{\"id\":11},{\"id\":12},"
                                + "{\"id\":13}]}"));
        ids.read(
                record(
                        Venue.BINANCE,
                        Origin.GAP_MARKER,
                        "{\"gap\":\"unrecoverable\",\"symbol\":\"ETHUSDT\",\"fromId\":4,"
                                + "\"toId\":9,\"reason\":\"REST answered HTTP 400\"}"));

        assertThat(found)
                .as("a page may run past its gap; ids past it were live, and are counted as such")
                .containsExactlyInAnyOrderEntriesOf(Map.of("BTCUSDT", 12L, "ETHUSDT", 9L));
    }

    @Test
    void aSymbolBeyondAsciiIsFoundLiveAndInABackfillWrapper() {
        String symbol = "这是测试币456";
        Map<String, Long> mine = new HashMap<>();
        RawStreamTail.FrameIds unicode = new RawStreamTail.FrameIds(Set.of(symbol), mine);
        unicode.read(record(Venue.BINANCE, Origin.LIVE, trade(symbol, 7)));
        assertThat(mine).containsExactlyEntriesOf(Map.of(symbol, 7L));
        unicode.read(
                record(
                        Venue.BINANCE,
                        Origin.BACKFILL,
                        "{\"backfill\":\"historicalTrades\",\"symbol\":\""
                                + symbol
                                + "\",\"fromId\":10,\"toId\":12,\"trades\":[{\"id\":10},{\"id\":11},"
                                + "{\"id\":12}]}"));
        assertThat(mine).containsExactlyEntriesOf(Map.of(symbol, 12L));
    }

    @Test
    void otherVenuesSymbolsAndUnreadableRecordsCountForNothing() {
        ids.read(record(Venue.FINNHUB, Origin.LIVE, trade("BTCUSDT", 99)));
        ids.read(record(Venue.BINANCE, Origin.LIVE, trade("SOLUSDT", 99)));
        ids.read("not an envelope".getBytes(UTF_8));
        ids.read(record(Venue.BINANCE, Origin.LIVE, "{\"result\":null,\"id\":1}"));

        assertThat(found).isEmpty();
    }
}
