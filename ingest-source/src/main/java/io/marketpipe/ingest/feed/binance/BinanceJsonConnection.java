package io.marketpipe.ingest.feed.binance;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.envelope.FrameSink;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One WebSocket connection to a Binance JSON stream URL; forwards every text frame as is. */
final class BinanceJsonConnection extends WebSocketClient {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceJsonConnection.class);
    private static final String KEY_PREFIX = Venue.BINANCE.name() + ':';

    private final long connectionId;
    private final FrameSink sink;
    private final ForwarderMetrics metrics;
    private final LongSupplier microsClock;
    private final Runnable onClosed;
    private long sequence;

    BinanceJsonConnection(
            URI uri,
            long connectionId,
            FrameSink sink,
            ForwarderMetrics metrics,
            LongSupplier microsClock,
            Runnable onClosed) {
        super(uri);
        this.connectionId = connectionId;
        this.sink = sink;
        this.metrics = metrics;
        this.microsClock = microsClock;
        this.onClosed = onClosed;
        setConnectionLostTimeout(
                0); // the server pings; we answer (the library pongs automatically)
    }

    long connectionId() {
        return connectionId;
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        metrics.connects.increment();
        LOG.info(
                "connection {} open to {}",
                connectionId,
                getURI().getHost() + ":" + getURI().getPort());
    }

    @Override
    public void onMessage(String message) {
        forward(message.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
        byte[] frame = new byte[bytes.remaining()];
        bytes.get(frame);
        forward(frame);
    }

    private void forward(byte[] frame) {
        long received = microsClock.getAsLong();
        metrics.framesIn.increment();
        metrics.bytesIn.add(frame.length);
        try {
            sink.accept(
                    KEY_PREFIX + BinanceFrames.symbol(frame),
                    Venue.BINANCE,
                    Encoding.JSON,
                    Origin.LIVE,
                    connectionId,
                    ++sequence,
                    received,
                    frame);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
        }
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        metrics.disconnects.increment();
        LOG.info("connection {} closed: {} {} (remote: {})", connectionId, code, reason, remote);
        onClosed.run();
    }

    @Override
    public void onError(Exception ex) {
        LOG.warn("connection {} error: {}", connectionId, ex.toString());
    }
}
