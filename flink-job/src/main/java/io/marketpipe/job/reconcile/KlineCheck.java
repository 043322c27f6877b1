package io.marketpipe.job.reconcile;

import io.marketpipe.job.model.Bar;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.Kline;
import io.marketpipe.job.model.Reconciliation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Our bar against the venue's closed kline of the same window: open, high, low, close, volume and
 * trade count must be equal; quote volume, which Binance gives to 8 places of a sum of products of
 * up to 16, within one unit of the 8th place. Plain Java.
 */
public final class KlineCheck {
    /** One unit in the last place Binance gives a quote volume. */
    static final BigDecimal QUOTE_VOLUME_ULP = BigDecimal.ONE.movePointLeft(Decimals.SCALE);

    private KlineCheck() {}

    /** Every field that differs, as rows; empty when the bar is the kline. */
    public static List<Reconciliation> differences(Bar bar, Kline kline) {
        List<Reconciliation> out = new ArrayList<>();
        units(out, bar, "open", bar.open, kline.open);
        units(out, bar, "high", bar.high, kline.high);
        units(out, bar, "low", bar.low, kline.low);
        units(out, bar, "close", bar.close, kline.close);
        BigDecimal volume = Decimals.toBigDecimal(kline.volume);
        if (bar.volume.compareTo(volume) != 0) {
            out.add(row(bar, "volume", bar.volume.toPlainString(), volume.toPlainString()));
        }
        BigDecimal quote = new BigDecimal(kline.quoteVolume);
        if (bar.quoteVolume.subtract(quote).abs().compareTo(QUOTE_VOLUME_ULP) > 0) {
            out.add(
                    row(
                            bar,
                            "quote_volume",
                            bar.quoteVolume.toPlainString(),
                            quote.toPlainString()));
        }
        if (bar.tradeCount != kline.tradeCount) {
            out.add(
                    row(
                            bar,
                            "trade_count",
                            Long.toString(bar.tradeCount),
                            Long.toString(kline.tradeCount)));
        }
        return out;
    }

    /** A kline of trades the venue closed and we made no bar of. */
    public static Reconciliation noBar(Kline kline) {
        Reconciliation r = new Reconciliation();
        r.venue = kline.venue;
        r.symbol = kline.symbol;
        r.interval = kline.interval;
        r.windowStart = kline.openTime;
        r.reason = Reconciliation.Reason.NO_BAR;
        r.theirs = kline.tradeCount + " trades";
        return r;
    }

    private static void units(
            List<Reconciliation> out, Bar bar, String field, long ours, long theirs) {
        if (ours != theirs) {
            out.add(row(bar, field, Decimals.toPlainString(ours), Decimals.toPlainString(theirs)));
        }
    }

    private static Reconciliation row(Bar bar, String field, String ours, String theirs) {
        Reconciliation r = new Reconciliation();
        r.venue = bar.venue;
        r.symbol = bar.symbol;
        r.interval = bar.interval;
        r.windowStart = bar.windowStart;
        r.reason = Reconciliation.Reason.MISMATCH;
        r.field = field;
        r.ours = ours;
        r.theirs = theirs;
        return r;
    }
}
