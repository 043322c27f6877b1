package io.marketpipe.job.model;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A trade on its way from decode to the late filter, through dedupe. It carries the frame it came
 * from only while it may still be quarantined as LATE, so the LATE record can hold that frame:
 * {@code DecodedEventRouter} attaches it to a trade already further behind its watermark than the
 * allowed lateness (the late filter's watermark is never ahead of the router's, so no other trade
 * can be LATE there), and {@code LateTradeFilter} unwraps every trade. Serialized by {@link
 * RoutedTradeSerializer}; a trade without a frame pays one byte for it.
 */
@TypeInfo(RoutedTradeTypeInfo.Factory.class)
public class RoutedTrade {
    public Trade trade;

    /** The frame {@link #trade} came from, or null when it cannot be LATE. */
    public RawFrame lateFrame;

    public RoutedTrade() {}

    public RoutedTrade(Trade trade, RawFrame lateFrame) {
        this.trade = trade;
        this.lateFrame = lateFrame;
    }

    /** The trade's {@link Trade#instrument()}: the key of dedupe and of everything after it. */
    public String instrument() {
        return trade.instrument();
    }
}
