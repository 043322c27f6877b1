package io.marketpipe.job.signals;

import io.marketpipe.job.model.EquityPoint;
import io.marketpipe.job.model.Fill;
import io.marketpipe.job.model.RoundTrip;
import io.marketpipe.job.model.Signal;
import java.util.ArrayList;
import java.util.List;

/** Keeps everything an engine produced. */
final class RecordingOutput implements StrategyOutput {
    final List<Signal> signals = new ArrayList<>();
    final List<Fill> fills = new ArrayList<>();
    final List<RoundTrip> roundTrips = new ArrayList<>();
    final List<EquityPoint> equity = new ArrayList<>();

    @Override
    public void signal(Signal signal) {
        signals.add(signal);
    }

    @Override
    public void fill(Fill fill) {
        fills.add(fill);
    }

    @Override
    public void roundTrip(RoundTrip roundTrip) {
        roundTrips.add(roundTrip);
    }

    @Override
    public void equity(EquityPoint point) {
        equity.add(point);
    }
}
