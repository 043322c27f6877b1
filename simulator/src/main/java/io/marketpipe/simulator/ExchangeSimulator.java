package io.marketpipe.simulator;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Binance-like spot exchange on 127.0.0.1: serves {@code /stream?streams=...} (combined) and
 * {@code /ws/...} (raw) trade streams, answers SUBSCRIBE/UNSUBSCRIBE, and produces trades at a
 * fixed rate once {@link #startTrading()} is called. Every trade it produces is reported to its
 * trade listeners before it is sent, so a test knows exactly what went out.
 */
public final class ExchangeSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeSimulator.class);
    private static final Pattern CONTROL =
            Pattern.compile(
                    "\"method\"\\s*:\\s*\"(SUBSCRIBE|UNSUBSCRIBE)\".*\"id\"\\s*:\\s*(\\d+)",
                    Pattern.DOTALL);
    private static final Pattern FINNHUB_CONTROL =
            Pattern.compile(
                    "\"type\"\\s*:\\s*\"(subscribe|unsubscribe)\".*\"symbol\"\\s*:\\s*\"([^\"]+)\"",
                    Pattern.DOTALL);
    private static final Pattern PARAM = Pattern.compile("\"([^\"@\\\\]+@[a-zA-Z0-9_@]+)\"");

    private final SimulatorConfig config;
    private final TradeGenerator generator;
    private final Server server;
    private final List<Consumer<SimTrade>> tradeListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong tradesProduced = new AtomicLong();

    /** Trades whose frames have gone out (or were withheld): what {@link #finished()} counts. */
    private final AtomicLong tradesPublished = new AtomicLong();

    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong garbageSent = new AtomicLong();
    private final CountDownLatch started = new CountDownLatch(1);
    private final BinanceSbe sbe = new BinanceSbe();
    private final TradeHistory history = new TradeHistory(1_000_000);
    private final AtomicLong withheld = new AtomicLong();
    private long withholdRemaining;
    private volatile boolean faultsOn = true;
    private RestServer rest;
    private final java.util.concurrent.ScheduledExecutorService pinger =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "simulator-ping");
                        t.setDaemon(true);
                        return t;
                    });
    private final AtomicLong pongs = new AtomicLong();
    private final List<Long> controlArrivalNanos = new CopyOnWriteArrayList<>();
    private final java.util.Set<WebSocket> stalled =
            java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<SimTrade> finnhubPending = new java.util.ArrayList<>();
    private volatile Thread producer;
    private volatile boolean closed;
    private volatile Throwable producerFailure;

    public ExchangeSimulator(SimulatorConfig config) {
        this.config = config;
        this.generator =
                new TradeGenerator(config.symbols, config.seed, config.clock, config.firstTradeId);
        this.server =
                new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port));
        for (String symbol : generator.symbols()) {
            books.put(symbol, new SimBook(symbol, config.seed, FIRST_UPDATE_ID));
            klines.put(symbol, new SimKlines(symbol));
            aggTrades.put(symbol, new SimAggTrades(symbol));
        }
    }

    /** Where every book's update ids start (Binance's are large; any start works). */
    static final long FIRST_UPDATE_ID = 5_000_000;

    private final java.util.Map<String, SimBook> books = new java.util.LinkedHashMap<>();
    private final java.util.Map<String, SimKlines> klines = new java.util.HashMap<>();
    private final java.util.Map<String, SimAggTrades> aggTrades = new java.util.LinkedHashMap<>();

    /**
     * Book faults to make once, by symbol: drop its next diff, cross it, serve a stale snapshot.
     */
    private final java.util.Set<String> dropNextDiff =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final java.util.Set<String> crossNextDiff =
            java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Map<String, String> staleSnapshots =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong diffsDropped = new AtomicLong();

    /**
     * Whether the books follow the trades: from the first subscription of a depth or bookTicker
     * stream, or the first depth request, on. Until then no one looks, and trades cost no book.
     */
    private volatile boolean booksOn;

    private static boolean bookStream(String stream) {
        return stream.contains("@depth")
                || stream.endsWith("@bookTicker")
                || stream.endsWith("@bestBidAsk");
    }

    /** The true book of {@code symbol}'s trades. */
    SimBook book(String symbol) {
        return books.get(symbol);
    }

    /** The book's update id and top {@code [bid, bidQty, ask, askQty]} now, or null. */
    public long[] topOfBook(String symbol) {
        SimBook book = books.get(symbol);
        long[] top = book == null ? null : book.top();
        if (top == null) {
            return null;
        }
        return new long[] {book.updateId(), top[0], top[1], top[2], top[3]};
    }

    /** The fault of a diff lost on the way: the symbol's next diff (each speed) is not sent. */
    public void dropNextDiff(String symbol) {
        dropNextDiff.add(symbol);
    }

    /** The fault of a crossed update: the symbol's next diff sets a bid at the best ask. */
    public void crossNextDiff(String symbol) {
        crossNextDiff.add(symbol);
    }

    /**
     * The fault of a stale snapshot: the book as of now is kept and answered to the symbol's next
     * depth request, whenever it comes, older than the diffs a client holds by then.
     */
    public void staleNextSnapshot(String symbol) {
        SimBook book = books.get(symbol);
        if (book != null) {
            staleSnapshots.put(symbol, book.snapshot(5_000));
        }
    }

    public long diffsDropped() {
        return diffsDropped.get();
    }

    /** The body of {@code GET /api/v3/depth} for {@code symbol}, or null. */
    private String depthSnapshot(String symbol, int limit) {
        booksOn = true;
        String stale = staleSnapshots.remove(symbol);
        if (stale != null) {
            return stale;
        }
        SimBook book = books.get(symbol);
        return book == null ? null : book.snapshot(limit);
    }

    /**
     * Sends each book's diff gathered at {@code speed} to its depth stream: JSON {@code
     * depth@100ms} or {@code depth}, or SBE {@code depth} (10003). The faults apply to the feed's
     * fastest diffs: 100 ms on JSON, 20 ms on SBE.
     */
    private void flushDepth(int speed) {
        boolean sbeFeed = config.feed == SimFeed.BINANCE_SBE;
        if (sbeFeed != (speed == SimBook.SBE) || config.feed == SimFeed.FINNHUB) {
            // a speed this feed does not send: what it gathered goes, so it cannot pile up
            books.values().forEach(b -> b.flushDiff(speed, false));
            return;
        }
        boolean faulted = speed == SimBook.FAST || speed == SimBook.SBE;
        for (SimBook book : books.values()) {
            String symbol = book.symbol();
            SimBook.Diff diff = book.flushDiff(speed, faulted && crossNextDiff.remove(symbol));
            if (diff == null) {
                continue;
            }
            if (faulted && dropNextDiff.remove(symbol)) {
                diffsDropped.incrementAndGet();
                continue;
            }
            String trades = BinanceJson.streamName(symbol);
            if (sbeFeed) {
                sendBinary(trades.replace("@trade", "@depth"), sbe.depthDiff(symbol, diff));
            } else {
                broadcast(
                        trades.replace("@trade", speed == SimBook.FAST ? "@depth@100ms" : "@depth"),
                        SimBook.json(symbol, diff),
                        false);
            }
        }
    }

    /** Sends each book's best 20 levels to its SBE {@code depth20} stream (10002). */
    private void sendDepth20() {
        if (config.feed != SimFeed.BINANCE_SBE || !booksOn) {
            return;
        }
        for (SimBook book : books.values()) {
            SimBook.Diff top = book.top(20);
            if (top != null) {
                sendBinary(
                        BinanceJson.streamName(book.symbol()).replace("@trade", "@depth20"),
                        sbe.depth20(book.symbol(), top));
            }
        }
    }

    /** Sends every open aggregate (each is at most 100 ms old then). */
    private void flushAggTrades() {
        if (config.feed != SimFeed.BINANCE_JSON) {
            return;
        }
        for (java.util.Map.Entry<String, SimAggTrades> e : aggTrades.entrySet()) {
            e.getValue().flush(event -> sendAggTrade(e.getKey(), event));
        }
    }

    private void sendAggTrade(String symbol, String event) {
        broadcast(BinanceJson.streamName(symbol).replace("@trade", "@aggTrade"), event, false);
    }

    /**
     * Runs {@code task} every {@code millis}; a failure is logged and the task goes on, where a
     * scheduled task that throws would stop for good without a word.
     */
    private void every(long millis, String what, Runnable task) {
        pinger.scheduleAtFixedRate(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.error("the simulator's {} failed", what, e);
                    }
                },
                millis,
                millis,
                TimeUnit.MILLISECONDS);
    }

    /** Binds the port and waits until the server accepts connections. */
    public ExchangeSimulator start() throws InterruptedException {
        server.setReuseAddr(true);
        server.setConnectionLostTimeout(0); // we ping ourselves, so a stall can stop pings too
        server.start();
        every(config.pingInterval.toMillis(), "pings", this::ping);
        every(100, "100 ms depth diffs", () -> flushDepth(SimBook.FAST));
        every(1_000, "1 s depth diffs", () -> flushDepth(SimBook.SLOW));
        every(20, "SBE depth diffs", () -> flushDepth(SimBook.SBE));
        every(50, "depth20", this::sendDepth20);
        every(100, "aggTrades", this::flushAggTrades);
        if (!started.await(10, TimeUnit.SECONDS) || server.failure != null) {
            throw new IllegalStateException(
                    "simulator could not listen on port " + config.port, server.failure);
        }
        if (config.restPort >= 0) {
            try {
                rest =
                        new RestServer(
                                config.restPort,
                                history,
                                config.rateLimitEvery,
                                this::depthSnapshot);
            } catch (java.io.IOException e) {
                server.stop(1_000);
                throw new IllegalStateException(
                        "simulator REST could not listen on port " + config.restPort, e);
            }
        }
        LOG.info(
                "exchange simulator {} on ws://127.0.0.1:{} for {}",
                config.feed,
                port(),
                generator.symbols());
        return this;
    }

    public int port() {
        return server.getPort();
    }

    /**
     * Base URL of the REST endpoint ({@code http://127.0.0.1:PORT}); needs {@code restPort} set.
     */
    public String restUrl() {
        if (rest == null) {
            throw new IllegalStateException("REST is off: set restPort");
        }
        return "http://127.0.0.1:" + rest.port();
    }

    public long restRequests() {
        return rest == null ? 0 : rest.requests();
    }

    public long restRateLimited() {
        return rest == null ? 0 : rest.rateLimited();
    }

    /** Trades kept off the live stream by the gap fault (REST still has them). */
    public long tradesWithheld() {
        return withheld.get();
    }

    /** The combined-stream URL for all simulated symbols' trade streams. */
    public String combinedStreamUrl() {
        StringBuilder url =
                new StringBuilder("ws://127.0.0.1:").append(port()).append("/stream?streams=");
        List<String> symbols = generator.symbols();
        for (int i = 0; i < symbols.size(); i++) {
            url.append(i == 0 ? "" : "/").append(BinanceJson.streamName(symbols.get(i)));
        }
        return URI.create(url.toString()).toASCIIString();
    }

    public List<String> symbols() {
        return generator.symbols();
    }

    public void onTrade(Consumer<SimTrade> listener) {
        tradeListeners.add(listener);
    }

    public long tradesProduced() {
        return tradesProduced.get();
    }

    public long framesSent() {
        return framesSent.get();
    }

    public long garbageSent() {
        return garbageSent.get();
    }

    /** Turns the configured trade-driven faults (drops, gaps, duplicates, garbage) on or off. */
    public void faults(boolean on) {
        faultsOn = on;
    }

    /**
     * Fault: announces an imminent disconnect to every client, as Binance does before maintenance.
     */
    public void sendServerShutdown() {
        String event = "{\"e\":\"serverShutdown\",\"E\":" + System.currentTimeMillis() + "}";
        for (WebSocket conn : server.getConnections()) {
            try {
                conn.send(event); // a control event: not counted in framesSent
            } catch (WebsocketNotConnectedException e) {
                // already closed
            }
        }
    }

    /** Fault: the connections open now get nothing more (trades go on for later connections). */
    public void stallCurrentConnections() {
        for (WebSocket conn : server.getConnections()) {
            stalled.add(conn);
        }
    }

    /** Fault: closes every client connection abruptly (no close handshake). */
    public void dropConnections() {
        for (WebSocket conn : server.getConnections()) {
            conn.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped by the simulator");
        }
    }

    private void ping() {
        for (WebSocket conn : server.getConnections()) {
            if (conn.isOpen() && !stalled.contains(conn)) {
                try {
                    conn.sendPing();
                } catch (WebsocketNotConnectedException e) {
                    // closed since the check; a failure here would cancel every later ping
                }
            }
        }
    }

    /** Pongs received from clients. */
    public long pongsReceived() {
        return pongs.get();
    }

    /** When each client text message (subscribe, unsubscribe) arrived, in System.nanoTime(). */
    public List<Long> controlMessageArrivals() {
        return List.copyOf(controlArrivalNanos);
    }

    /**
     * Streams (or Finnhub symbols) subscribed and started (see {@code streamStartDelay}), summed
     * over open connections.
     */
    public int subscribedStreams() {
        int n = 0;
        for (WebSocket conn : server.getConnections()) {
            Subscription sub = conn.getAttachment();
            n += sub == null || !sub.started() ? 0 : sub.streams.size();
        }
        return n;
    }

    public int connectionCount() {
        return server.getConnections().size();
    }

    /**
     * Whether the producer has made all {@code maxTrades} trades and sent their frames (so {@link
     * #framesSent()} is final once this is true).
     */
    public boolean finished() {
        Throwable failure = producerFailure;
        if (failure != null) {
            throw new IllegalStateException("the simulator's trade producer died", failure);
        }
        return tradesPublished.get() >= config.maxTrades;
    }

    /** Starts producing trades at the configured rate on a background thread. */
    public synchronized void startTrading() {
        if (producer != null) {
            return;
        }
        producer = new Thread(this::produce, "simulator-trades");
        producer.setDaemon(true);
        producer.start();
    }

    /** Stops producing trades; connections stay open. */
    public void stopTrading() throws InterruptedException {
        closed = true;
        Thread p = producer;
        if (p != null) {
            p.join(5_000);
        }
    }

    private void produce() {
        try {
            produceUntilDone();
        } catch (RuntimeException | Error e) {
            producerFailure = e;
            LOG.error("trade producer died after {} trades", tradesProduced.get(), e);
        }
    }

    private void produceUntilDone() {
        long intervalNanos = (long) (1_000_000_000L / config.tradesPerSecond);
        long due = System.nanoTime();
        while (!closed && tradesProduced.get() < config.maxTrades) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            publish(generator.next());
            due += intervalNanos;
        }
    }

    private void publish(SimTrade trade) {
        tradeListeners.forEach(l -> l.accept(trade));
        history.add(trade);
        SimKlines kline = klines.get(trade.symbol());
        if (kline != null && config.feed == SimFeed.BINANCE_JSON) {
            for (String event : kline.trade(trade)) {
                if (event != null) {
                    broadcast(
                            BinanceJson.streamName(trade.symbol()).replace("@trade", "@kline_1m"),
                            event,
                            false);
                }
            }
        }
        SimAggTrades aggregates = aggTrades.get(trade.symbol());
        if (aggregates != null && config.feed == SimFeed.BINANCE_JSON) {
            aggregates.trade(trade, event -> sendAggTrade(trade.symbol(), event));
        }
        SimBook book = booksOn ? books.get(trade.symbol()) : null;
        if (book != null) {
            book.trade(trade);
            if (config.feed == SimFeed.BINANCE_JSON) {
                String ticker = book.bookTicker();
                if (ticker != null) {
                    broadcast(
                            BinanceJson.streamName(trade.symbol()).replace("@trade", "@bookTicker"),
                            ticker,
                            false);
                }
            } else if (config.feed == SimFeed.BINANCE_SBE) {
                SimBook.Diff top = book.top(1);
                if (top != null) {
                    sendBinary(
                            BinanceJson.streamName(trade.symbol()).replace("@trade", "@bestBidAsk"),
                            sbe.bestBidAsk(trade.symbol(), top));
                }
            }
        }
        long n = tradesProduced.incrementAndGet();
        boolean garbage = faultsOn && config.garbageEvery > 0 && n % config.garbageEvery == 0;
        if (withholdRemaining > 0) {
            withholdRemaining--;
            withheld.incrementAndGet();
        } else {
            int copies =
                    faultsOn && config.duplicateEvery > 0 && n % config.duplicateEvery == 0 ? 2 : 1;
            send(trade, n, garbage, copies);
        }
        if (garbage) {
            garbageSent.incrementAndGet();
        }
        if (faultsOn && config.gapEvery > 0 && n % config.gapEvery == 0) {
            withholdRemaining = config.gapSize;
        }
        if (faultsOn && config.dropEvery > 0 && n % config.dropEvery == 0) {
            dropConnections();
        }
        tradesPublished.incrementAndGet();
    }

    private void send(SimTrade trade, long n, boolean garbage, int copies) {
        switch (config.feed) {
            case BINANCE_SBE:
                byte[] frame = sbe.trades(List.of(trade));
                for (int i = 0; i < copies; i++) {
                    sendBinary(BinanceJson.streamName(trade.symbol()), frame);
                }
                if (garbage) {
                    sendBinary(
                            BinanceJson.streamName(trade.symbol()),
                            java.util.Arrays.copyOf(frame, frame.length / 2));
                }
                break;
            case FINNHUB:
                finnhubPending.add(trade);
                if (finnhubPending.size() >= config.finnhubBatch
                        || n >= config.maxTrades
                        || garbage) {
                    flushFinnhub(garbage);
                }
                break;
            default:
                String stream = BinanceJson.streamName(trade.symbol());
                String data = BinanceJson.trade(trade, trade.tradeTimeMillis());
                for (int i = 0; i < copies; i++) {
                    broadcast(stream, data, false);
                }
                if (garbage) {
                    broadcast(stream, data, true);
                }
        }
    }

    private void flushFinnhub(boolean alsoGarbage) {
        for (WebSocket conn : server.getConnections()) {
            Subscription sub = conn.getAttachment();
            if (sub == null || !conn.isOpen() || stalled.contains(conn)) {
                continue;
            }
            List<SimTrade> mine = new java.util.ArrayList<>();
            for (SimTrade t : finnhubPending) {
                if (sub.wants(t.symbol())) {
                    mine.add(t);
                }
            }
            if (!mine.isEmpty()) {
                String text = FinnhubJson.trades(mine);
                if (trySend(conn, text) && alsoGarbage) {
                    trySend(conn, text.substring(0, text.length() / 2));
                }
            }
        }
        finnhubPending.clear();
    }

    private void sendBinary(String stream, byte[] frame) {
        for (WebSocket conn : server.getConnections()) {
            Subscription sub = conn.getAttachment();
            if (sub != null && sub.wants(stream) && conn.isOpen() && !stalled.contains(conn)) {
                trySend(conn, frame);
            }
        }
    }

    private void broadcast(String stream, String data, boolean truncate) {
        for (WebSocket conn : server.getConnections()) {
            Subscription sub = conn.getAttachment();
            if (sub == null || !sub.wants(stream) || !conn.isOpen() || stalled.contains(conn)) {
                continue;
            }
            String text = sub.combined ? BinanceJson.combined(stream, data) : data;
            if (truncate) {
                text = text.substring(0, text.length() / 2);
            }
            trySend(conn, text);
        }
    }

    /**
     * Sends a trade frame and counts it, unless the client has closed since the caller looked: then
     * that client misses the frame, as it would from a real exchange, and nothing is counted.
     */
    private boolean trySend(WebSocket conn, String text) {
        try {
            conn.send(text);
        } catch (WebsocketNotConnectedException e) {
            return false;
        }
        framesSent.incrementAndGet();
        return true;
    }

    private boolean trySend(WebSocket conn, byte[] frame) {
        try {
            conn.send(frame);
        } catch (WebsocketNotConnectedException e) {
            return false;
        }
        framesSent.incrementAndGet();
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        stopTrading();
        pinger.shutdownNow();
        if (rest != null) {
            rest.close();
        }
        server.stop(2_000);
    }

    private final class Server extends WebSocketServer {
        volatile Exception failure;

        Server(InetSocketAddress address) {
            super(address);
        }

        @Override
        public org.java_websocket.handshake.ServerHandshakeBuilder
                onWebsocketHandshakeReceivedAsServer(
                        WebSocket conn,
                        org.java_websocket.drafts.Draft draft,
                        ClientHandshake request)
                        throws org.java_websocket.exceptions.InvalidDataException {
            if (config.feed == SimFeed.BINANCE_SBE
                    && config.requiredApiKey != null
                    && !config.requiredApiKey.equals(request.getFieldValue("X-MBX-APIKEY"))) {
                throw new org.java_websocket.exceptions.InvalidDataException(
                        CloseFrame.POLICY_VALIDATION, "API key required");
            }
            if (config.feed == SimFeed.FINNHUB
                    && config.requiredToken != null
                    && !config.requiredToken.equals(
                            Subscription.queryParameter(
                                    request.getResourceDescriptor(), "token"))) {
                throw new org.java_websocket.exceptions.InvalidDataException(
                        CloseFrame.POLICY_VALIDATION, "token required");
            }
            return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            Subscription sub = Subscription.fromPath(handshake.getResourceDescriptor());
            if (sub == null) {
                conn.close(
                        CloseFrame.POLICY_VALIDATION,
                        "unknown path " + handshake.getResourceDescriptor());
                return;
            }
            sub.activeFromNanos = System.nanoTime() + config.streamStartDelay.toNanos();
            conn.setAttachment(sub);
            if (sub.streams.stream().anyMatch(ExchangeSimulator::bookStream)) {
                booksOn = true;
            }
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            controlArrivalNanos.add(System.nanoTime());
            Subscription sub = conn.getAttachment();
            if (config.feed == SimFeed.FINNHUB) {
                Matcher m = FINNHUB_CONTROL.matcher(message);
                if (sub != null && m.find()) {
                    if (m.group(1).equals("subscribe")) {
                        sub.streams.add(m.group(2));
                    } else {
                        sub.streams.remove(m.group(2));
                    }
                }
                return;
            }
            Matcher control = CONTROL.matcher(message);
            if (sub == null || !control.find()) {
                return;
            }
            Matcher params = PARAM.matcher(message);
            while (params.find()) {
                if (control.group(1).equals("SUBSCRIBE")) {
                    sub.streams.add(params.group(1));
                    booksOn |= bookStream(params.group(1));
                } else {
                    sub.streams.remove(params.group(1));
                }
            }
            try {
                conn.send(BinanceJson.subscriptionAck(Long.parseLong(control.group(2))));
            } catch (WebsocketNotConnectedException e) {
                LOG.debug("client closed before its subscription was acknowledged");
            }
        }

        @Override
        public void onMessage(WebSocket conn, java.nio.ByteBuffer message) {
            LOG.debug("ignoring {} binary bytes from a client", message.remaining());
        }

        @Override
        public void onWebsocketPong(WebSocket conn, org.java_websocket.framing.Framedata f) {
            pongs.incrementAndGet();
            super.onWebsocketPong(conn, f);
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            LOG.debug("client left: {} {}", code, reason);
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            if (conn == null) {
                failure = ex;
                started.countDown();
            } else {
                LOG.debug("client error: {}", ex.toString());
            }
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }
}
