package io.marketpipe.simulator;

/** Which venue protocol a simulator instance serves. */
public enum SimFeed {
    /** Binance spot JSON: /stream?streams=... (combined) and /ws/... (raw), text frames. */
    BINANCE_JSON,
    /** Binance spot SBE: same paths, binary SBE frames, X-MBX-APIKEY required at the handshake. */
    BINANCE_SBE,
    /** Finnhub: /?token=..., subscribe per symbol, batched trade messages. */
    FINNHUB
}
