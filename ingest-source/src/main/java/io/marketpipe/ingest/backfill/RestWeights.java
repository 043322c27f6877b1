package io.marketpipe.ingest.backfill;

import io.marketpipe.ingest.ForwarderMetrics;
import java.util.function.LongSupplier;

/**
 * The REST request weight one IP may spend a minute, shared by everything the forwarder asks REST
 * for (gap backfill, depth snapshots). Binance counts weight per calendar minute ({@code
 * X-MBX-USED-WEIGHT-1M}); a request that would take this minute past the budget waits for the next,
 * so a resync storm over many symbols is paced, never refused or banned. What waits is counted
 * ({@code rest_weight_waits}). Thread-safe.
 */
public final class RestWeights {
    /** Binance's limit, less headroom for anything else sharing the IP. */
    public static final int DEFAULT_BUDGET =
            BinanceRest.WEIGHT_LIMIT_PER_MINUTE - BinanceRest.WEIGHT_HEADROOM;

    private final int budget;
    private final ForwarderMetrics metrics;
    private final LongSupplier wallMillis;
    private final BinanceRest.Waits waits;
    private long minute = Long.MIN_VALUE;
    private int used;

    public RestWeights(ForwarderMetrics metrics) {
        this(DEFAULT_BUDGET, metrics, System::currentTimeMillis, Thread::sleep);
    }

    RestWeights(
            int budget,
            ForwarderMetrics metrics,
            LongSupplier wallMillis,
            BinanceRest.Waits waits) {
        if (budget < 1) {
            throw new IllegalArgumentException("a weight budget of at least 1 a minute");
        }
        this.budget = budget;
        this.metrics = metrics;
        this.wallMillis = wallMillis;
        this.waits = waits;
    }

    /**
     * Takes {@code weight} from this minute's budget, waiting for the next minute if it is spent.
     */
    public void take(int weight) throws InterruptedException {
        int w = Math.min(weight, budget); // a request heavier than the budget still goes, alone
        boolean waited = false;
        while (true) {
            long wait;
            synchronized (this) {
                long now = wallMillis.getAsLong();
                long thisMinute = now / 60_000;
                if (thisMinute != minute) {
                    minute = thisMinute;
                    used = 0;
                }
                if (used + w <= budget) {
                    used += w;
                    return;
                }
                wait = 60_000 - now % 60_000;
            }
            if (!waited) {
                metrics.restWeightWaits.increment();
                waited = true;
            }
            waits.sleep(wait);
        }
    }

    /** Weight used so far this minute, for tests and logs. */
    synchronized int usedThisMinute() {
        return minute == wallMillis.getAsLong() / 60_000 ? used : 0;
    }

    /** The weight of {@code GET /api/v3/depth} with {@code limit} levels. */
    public static int depthWeight(int limit) {
        if (limit <= 100) {
            return 5;
        }
        if (limit <= 500) {
            return 25;
        }
        return limit <= 1000 ? 50 : 250;
    }
}
