package io.marketpipe.ingest.feed;

import io.marketpipe.schemas.envelope.Venue;
import java.net.URI;
import java.util.List;
import java.util.Map;

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

    @Override
    public String toString() {
        return name + " (" + uri.getHost() + ":" + uri.getPort() + ")";
    }
}
