package io.marketpipe.job.decode;

import io.marketpipe.job.model.AggTrade;
import io.marketpipe.job.model.BookUpdate;
import io.marketpipe.job.model.Gap;
import io.marketpipe.job.model.Kline;
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
    final List<BookUpdate> books = new ArrayList<>();
    final List<AggTrade> aggTrades = new ArrayList<>();
    final List<Kline> klines = new ArrayList<>();
    final List<String> details = new ArrayList<>();
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
    public void book(BookUpdate update) {
        books.add(update);
    }

    @Override
    public void aggTrade(AggTrade aggTrade) {
        aggTrades.add(aggTrade);
    }

    @Override
    public void kline(Kline kline) {
        klines.add(kline);
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
        details.add(detail);
    }
}
