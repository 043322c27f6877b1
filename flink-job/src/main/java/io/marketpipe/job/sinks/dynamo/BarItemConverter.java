package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.model.Bar;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.tables.DynamoTables;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequest;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequestType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A bar as a DynamoDB item keyed by (VENUE#SYMBOL#INTERVAL, window start): rewriting it is
 * idempotent.
 */
public final class BarItemConverter implements ElementConverter<Bar, DynamoDbWriteRequest> {
    private static final long serialVersionUID = 1L;

    @Override
    public DynamoDbWriteRequest apply(Bar bar, SinkWriter.Context context) {
        return DynamoDbWriteRequest.builder()
                .setType(DynamoDbWriteRequestType.PUT)
                .setItem(item(bar))
                .build();
    }

    static Map<String, AttributeValue> item(Bar bar) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(
                DynamoTables.BARS_PK,
                s(DynamoTables.barKey(bar.venue.name(), bar.symbol, bar.interval)));
        item.put(DynamoTables.BARS_SK, n(Long.toString(bar.windowStart)));
        item.put("venue", s(bar.venue.name()));
        item.put("symbol", s(bar.symbol));
        item.put("interval", s(bar.interval));
        item.put("window_end", n(Long.toString(bar.windowEnd)));
        item.put("open", n(Decimals.toPlainString(bar.open)));
        item.put("high", n(Decimals.toPlainString(bar.high)));
        item.put("low", n(Decimals.toPlainString(bar.low)));
        item.put("close", n(Decimals.toPlainString(bar.close)));
        item.put("volume", n(bar.volume.toPlainString()));
        item.put("quote_volume", n(bar.quoteVolume.toPlainString()));
        item.put("vwap", n(bar.vwap.toPlainString()));
        item.put("trade_count", n(Long.toString(bar.tradeCount)));
        item.put("buy_volume", n(bar.buyVolume.toPlainString()));
        item.put("sell_volume", n(bar.sellVolume.toPlainString()));
        if (bar.firstTradeId != Trade.NO_ID) {
            item.put("first_trade_id", n(Long.toString(bar.firstTradeId)));
            item.put("last_trade_id", n(Long.toString(bar.lastTradeId)));
        }
        if (bar.bookInSyncMillis != null) {
            item.put("book_in_sync_ms", n(Long.toString(bar.bookInSyncMillis)));
        }
        put(item, "book_spread", bar.bookSpread);
        put(item, "book_mid", bar.bookMid);
        put(item, "book_imbalance", bar.bookImbalance);
        return item;
    }

    private static void put(Map<String, AttributeValue> item, String name, BigDecimal value) {
        if (value != null) {
            item.put(name, n(value.toPlainString()));
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }
}
