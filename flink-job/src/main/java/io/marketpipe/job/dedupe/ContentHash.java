package io.marketpipe.job.dedupe;

import io.marketpipe.job.model.Trade;

/** A 64-bit content hash for trades without ids (Finnhub): price, quantity and trade time. */
public final class ContentHash {
    private ContentHash() {}

    public static long of(Trade t) {
        long h = 0xcbf29ce484222325L;
        h = mix(h, t.price);
        h = mix(h, t.quantity);
        h = mix(h, t.tradeTime);
        return h;
    }

    private static long mix(long h, long v) {
        long x = h ^ v;
        x *= 0x9E3779B97F4A7C15L;
        x ^= x >>> 32;
        x *= 0xBF58476D1CE4E5B9L;
        return x ^ (x >>> 29);
    }
}
