package io.marketpipe.job.bars;

import io.marketpipe.job.model.Trade;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Folds trades into a {@link BarAccumulator}; the window function names the bar. */
public final class BarAggregate
        implements AggregateFunction<Trade, BarAccumulator, BarAccumulator> {
    private static final long serialVersionUID = 1L;

    @Override
    public BarAccumulator createAccumulator() {
        return new BarAccumulator();
    }

    @Override
    public BarAccumulator add(Trade trade, BarAccumulator acc) {
        acc.add(trade);
        return acc;
    }

    @Override
    public BarAccumulator getResult(BarAccumulator acc) {
        return acc;
    }

    @Override
    public BarAccumulator merge(BarAccumulator a, BarAccumulator b) {
        a.merge(b);
        return a;
    }
}
