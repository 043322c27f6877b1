package io.marketpipe.ingest.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardRouterTest {
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    /** Four shards splitting the hash space evenly, as CreateStream does. */
    private static List<ShardRouter.Range> fourShards() {
        List<ShardRouter.Range> ranges = new ArrayList<>();
        BigInteger quarter = MAX.add(BigInteger.ONE).shiftRight(2);
        for (int i = 0; i < 4; i++) {
            BigInteger start = quarter.multiply(BigInteger.valueOf(i));
            BigInteger end = i == 3 ? MAX : start.add(quarter).subtract(BigInteger.ONE);
            ranges.add(new ShardRouter.Range(start, end, "shardId-00000000000" + i));
        }
        return ranges;
    }

    @Test
    void routesAKeyToTheShardHoldingItsMd5WithAnExplicitHashKeyInThatRange() {
        ShardRouter router = ShardRouter.of(fourShards(), List.of());
        Set<String> shards = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String key = "BINANCE:SYM" + i + "USDT";
            Route route = router.route(key);
            int expected = ShardRouter.md5(key).shiftRight(126).intValue();
            assertThat(route.batchKey()).isEqualTo("shardId-00000000000" + expected);
            assertThat(route.partitionKey()).isEqualTo(route.batchKey());
            BigInteger hash = new BigInteger(route.explicitHashKey());
            assertThat(hash.shiftRight(126).intValue()).isEqualTo(expected);
            assertThat(router.route(key)).isSameAs(route);
            shards.add(route.batchKey());
        }
        assertThat(shards).hasSize(4);
    }

    @Test
    void dealsTheForwardersOwnSymbolsRoundRobinOverTheShardsInHashKeyOrder() {
        List<ShardRouter.Range> shuffled = new ArrayList<>(fourShards());
        java.util.Collections.reverse(shuffled);
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            symbols.add("BINANCE:SYM" + i + "USDT");
        }
        ShardRouter router = ShardRouter.of(shuffled, symbols);
        for (int i = 0; i < symbols.size(); i++) {
            Route route = router.route(symbols.get(i));
            assertThat(route.batchKey()).isEqualTo("shardId-00000000000" + i % 4);
            BigInteger hash = new BigInteger(route.explicitHashKey());
            assertThat(hash.shiftRight(126).intValue()).isEqualTo(i % 4);
        }
        // three symbols, three shards
        ShardRouter three = ShardRouter.of(fourShards(), symbols.subList(0, 3));
        assertThat(symbols.subList(0, 3).stream().map(s -> three.route(s).batchKey()))
                .containsExactly(
                        "shardId-000000000000", "shardId-000000000001", "shardId-000000000002");
        // a key outside the placement still goes where its MD5 falls
        String other = "BINANCE:_";
        assertThat(router.route(other).batchKey())
                .isEqualTo(
                        "shardId-00000000000" + ShardRouter.md5(other).shiftRight(126).intValue());
    }

    @Test
    void perKeyRoutingKeepsTheKey() {
        assertThat(Router.perKey().route("BINANCE:BTCUSDT"))
                .isEqualTo(new Route("BINANCE:BTCUSDT", "BINANCE:BTCUSDT", null));
    }
}
