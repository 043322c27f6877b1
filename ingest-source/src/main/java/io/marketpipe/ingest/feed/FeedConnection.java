package io.marketpipe.ingest.feed;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.envelope.FrameSink;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.EnvelopeFormat;
import io.marketpipe.schemas.envelope.Origin;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One WebSocket connection; forwards every frame as received, text and binary. */
final class FeedConnection extends WebSocketClient {
    /**
     * Binance allows 5 incoming messages a second per connection; we stay at that for every venue.
     */
    static final int CONTROL_PER_SECOND = 5;

    private static final Logger LOG = LoggerFactory.getLogger(FeedConnection.class);

    private final FeedSpec spec;
    private final long connectionId;
    private final FrameSink sink;
    private final ForwarderMetrics metrics;
    private final LongSupplier microsClock;
    private final ScheduledExecutorService scheduler;
    private final Runnable onOpened;
    private final Runnable onClosed;
    private final Runnable onServerShutdown;
    private final String keyPrefix;
    private final java.util.concurrent.atomic.LongAdder feedFrames;
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private long sequence;
    private volatile long lastFrameNanos = System.nanoTime();
    private volatile long openedNanos;
    private volatile boolean retired;

    /** Streams a replacement has not yet delivered data on; null once it has (or if none). */
    private Set<String> awaiting;

    private Runnable onDelivered;

    /** Set while a rotation waits for the old connection to catch up (see {@link Overlap}). */
    private volatile Overlap overlap;

    private volatile boolean overlapAsOld;

    FeedConnection(
            FeedSpec spec,
            long connectionId,
            FrameSink sink,
            ForwarderMetrics metrics,
            LongSupplier microsClock,
            ScheduledExecutorService scheduler,
            Runnable onOpened,
            Runnable onClosed,
            Runnable onServerShutdown) {
        super(spec.uri(), new StatusDraft(new AtomicInteger(-1)), spec.headers(), 0);
        this.handshakeStatus = ((StatusDraft) getDraft()).status;
        this.spec = spec;
        this.connectionId = connectionId;
        this.sink = sink;
        this.metrics = metrics;
        this.microsClock = microsClock;
        this.scheduler = scheduler;
        this.onOpened = onOpened;
        this.onClosed = onClosed;
        this.onServerShutdown = onServerShutdown;
        this.keyPrefix = spec.venue().name() + ':';
        this.feedFrames = metrics.framesIn(spec.name());
        setConnectionLostTimeout(0); // the server pings; the library answers with pongs
    }

    /**
     * Makes this connection a replacement: {@code onDelivered} runs once (on the connection's
     * thread) when data has arrived on every stream of its spec. Call before {@link #connect()}.
     */
    void awaitEveryStream(Runnable onDelivered) {
        this.awaiting = new HashSet<>(spec.streams());
        this.onDelivered = onDelivered;
    }

    /** Reports this connection's data frames to {@code overlap}, as the old side or the new. */
    void joinOverlap(Overlap overlap, boolean asOld) {
        this.overlapAsOld = asOld;
        this.overlap = overlap;
    }

    /** When the handshake completed, in {@link System#nanoTime()}; 0 before. */
    long openedNanos() {
        return openedNanos;
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        metrics.connects.increment();
        lastFrameNanos = System.nanoTime();
        openedNanos = lastFrameNanos;
        LOG.info("connection {} open: {}", connectionId, spec);
        long spacing = 1_000 / CONTROL_PER_SECOND;
        for (int i = 0; i < spec.subscribeMessages().size(); i++) {
            String message = spec.subscribeMessages().get(i);
            scheduler.schedule(
                    () -> {
                        try {
                            if (isOpen()) {
                                send(message);
                            }
                        } catch (WebsocketNotConnectedException e) {
                            // closed since the check; its replacement subscribes afresh
                            LOG.debug("connection {} closed before a subscribe", connectionId);
                        }
                    },
                    i * spacing,
                    TimeUnit.MILLISECONDS);
        }
        onOpened.run();
    }

    /**
     * RFC 6455 with a bound on a message's size (a frame, or fragments together): the largest
     * payload a Kinesis record can carry. A bigger message could not be forwarded anyway; the
     * library stops reading it at the bound and closes with 1009 (too big) instead of buffering
     * whatever the peer sends.
     */
    /**
     * The standard draft with frames bounded by the envelope's payload limit, which also notes the
     * HTTP status of the handshake's answer: the library turns a 451 into a protocol error, and the
     * status would be lost.
     */
    private static final class StatusDraft extends Draft_6455 {
        /** Shared by the copies the library makes of a draft. */
        final AtomicInteger status;

        StatusDraft(AtomicInteger status) {
            super(
                    Collections.emptyList(),
                    Collections.singletonList(new Protocol("")),
                    EnvelopeFormat.MAX_PAYLOAD_BYTES);
            this.status = status;
        }

        @Override
        public Draft copyInstance() {
            return new StatusDraft(status);
        }

        @Override
        public Handshakedata translateHandshake(ByteBuffer buf) throws InvalidHandshakeException {
            status.compareAndSet(-1, statusOf(buf.duplicate()));
            return super.translateHandshake(buf);
        }
    }

    /** The status of an HTTP answer's first line ({@code HTTP/1.1 451 ...}), or -1. */
    static int statusOf(ByteBuffer buf) {
        StringBuilder line = new StringBuilder();
        while (buf.hasRemaining() && line.length() < 64) {
            char c = (char) (buf.get() & 0xFF);
            if (c == '\r' || c == '\n') {
                break;
            }
            line.append(c);
        }
        String[] parts = line.toString().split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
            return -1;
        }
        return Integer.parseInt(parts[1]);
    }

    /** The HTTP status the handshake was answered with; -1 before an answer. */
    private final AtomicInteger handshakeStatus;

    /** Why the venue refused this connection's handshake for good, if it did. */
    java.util.Optional<String> refusal() {
        return Refusals.fatal(handshakeStatus.get())
                ? metrics.refusals.of(Refusals.host(spec.uri()))
                : java.util.Optional.empty();
    }

    /** Taken out of service by a rotation: its close must not trigger a reconnect. */
    void retire() {
        retired = true;
        close();
    }

    /**
     * Closes with a close handshake, but waits at most {@code timeout} for it: a peer that never
     * answers (or a connection still opening) gets its socket dropped instead of hanging the
     * caller.
     */
    void closeWithin(Duration timeout) throws InterruptedException {
        retired = true;
        if (getReadyState() == ReadyState.NOT_YET_CONNECTED) {
            closeConnection(CloseFrame.ABNORMAL_CLOSE, "closed before it opened");
            return;
        }
        close();
        if (!closedLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn(
                    "connection {} gave no close handshake within {} ms: dropping it",
                    connectionId,
                    timeout.toMillis());
            closeConnection(CloseFrame.ABNORMAL_CLOSE, "no close handshake");
        }
    }

    boolean retired() {
        return retired;
    }

    long connectionId() {
        return connectionId;
    }

    long lastFrameNanos() {
        return lastFrameNanos;
    }

    @Override
    public void onWebsocketPing(
            org.java_websocket.WebSocket conn, org.java_websocket.framing.Framedata f) {
        lastFrameNanos = System.nanoTime();
        super.onWebsocketPing(conn, f);
    }

    @Override
    public void onMessage(String message) {
        byte[] frame = message.getBytes(StandardCharsets.UTF_8);
        forward(frame, Encoding.JSON, spec.classifier().textSymbol(frame));
        checkDelivered(frame, false);
        noteOverlap(frame, false);
        if (message.contains("\"serverShutdown\"")) {
            LOG.info("connection {} got serverShutdown: rotating now", connectionId);
            onServerShutdown.run();
        }
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
        byte[] frame = new byte[bytes.remaining()];
        bytes.get(frame);
        forward(frame, spec.classifier().binaryEncoding(), spec.classifier().binarySymbol(frame));
        checkDelivered(frame, true);
        noteOverlap(frame, true);
    }

    private void noteOverlap(byte[] frame, boolean binary) {
        Overlap o = overlap;
        if (o == null) {
            return;
        }
        if (o.done()) {
            overlap = null;
            return;
        }
        boolean[] data = {false};
        spec.classifier().streamsIn(frame, binary, stream -> data[0] = true);
        if (!data[0]) {
            return; // acks and pings are not the same frame on both connections
        }
        if (overlapAsOld) {
            o.old(frame);
        } else {
            o.replacement(frame);
        }
    }

    private void checkDelivered(byte[] frame, boolean binary) {
        Set<String> waiting = awaiting;
        if (waiting == null) {
            return;
        }
        spec.classifier().streamsIn(frame, binary, waiting::remove);
        if (waiting.isEmpty()) {
            awaiting = null;
            LOG.info(
                    "connection {} delivered on all {} streams",
                    connectionId,
                    spec.streams().size());
            onDelivered.run();
        }
    }

    private void forward(byte[] frame, Encoding encoding, String symbol) {
        long received = microsClock.getAsLong();
        lastFrameNanos = System.nanoTime();
        metrics.framesIn.increment();
        feedFrames.increment();
        metrics.bytesIn.add(frame.length);
        try {
            sink.accept(
                    keyPrefix + symbol,
                    spec.venue(),
                    encoding,
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
        if (Refusals.fatal(handshakeStatus.get())) {
            metrics.refused.increment();
            metrics.refusals.refuse(
                    Refusals.host(spec.uri()), handshakeStatus.get(), "the WebSocket handshake");
        }
        if (code == CloseFrame.TOOBIG && !remote) {
            metrics.oversizeFrames.increment();
            LOG.warn(
                    "connection {} sent a message over {} bytes: closed, reconnecting",
                    connectionId,
                    EnvelopeFormat.MAX_PAYLOAD_BYTES);
        }
        LOG.info(
                "connection {} closed: {} {} (remote: {}, retired: {})",
                connectionId,
                code,
                reason,
                remote,
                retired);
        closedLatch.countDown();
        Overlap o = overlap;
        if (o != null && overlapAsOld) {
            o.end(); // gone before it caught up (the venue closed it): nothing left to wait for
        }
        onClosed.run();
    }

    @Override
    public void onError(Exception ex) {
        LOG.warn(
                "connection {} ({}) error: {}",
                connectionId,
                spec.name(),
                ex.getClass().getSimpleName());
    }
}
