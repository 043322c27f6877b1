package io.marketpipe.launcher;

import io.marketpipe.localstack.AwsClients;
import io.marketpipe.localstack.StackConfig;
import io.marketpipe.schemas.tables.DynamoTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The local stack's top-of-book items: each symbol's latest in-sync best bid and ask. */
final class TopOfBook {
    private TopOfBook() {}

    /** The item of one Binance symbol, read consistently, or an empty map. */
    static Map<String, AttributeValue> of(DynamoDbClient dynamo, StackConfig stack, String symbol) {
        Map<String, AttributeValue> item =
                dynamo.getItem(
                                r ->
                                        r.tableName(stack.topOfBookTable())
                                                .consistentRead(true)
                                                .key(
                                                        Map.of(
                                                                DynamoTables.TOP_OF_BOOK_PK,
                                                                AttributeValue.fromS(
                                                                        DynamoTables.latestKey(
                                                                                "BINANCE",
                                                                                symbol)))))
                        .item();
        return item == null ? Map.of() : item;
    }

    /** One line a symbol: {@code BTCUSDT 1.5 @ 68000.1 | 68000.2 @ 0.7 (update 5001234)}. */
    static List<String> lines(StackConfig stack, List<String> symbols) {
        List<String> lines = new ArrayList<>();
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(stack)) {
            for (String symbol : symbols) {
                Map<String, AttributeValue> item = of(dynamo, stack, symbol);
                lines.add(
                        item.isEmpty()
                                ? String.format("%-10s no in-sync top yet", symbol)
                                : String.format(
                                        "%-10s %s @ %s | %s @ %s  (update %s)",
                                        symbol,
                                        item.get("bid_quantity").n(),
                                        item.get("bid_price").n(),
                                        item.get("ask_price").n(),
                                        item.get("ask_quantity").n(),
                                        item.get("update_id").n()));
            }
        }
        return lines;
    }
}
