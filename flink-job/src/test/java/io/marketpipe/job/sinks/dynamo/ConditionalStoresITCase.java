package io.marketpipe.job.sinks.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.config.AwsSettings;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.EquityPoint;
import io.marketpipe.job.model.Trade;
import io.marketpipe.localstack.AwsClients;
import io.marketpipe.localstack.LocalStack;
import io.marketpipe.localstack.StackConfig;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import io.marketpipe.schemas.tables.DynamoTables;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The conditional latest-price and position writes, one and batched, against DynamoDB Local. */
class ConditionalStoresITCase {
    private static final long T0 = 1_700_000_000_000L;
    @TempDir static Path dataDir;
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(StackConfig.onFreePorts(dataDir));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static Trade trade(long id, long price, long time) {
        return trade("BTCUSDT", id, price, time);
    }

    @Test
    void neverGoesBackToAnOlderTradeAndRewritesAreNoOps() {
        StackConfig cfg = stack.config();
        AwsSettings aws = LocalAws.dynamoDb(cfg);

        try (DynamoLatestPriceStore store =
                        new DynamoLatestPriceStore(aws, cfg.latestPriceTable(), 1);
                DynamoDbClient dynamo = AwsClients.dynamoDb(cfg)) {
            assertThat(store.putIfNewer(trade(10, 500, T0 + 10))).isTrue();
            assertThat(store.putIfNewer(trade(9, 400, T0 + 9))).as("older trade").isFalse();
            assertThat(store.putIfNewer(trade(8, 300, T0 + 10)))
                    .as("same time, lower id")
                    .isFalse();
            assertThat(store.putIfNewer(trade(10, 500, T0 + 10))).as("same trade again").isFalse();
            assertThat(store.putIfNewer(trade(11, 600, T0 + 10)))
                    .as("same time, higher id")
                    .isTrue();

            Map<String, AttributeValue> item = latestItem(dynamo, cfg, "BTCUSDT");
            assertThat(item.get("trade_id").n()).isEqualTo("11");
            assertThat(new BigDecimal(item.get("price").n())).isEqualByComparingTo("0.00000600");
        }
    }

    @Test
    void aBarItemKeepsItsBookFieldsExactAndASymbolBeyondAsciiInItsKey() {
        StackConfig cfg = stack.config();
        io.marketpipe.job.model.Bar bar = new io.marketpipe.job.model.Bar();
        bar.venue = Venue.BINANCE;
        bar.symbol = "这是测试币456";
        bar.interval = "1m";
        bar.windowStart = T0;
        bar.windowEnd = T0 + 60_000;
        bar.open = bar.high = bar.low = bar.close = 6_800_000_000_000L;
        bar.volume = bar.quoteVolume = bar.vwap = bar.buyVolume = bar.sellVolume = BigDecimal.ONE;
        bar.tradeCount = 1;
        bar.firstTradeId = bar.lastTradeId = 7;
        bar.bookInSyncMillis = 59_999L;
        // 16 places, and a spread near the price bound: 26 significant digits, under DynamoDB's 38
        bar.bookSpread = new BigDecimal("999999999.1234567890123456");
        bar.bookMid = new BigDecimal("68000.000000005");
        bar.bookImbalance = new BigDecimal("-0.3333333333333333");
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(cfg)) {
            dynamo.putItem(b -> b.tableName(cfg.barsTable()).item(BarItemConverter.item(bar)));
            Map<String, AttributeValue> item =
                    dynamo.getItem(
                                    b ->
                                            b.tableName(cfg.barsTable())
                                                    .key(
                                                            Map.of(
                                                                    DynamoTables.BARS_PK,
                                                                    AttributeValue.fromS(
                                                                            "BINANCE#这是测试币456#1m"),
                                                                    DynamoTables.BARS_SK,
                                                                    AttributeValue.fromN(
                                                                            Long.toString(T0)))))
                            .item();
            assertThat(item.get("symbol").s()).isEqualTo("这是测试币456");
            assertThat(item.get("book_in_sync_ms").n()).isEqualTo("59999");
            assertThat(new BigDecimal(item.get("book_spread").n()))
                    .isEqualByComparingTo("999999999.1234567890123456");
            assertThat(new BigDecimal(item.get("book_mid").n()))
                    .isEqualByComparingTo("68000.000000005");
            assertThat(new BigDecimal(item.get("book_imbalance").n()))
                    .isEqualByComparingTo("-0.3333333333333333");
            // a bar of a symbol with no book has none of them
            bar.bookInSyncMillis = null;
            bar.bookSpread = bar.bookMid = bar.bookImbalance = null;
            assertThat(BarItemConverter.item(bar))
                    .doesNotContainKeys(
                            "book_in_sync_ms", "book_spread", "book_mid", "book_imbalance");
        }
    }

    private static Trade trade(String symbol, long id, long price, long time) {
        return new Trade(Venue.BINANCE, symbol, id, price, 1, time, time, false, 0, Origin.LIVE);
    }

    @Test
    void aBatchWritesNewAndOlderItemsAndRefusesNewerOnes() {
        StackConfig cfg = stack.config();
        AwsSettings aws = LocalAws.dynamoDb(cfg);

        try (DynamoLatestPriceStore store =
                        new DynamoLatestPriceStore(aws, cfg.latestPriceTable(), 4);
                DynamoDbClient dynamo = AwsClients.dynamoDb(cfg)) {
            assertThat(store.putIfNewer(trade("OLDUSDT", 5, 100, T0))).isTrue();
            assertThat(store.putIfNewer(trade("NEWUSDT", 5, 100, T0 + 50))).isTrue();
            List<Trade> batch = new ArrayList<>();
            batch.add(trade("OLDUSDT", 6, 200, T0 + 10)); // stored is older: updated in the batch
            batch.add(trade("NEWUSDT", 4, 200, T0 + 10)); // stored is newer: refused
            for (int i = 0; i < 20; i++) {
                batch.add(trade("S" + i + "USDT", 1, 300 + i, T0)); // not stored yet: put
            }
            boolean[] updated = store.updateAll(batch.subList(0, 3));
            assertThat(updated)
                    .as("one UPDATE applied: older stored; newer stored and absent refused")
                    .containsExactly(true, false, false);
            batch.set(0, trade("OLDUSDT", 7, 200, T0 + 10));
            boolean[] written = store.putAllIfNewer(batch);

            assertThat(written[0]).isTrue();
            assertThat(written[1]).isFalse();
            for (int i = 2; i < written.length; i++) {
                assertThat(written[i]).as(batch.get(i).symbol).isTrue();
            }
            assertThat(price(dynamo, cfg, "OLDUSDT")).isEqualByComparingTo("0.00000200");
            assertThat(price(dynamo, cfg, "NEWUSDT")).isEqualByComparingTo("0.00000100");
            assertThat(price(dynamo, cfg, "S19USDT")).isEqualByComparingTo("0.00000319");
            Map<String, AttributeValue> stored = latestItem(dynamo, cfg, "OLDUSDT");
            assertThat(stored.get("trade_id").n()).isEqualTo("7");
            assertThat(stored.get("trade_time").n()).isEqualTo(Long.toString(T0 + 10));
            assertThat(stored.get("venue").s()).isEqualTo("BINANCE");
            assertThat(stored.get("symbol").s()).isEqualTo("OLDUSDT");

            assertThat(store.putAllIfNewer(batch))
                    .as("the same batch again changes nothing")
                    .containsOnly(false);
        }
    }

    private static Map<String, AttributeValue> latestItem(
            DynamoDbClient dynamo, StackConfig cfg, String symbol) {
        return item(dynamo, cfg.latestPriceTable(), DynamoTables.LATEST_PK, "BINANCE#" + symbol);
    }

    private static Map<String, AttributeValue> positionItem(
            DynamoDbClient dynamo, StackConfig cfg, String symbol) {
        return item(
                dynamo,
                cfg.positionsTable(),
                DynamoTables.POSITIONS_PK,
                DynamoTables.strategyKey("dip", "BINANCE", symbol));
    }

    private static Map<String, AttributeValue> item(
            DynamoDbClient dynamo, String table, String keyName, String key) {
        return dynamo.getItem(
                        r ->
                                r.tableName(table)
                                        .consistentRead(true)
                                        .key(Map.of(keyName, AttributeValue.fromS(key))))
                .item();
    }

    private static BigDecimal price(DynamoDbClient dynamo, StackConfig cfg, String symbol) {
        return new BigDecimal(latestItem(dynamo, cfg, symbol).get("price").n());
    }

    /** The job's AWS settings for the local stack. */
    private static EquityPoint point(String symbol, long barTime, String position) {
        EquityPoint p = new EquityPoint();
        p.strategy = "dip";
        p.venue = Venue.BINANCE;
        p.symbol = symbol;
        p.interval = "5s";
        p.intervalMillis = 5_000;
        p.barTime = barTime;
        p.position = Decimals.parse(position);
        p.averageEntry = p.position == 0 ? 0 : Decimals.parse("97");
        p.mark = Decimals.parse("98");
        p.realizedPnl = Decimals.parse("1.5");
        p.unrealizedPnl = p.position == 0 ? 0 : Decimals.parse("0.25");
        p.capital = Decimals.parse("1000");
        p.equity = p.capital + p.realizedPnl + p.unrealizedPnl;
        return p;
    }

    @Test
    void aBatchMovesPositionsForwardOnlyAndAFlatOneLosesItsEntry() {
        StackConfig cfg = stack.config();
        AwsSettings aws = LocalAws.dynamoDb(cfg);

        try (DynamoPositionStore store = new DynamoPositionStore(aws, cfg.positionsTable(), 2);
                DynamoDbClient dynamo = AwsClients.dynamoDb(cfg)) {
            assertThat(store.putIfNewer(point("OPENUSDT", T0, "2"))).isTrue();
            assertThat(store.putIfNewer(point("NEWUSDT", T0 + 50_000, "2"))).isTrue();
            assertThat(
                            store.updateAll(
                                    List.of(
                                            point("OPENUSDT", T0 + 5_000, "0"),
                                            point("NEWUSDT", T0 + 5_000, "0"),
                                            point("ABSENTUSDT", T0, "1"))))
                    .as("applied: the older stored one; refused: newer stored, absent")
                    .containsExactly(true, false, false);
            Map<String, AttributeValue> flat = positionItem(dynamo, cfg, "OPENUSDT");
            assertThat(flat).doesNotContainKey("average_entry");
            assertThat(new BigDecimal(flat.get("quantity").n())).isZero();
            assertThat(flat.get("bar_time").n()).isEqualTo(Long.toString(T0 + 5_000));

            List<EquityPoint> batch = new ArrayList<>();
            batch.add(point("OPENUSDT", T0 + 10_000, "3")); // open again: the entry comes back
            batch.add(point("NEWUSDT", T0 + 10_000, "0")); // older than stored: refused
            for (int i = 0; i < 10; i++) {
                batch.add(point("S" + i + "USDT", T0, "1")); // absent: put
            }
            boolean[] written = store.putAllIfNewer(batch);
            assertThat(written[0]).isTrue();
            assertThat(written[1]).isFalse();
            for (int i = 2; i < written.length; i++) {
                assertThat(written[i]).isTrue();
            }
            Map<String, AttributeValue> open = positionItem(dynamo, cfg, "OPENUSDT");
            assertThat(new BigDecimal(open.get("average_entry").n())).isEqualByComparingTo("97");
            assertThat(new BigDecimal(open.get("quantity").n())).isEqualByComparingTo("3");
            assertThat(new BigDecimal(open.get("equity").n())).isEqualByComparingTo("1001.75");
            assertThat(open.get("strategy").s()).isEqualTo("dip");
            assertThat(positionItem(dynamo, cfg, "NEWUSDT").get("bar_time").n())
                    .isEqualTo(Long.toString(T0 + 50_000));
            assertThat(positionItem(dynamo, cfg, "S9USDT")).containsKey("mark");
            assertThat(store.putAllIfNewer(batch)).as("the same batch again").containsOnly(false);
        }
    }
}
