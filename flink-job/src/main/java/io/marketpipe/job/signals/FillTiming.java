package io.marketpipe.job.signals;

import java.util.Locale;

/** When a decision taken on a bar's close is executed. */
public enum FillTiming {
    /** At the next bar's open: what a live strategy can really do (no look-ahead). The default. */
    NEXT_OPEN,
    /**
     * At the signal bar's own close, for comparison. It flatters results: the close is only known
     * once the bar has ended, so no order could have traded at it.
     */
    SIGNAL_CLOSE;

    public static FillTiming parse(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "next-open":
                return NEXT_OPEN;
            case "signal-close":
                return SIGNAL_CLOSE;
            default:
                throw new IllegalArgumentException(
                        "fill \"" + name + "\" is not next-open or signal-close");
        }
    }
}
