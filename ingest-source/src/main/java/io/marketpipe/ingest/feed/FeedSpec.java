package io.marketpipe.ingest.feed;

import io.marketpipe.schemas.envelope.Venue;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One WebSocket connection to open and keep open.
 *
 * @param name for logs and metrics (never the URL, which may hold a token)
 * @param uri where to connect
 * @param headers handshake headers (e.g. Binance's X-MBX-APIKEY); values are secrets, never logged
 * @param subscribeMessages sent after each open, at most {@link FeedConnection#CONTROL_PER_SECOND}
 *     a second
 * @param streams what the connection carries, as {@link FrameClassifier#streamsIn} names it (e.g.
 *     {@code btcusdt@trade}, or a Finnhub symbol): a rotation retires the old connection only once
 *     the replacement has delivered data on each of them
 * @param venue stamped on every frame
 * @param classifier encoding and partition key of frames
 */
public record FeedSpec(
        String name,
        URI uri,
        Map<String, String> headers,
        List<String> subscribeMessages,
        List<String> streams,
        Venue venue,
        FrameClassifier classifier) {

    public FeedSpec {
        headers = Map.copyOf(headers);
        subscribeMessages = List.copyOf(subscribeMessages);
        streams = List.copyOf(streams);
        if (streams.isEmpty()) {
            throw new IllegalArgumentException(name + " carries no stream");
        }
    }

    /**
     * The partition keys the frames of {@link #streams()} go out under ({@code BINANCE:BTCUSDT}),
     * in stream order, each once.
     */
    public List<String> partitionKeys() {
        Set<String> keys = new LinkedHashSet<>();
        for (String stream : streams) {
            keys.add(venue.name() + ':' + classifier.streamSymbol(stream));
        }
        return List.copyOf(keys);
    }

    @Override
    public String toString() {
        return name + " (" + uri.getHost() + ":" + uri.getPort() + ")";
    }
}
