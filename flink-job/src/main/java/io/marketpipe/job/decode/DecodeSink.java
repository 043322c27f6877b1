package io.marketpipe.job.decode;

import io.marketpipe.job.model.AggTrade;
import io.marketpipe.job.model.BookUpdate;
import io.marketpipe.job.model.Gap;
import io.marketpipe.job.model.Kline;
import io.marketpipe.job.model.Quote;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.Trade;

/**
 * What a decoder makes of one frame: trades, quotes, book updates, aggregate trades, klines, a
 * known gap, a control frame, or a quarantine reason.
 */
public interface DecodeSink {
    void trade(Trade trade);

    void quote(Quote quote);

    /** An order-book diff, snapshot or top 20. */
    void book(BookUpdate update);

    void aggTrade(AggTrade aggTrade);

    void kline(Kline kline);

    /** Trade ids the forwarder could not recover. */
    void gap(Gap gap);

    /** A subscription ack, ping or serverShutdown: not data, counted and skipped. */
    void control();

    void quarantine(ReasonCode reason, String detail);
}
