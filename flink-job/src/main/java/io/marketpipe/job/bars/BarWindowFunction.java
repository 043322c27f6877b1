package io.marketpipe.job.bars;

import io.marketpipe.job.model.Bar;
import io.marketpipe.schemas.envelope.Venue;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Turns a window's accumulator into a {@link Bar} keyed by {@code VENUE:SYMBOL}. */
public final class BarWindowFunction
        extends ProcessWindowFunction<BarAccumulator, Bar, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private final String interval;

    public BarWindowFunction(String interval) {
        this.interval = interval;
    }

    @Override
    public void process(
            String instrument, Context ctx, Iterable<BarAccumulator> accs, Collector<Bar> out) {
        int colon = instrument.indexOf(':');
        BarAccumulator acc = accs.iterator().next();
        out.collect(
                acc.toBar(
                        Venue.valueOf(instrument.substring(0, colon)),
                        instrument.substring(colon + 1),
                        interval,
                        ctx.window().getStart(),
                        ctx.window().getEnd()));
    }
}
