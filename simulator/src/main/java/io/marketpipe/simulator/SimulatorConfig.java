package io.marketpipe.simulator;

import java.util.List;

/** What the simulated exchange serves. Defaults are stated on each builder method. */
public final class SimulatorConfig {
    final int port;
    final List<String> symbols;
    final double tradesPerSecond;
    final long seed;
    final TradeClock clock;
    final long maxTrades;
    final long garbageEvery;
    final SimFeed feed;
    final String requiredApiKey;
    final String requiredToken;
    final int finnhubBatch;
    final int restPort;
    final long rateLimitEvery;
    final long dropEvery;
    final long gapEvery;
    final int gapSize;
    final long duplicateEvery;
    final java.time.Duration pingInterval;
    final java.time.Duration streamStartDelay;
    final long firstTradeId;

    private SimulatorConfig(Builder b) {
        this.port = b.port;
        this.symbols = List.copyOf(b.symbols);
        this.tradesPerSecond = b.tradesPerSecond;
        this.seed = b.seed;
        this.clock = b.clock;
        this.maxTrades = b.maxTrades;
        this.garbageEvery = b.garbageEvery;
        this.feed = b.feed;
        this.requiredApiKey = b.requiredApiKey;
        this.requiredToken = b.requiredToken;
        this.finnhubBatch = b.finnhubBatch;
        this.restPort = b.restPort;
        this.rateLimitEvery = b.rateLimitEvery;
        this.dropEvery = b.dropEvery;
        this.gapEvery = b.gapEvery;
        this.gapSize = b.gapSize;
        this.duplicateEvery = b.duplicateEvery;
        this.pingInterval = b.pingInterval;
        this.streamStartDelay = b.streamStartDelay;
        this.firstTradeId = b.firstTradeId;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builder; defaults: port 0 (any free), BTCUSDT and ETHUSDT, 100 trades/s, seed 42, wall clock,
     * unlimited, no garbage.
     */
    public static final class Builder {
        private int port;
        private List<String> symbols = List.of("BTCUSDT", "ETHUSDT");
        private double tradesPerSecond = 100;
        private long seed = 42;
        private TradeClock clock = TradeClock.wall();
        private long maxTrades = Long.MAX_VALUE;
        private long garbageEvery;
        private SimFeed feed = SimFeed.BINANCE_JSON;
        private String requiredApiKey;
        private String requiredToken;
        private int finnhubBatch = 5;
        private int restPort = -1;
        private long rateLimitEvery;
        private long dropEvery;
        private long gapEvery;
        private int gapSize = 50;
        private long duplicateEvery;
        private java.time.Duration pingInterval = java.time.Duration.ofSeconds(20);
        private java.time.Duration streamStartDelay = java.time.Duration.ZERO;
        private long firstTradeId = 1;

        private Builder() {}

        /**
         * Each symbol's first trade id (default 1): a run that resumes an earlier one's state
         * starts above the ids that one used, as a real exchange's ids keep counting.
         */
        public Builder firstTradeId(long id) {
            if (id < 1) {
                throw new IllegalArgumentException("firstTradeId must be >= 1");
            }
            this.firstTradeId = id;
            return this;
        }

        /**
         * A new connection gets data only this long after its handshake (default 0), as a real
         * exchange takes a moment to start a connection's streams: a client that trusts the
         * handshake alone loses what is sent meanwhile.
         */
        public Builder streamStartDelay(java.time.Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("streamStartDelay must be >= 0");
            }
            this.streamStartDelay = delay;
            return this;
        }

        /** How often every (not stalled) client is pinged; Binance pings every 20 s. */
        public Builder pingInterval(java.time.Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("pingInterval must be > 0");
            }
            this.pingInterval = interval;
            return this;
        }

        /** Serve Binance REST historicalTrades on this port (0 = any free); off unless set. */
        public Builder restPort(int port) {
            this.restPort = port;
            return this;
        }

        /** Fault: every N-th REST request gets 429 with Retry-After: 1 (0 = never). */
        public Builder rateLimitEvery(long n) {
            this.rateLimitEvery = n;
            return this;
        }

        /** Fault: drop every client connection after every N-th trade (0 = never). */
        public Builder dropEvery(long n) {
            this.dropEvery = n;
            return this;
        }

        /**
         * Fault: after every N-th trade, withhold the next {@code size} trades from the live stream
         * (REST has them).
         */
        public Builder gaps(long every, int size) {
            this.gapEvery = every;
            this.gapSize = size;
            return this;
        }

        /** Fault: send every N-th trade frame twice (0 = never). */
        public Builder duplicateEvery(long n) {
            this.duplicateEvery = n;
            return this;
        }

        public Builder feed(SimFeed feed) {
            this.feed = feed;
            return this;
        }

        /** Binance SBE: refuse handshakes whose X-MBX-APIKEY header is not this key. */
        public Builder requiredApiKey(String apiKey) {
            this.requiredApiKey = apiKey;
            return this;
        }

        /** Finnhub: refuse connections whose {@code token} query parameter is not this token. */
        public Builder requiredToken(String token) {
            this.requiredToken = token;
            return this;
        }

        /** Finnhub: trades per batched message. */
        public Builder finnhubBatch(int trades) {
            if (trades < 1) {
                throw new IllegalArgumentException("finnhubBatch must be >= 1");
            }
            this.finnhubBatch = trades;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder symbols(List<String> symbols) {
            if (symbols.isEmpty()) {
                throw new IllegalArgumentException("at least one symbol is needed");
            }
            this.symbols = symbols;
            return this;
        }

        /** Total trades per second across all symbols. */
        public Builder tradesPerSecond(double rate) {
            if (!(rate > 0)) {
                throw new IllegalArgumentException("rate must be > 0, was " + rate);
            }
            this.tradesPerSecond = rate;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder clock(TradeClock clock) {
            this.clock = clock;
            return this;
        }

        /** Stop producing after this many trades. */
        public Builder maxTrades(long maxTrades) {
            this.maxTrades = maxTrades;
            return this;
        }

        /** After every N-th trade frame, also send a truncated (undecodable) frame; 0 disables. */
        public Builder garbageEvery(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("garbageEvery must be >= 0");
            }
            this.garbageEvery = n;
            return this;
        }

        public SimulatorConfig build() {
            return new SimulatorConfig(this);
        }
    }
}
