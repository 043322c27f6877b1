package io.marketpipe.job.sinks.lake;

import io.marketpipe.job.model.Quote;
import io.marketpipe.schemas.lake.QuoteRecord;
import java.util.Set;
import org.apache.flink.formats.parquet.ParquetBuilder;

/**
 * Table {@code quotes}, written column by column: a book quote has bid and ask (quantities may be
 * zero) and no last price; a price tick has only the last price.
 */
final class QuoteWriteSupport extends ColumnWriteSupport<Quote> {
    static final ParquetBuilder<Quote> BUILDER =
            builder(
                    QuoteWriteSupport::new,
                    Set.of(
                            "update_id",
                            "bid_price",
                            "bid_quantity",
                            "ask_price",
                            "ask_quantity",
                            "last_price",
                            "event_time",
                            "receive_time"));

    QuoteWriteSupport() {
        super(QuoteRecord.getClassSchema());
    }

    @Override
    void writeFields(Quote q) {
        string("venue", q.venue.name());
        string("symbol", q.symbol);
        if (q.updateId >= 0) {
            int64("update_id", q.updateId);
        }
        if (q.bidPrice > 0 || q.askPrice > 0) {
            decimal("bid_price", q.bidPrice);
            decimal("bid_quantity", q.bidQuantity);
            decimal("ask_price", q.askPrice);
            decimal("ask_quantity", q.askQuantity);
        } else {
            decimal("last_price", q.lastPrice);
        }
        int64("event_time", q.eventTime);
        int64("receive_time", q.receivedMicros);
    }
}
