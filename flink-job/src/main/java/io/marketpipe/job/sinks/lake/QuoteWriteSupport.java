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

    private final int venue = column("venue");
    private final int symbol = column("symbol");
    private final int updateId = column("update_id");
    private final int bidPrice = column("bid_price");
    private final int bidQuantity = column("bid_quantity");
    private final int askPrice = column("ask_price");
    private final int askQuantity = column("ask_quantity");
    private final int lastPrice = column("last_price");
    private final int eventTime = column("event_time");
    private final int receiveTime = column("receive_time");

    QuoteWriteSupport() {
        super(QuoteRecord.getClassSchema());
    }

    @Override
    void writeFields(Quote q) {
        string(venue, q.venue.name());
        string(symbol, q.symbol);
        if (q.updateId >= 0) {
            int64(updateId, q.updateId);
        }
        if (q.bidPrice > 0 || q.askPrice > 0) {
            decimal(bidPrice, q.bidPrice);
            decimal(bidQuantity, q.bidQuantity);
            decimal(askPrice, q.askPrice);
            decimal(askQuantity, q.askQuantity);
        } else {
            decimal(lastPrice, q.lastPrice);
        }
        int64(eventTime, q.eventTime);
        int64(receiveTime, q.receivedMicros);
    }
}
