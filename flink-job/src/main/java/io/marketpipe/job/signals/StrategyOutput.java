package io.marketpipe.job.signals;

import io.marketpipe.job.model.EquityPoint;
import io.marketpipe.job.model.Fill;
import io.marketpipe.job.model.RoundTrip;
import io.marketpipe.job.model.Signal;

/** Where a {@link StrategyEngine} puts what one bar produced. */
public interface StrategyOutput {
    void signal(Signal signal);

    void fill(Fill fill);

    void roundTrip(RoundTrip roundTrip);

    void equity(EquityPoint point);
}
