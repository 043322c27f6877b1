package io.marketpipe.job.decode;

import io.marketpipe.job.model.Gap;
import io.marketpipe.job.model.Quote;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.Trade;
import java.util.ArrayList;
import java.util.List;

/** Records what a decoder made of its frames, for assertions. */
final class RecordingDecodeSink implements DecodeSink {
    final List<Trade> trades = new ArrayList<>();
    final List<Quote> quotes = new ArrayList<>();
    final List<String> reasons = new ArrayList<>();
    final List<Gap> gaps = new ArrayList<>();
    int control;

    @Override
    public void trade(Trade trade) {
        trades.add(trade);
    }

    @Override
    public void quote(Quote quote) {
        quotes.add(quote);
    }

    @Override
    public void gap(Gap gap) {
        gaps.add(gap);
    }

    @Override
    public void control() {
        control++;
    }

    @Override
    public void quarantine(ReasonCode reason, String detail) {
        reasons.add(reason.name());
    }
}
