package io.marketpipe.launcher;

import io.marketpipe.localstack.AwsClients;
import io.marketpipe.localstack.StackConfig;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The strategies' positions as the job last wrote them to DynamoDB, summed per strategy. */
record PositionsView(Map<String, Book> strategies) {
    /** One strategy over its symbols. */
    record Book(int symbols, int open, BigDecimal realized, BigDecimal unrealized) {
        Book plus(Map<String, AttributeValue> item) {
            boolean isOpen = new BigDecimal(item.get("quantity").n()).signum() != 0;
            return new Book(
                    symbols + 1,
                    open + (isOpen ? 1 : 0),
                    realized.add(new BigDecimal(item.get("realized_pnl").n())),
                    unrealized.add(new BigDecimal(item.get("unrealized_pnl").n())));
        }
    }

    static final Book EMPTY = new Book(0, 0, BigDecimal.ZERO, BigDecimal.ZERO);

    static PositionsView read(StackConfig stack) {
        Map<String, Book> books = new TreeMap<>();
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(stack)) {
            dynamo.scanPaginator(r -> r.tableName(stack.positionsTable()).consistentRead(true))
                    .items()
                    .forEach(
                            item ->
                                    books.merge(
                                            item.get("strategy").s(),
                                            EMPTY.plus(item),
                                            (a, b) ->
                                                    new Book(
                                                            a.symbols + b.symbols,
                                                            a.open + b.open,
                                                            a.realized.add(b.realized),
                                                            a.unrealized.add(b.unrealized))));
        }
        return new PositionsView(books);
    }

    /** Items read: one per strategy and symbol. */
    int items() {
        return strategies.values().stream().mapToInt(Book::symbols).sum();
    }

    int open() {
        return strategies.values().stream().mapToInt(Book::open).sum();
    }

    BigDecimal realized() {
        return strategies.values().stream()
                .map(Book::realized)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
