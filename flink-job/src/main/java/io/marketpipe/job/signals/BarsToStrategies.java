package io.marketpipe.job.signals;

import io.marketpipe.job.model.Bar;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Hands each closed bar to every strategy that runs on its interval and trades its symbol. */
public final class BarsToStrategies implements FlatMapFunction<Bar, StrategyBar> {
    private static final long serialVersionUID = 1L;

    private final List<StrategySpec> specs;

    public BarsToStrategies(List<StrategySpec> specs) {
        this.specs = List.copyOf(specs);
    }

    @Override
    public void flatMap(Bar bar, Collector<StrategyBar> out) {
        for (StrategySpec spec : specs) {
            if (spec.interval.equals(bar.interval) && spec.trades(bar.symbol)) {
                out.collect(new StrategyBar(spec.id, bar));
            }
        }
    }
}
