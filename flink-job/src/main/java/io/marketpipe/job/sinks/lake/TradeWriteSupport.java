package io.marketpipe.job.sinks.lake;

import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.lake.TradeRecord;
import java.util.Set;
import org.apache.flink.formats.parquet.ParquetBuilder;

/** Table {@code trades}, written column by column (the hottest table). */
final class TradeWriteSupport extends ColumnWriteSupport<Trade> {
    static final ParquetBuilder<Trade> BUILDER =
            builder(
                    TradeWriteSupport::new,
                    Set.of(
                            "trade_id",
                            "price",
                            "quantity",
                            "trade_time",
                            "event_time",
                            "receive_time"));

    TradeWriteSupport() {
        super(TradeRecord.getClassSchema());
    }

    @Override
    void writeFields(Trade t) {
        string("venue", t.venue.name());
        string("symbol", t.symbol);
        if (t.tradeId != Trade.NO_ID) {
            int64("trade_id", t.tradeId);
        }
        decimal("price", t.price);
        decimal("quantity", t.quantity);
        int64("trade_time", t.tradeTime);
        int64("event_time", t.eventTime);
        bool("buyer_is_maker", t.buyerIsMaker);
        int64("receive_time", t.receivedMicros);
        string("origin", t.origin.name());
    }
}
