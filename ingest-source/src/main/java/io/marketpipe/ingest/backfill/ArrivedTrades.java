package io.marketpipe.ingest.backfill;

import io.marketpipe.schemas.envelope.EnvelopeException;
import io.marketpipe.schemas.envelope.EnvelopeReader;
import io.marketpipe.schemas.envelope.Origin;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Binance trade ids ({@code SYMBOL#ID}) envelope records carry, live or backfilled, and how
 * many gap markers: what the soak and the backfill tests compare with what the exchange produced.
 */
public final class ArrivedTrades {
    private static final Pattern LIVE_TRADE =
            Pattern.compile("\"s\":\"([^\"\\\\]+)\",\"t\":(\\d+),");
    private static final Pattern REST_SYMBOL =
            Pattern.compile("^\\{\"backfill\":\"historicalTrades\",\"symbol\":\"([^\"\\\\]+)\"");
    private static final Pattern REST_ID = Pattern.compile("\"id\":(\\d+)");

    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private final Set<String> backfilled = ConcurrentHashMap.newKeySet();
    private long gapMarkers;
    private long undecodable;

    /** Reads one Kinesis record's data. */
    public void add(byte[] record) {
        try {
            EnvelopeReader.read(
                    record,
                    (venue, encoding, origin, conn, seq, micros, buf, off, len) -> {
                        String text = new String(buf, off, len, StandardCharsets.UTF_8);
                        if (origin == Origin.LIVE) {
                            Matcher t = LIVE_TRADE.matcher(text);
                            if (t.find()) {
                                live.add(t.group(1) + "#" + t.group(2));
                            }
                        } else if (origin == Origin.BACKFILL) {
                            Matcher s = REST_SYMBOL.matcher(text);
                            if (s.find()) {
                                Matcher id = REST_ID.matcher(text);
                                while (id.find()) {
                                    backfilled.add(s.group(1) + "#" + id.group(1));
                                }
                            }
                        } else {
                            gapMarkers++;
                        }
                    });
        } catch (EnvelopeException e) {
            undecodable++;
        }
    }

    public Set<String> live() {
        return live;
    }

    public Set<String> backfilled() {
        return backfilled;
    }

    public long gapMarkers() {
        return gapMarkers;
    }

    public long undecodable() {
        return undecodable;
    }
}
