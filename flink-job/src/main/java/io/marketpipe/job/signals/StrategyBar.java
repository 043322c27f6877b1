package io.marketpipe.job.signals;

import io.marketpipe.job.model.Bar;

/** A closed bar on its way to one strategy. A Flink POJO. */
public class StrategyBar {
    public String strategy;
    public Bar bar;

    public StrategyBar() {}

    public StrategyBar(String strategy, Bar bar) {
        this.strategy = strategy;
        this.bar = bar;
    }

    /**
     * The state key: {@code STRATEGY#VENUE#SYMBOL}, as the DynamoDB signals and positions tables
     * key it.
     */
    public String key() {
        return strategy + '#' + bar.venue + '#' + bar.symbol;
    }
}
