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

    private final int venue = column("venue");
    private final int symbol = column("symbol");
    private final int tradeId = column("trade_id");
    private final int price = column("price");
    private final int quantity = column("quantity");
    private final int tradeTime = column("trade_time");
    private final int eventTime = column("event_time");
    private final int buyerIsMaker = column("buyer_is_maker");
    private final int receiveTime = column("receive_time");
    private final int origin = column("origin");

    TradeWriteSupport() {
        super(TradeRecord.getClassSchema());
    }

    @Override
    void writeFields(Trade t) {
        string(venue, t.venue.name());
        string(symbol, t.symbol);
        if (t.tradeId != Trade.NO_ID) {
            int64(tradeId, t.tradeId);
        }
        decimal(price, t.price);
        decimal(quantity, t.quantity);
        int64(tradeTime, t.tradeTime);
        int64(eventTime, t.eventTime);
        bool(buyerIsMaker, t.buyerIsMaker);
        int64(receiveTime, t.receivedMicros);
        string(origin, t.origin.name());
    }
}
