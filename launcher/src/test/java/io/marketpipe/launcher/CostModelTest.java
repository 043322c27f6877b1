package io.marketpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The cost arithmetic against a case worked out by hand, with prices fixed here. */
class CostModelTest {
    private static final Offset<Double> CENT = within(0.005);

    private static final CostModel.Prices PRICES =
            new CostModel.Prices(
                    "test",
                    Map.ofEntries(
                            Map.entry("hours-per-month", 730.0),
                            Map.entry("kinesis.on-demand.stream-hour", 0.04),
                            Map.entry("kinesis.on-demand.ingest-gb", 0.08),
                            Map.entry("kinesis.on-demand.retrieval-gb", 0.04),
                            Map.entry("kinesis.on-demand.efo-retrieval-gb", 0.05),
                            Map.entry("kinesis.provisioned.shard-hour", 0.015),
                            Map.entry("kinesis.provisioned.put-units-million", 0.014),
                            Map.entry("kinesis.provisioned.efo-consumer-shard-hour", 0.015),
                            Map.entry("kinesis.provisioned.efo-retrieval-gb", 0.013),
                            Map.entry("flink.kpu-hour", 0.11),
                            Map.entry("flink.storage-gb-month", 0.10),
                            Map.entry("dynamodb.on-demand.wru-million", 0.625),
                            Map.entry("s3.put-thousand", 0.005),
                            Map.entry("s3.storage-gb-month", 0.023),
                            Map.entry("firehose.ingest-gb", 0.029),
                            Map.entry("fargate.vcpu-hour", 0.04048),
                            Map.entry("fargate.gb-hour", 0.004445),
                            Map.entry("cloudwatch.metric-month", 0.30),
                            Map.entry("cloudwatch.alarm-month", 0.10),
                            Map.entry("cloudwatch.dashboard-month", 3.00),
                            Map.entry("cloudwatch.logs-ingest-gb", 0.50),
                            Map.entry("lambda.requests-million", 0.20),
                            Map.entry("lambda.gb-second", 0.0000166667)));

    /**
     * A deployment with terraform's defaults (4 shards, parallelism 2 at 1 per KPU, 60 s
     * checkpoints, a 50 ms linger, 64 B of Parquet a trade, 1 m bars, a 500 ms latest-price flush,
     * 0.5 vCPU and 1 GB on Fargate, 21 forwarder metrics, 13 alarms, a dashboard, 1 GB of logs).
     */
    private static CostModel.Deployment deployment(
            double rate,
            int symbols,
            boolean provisioned,
            boolean efo,
            int lakeTables,
            double frameBytes,
            int strategies) {
        return new CostModel.Deployment(
                rate,
                symbols,
                provisioned,
                efo,
                4,
                2,
                1,
                60,
                lakeTables,
                50,
                frameBytes,
                64,
                List.of(60.0),
                strategies,
                500,
                0.5,
                1.0,
                21,
                13,
                1,
                1);
    }

    /** 1,000 trades/s over 10 symbols, on-demand, polling, 256 B frames, no strategies. */
    private static final CostModel.Deployment CASE = deployment(1_000, 10, false, false, 3, 256, 0);

    @Test
    void theBillOfAHandWorkedCase() {
        CostModel model = new CostModel(PRICES);
        Map<String, Double> bill =
                model.bill(CASE).stream()
                        .collect(
                                Collectors.toMap(
                                        CostModel.Line::component,
                                        CostModel.Line::dollarsPerMonth));
        // a month is 730 h = 2,628,000 s
        // records: 4 shards x 1,000 ms / 50 ms linger = 80/s, each 1,000 x 256 / 80 = 3,200 B,
        // billed as 4 KiB: 80 x 4,096 B x 2,628,000 s = 802.00 GiB x $0.08 = $64.16, plus two
        // streams x 730 h x $0.04 = $58.40
        assertThat(CostModel.rawRecordsPerSecond(CASE)).isEqualTo(80);
        assertThat(bill.get("Kinesis streams (on-demand)")).isCloseTo(122.56, CENT);
        // read: 256,000 B/s x 2,628,000 s = 626.56 GiB x $0.04
        assertThat(bill.get("Kinesis reads")).isCloseTo(25.06, CENT);
        // 2 KPUs for parallelism 2 at 1 per KPU, plus one: 3 x 730 h x $0.11 = $240.90,
        // storage 2 x 50 GB x $0.10 = $10
        assertThat(bill.get("Managed Flink")).isCloseTo(250.90, CENT);
        // latest prices: 10 symbols, one write per 500 ms each = 20/s (fewer than the trades);
        // 1 m bars: 10 / 60 s; (20 + 1/6) x 2,628,000 s = 53.0 million x $0.625
        assertThat(bill.get("DynamoDB writes")).isCloseTo(33.12, CENT);
        // 3 tables x 2 subtasks per 60 s checkpoint = 262,800 files x 3 requests x $0.005 / 1,000
        // = $3.942; 2.628 billion trades x 64 B = 156.64 GiB x $0.023 = $3.603
        assertThat(bill.get("S3 lake")).isCloseTo(7.54, CENT);
        assertThat(bill.get("Firehose")).isZero();
        // 730 h x (0.5 x $0.04048 + 1.0 x $0.004445)
        assertThat(bill.get("ECS Fargate (forwarder)")).isCloseTo(18.02, CENT);
        // 21 x $0.30 + 13 x $0.10 + $3 + 1 GB x $0.50
        assertThat(bill.get("CloudWatch")).isCloseTo(11.10, CENT);

        assertThat(CostModel.total(model.bill(CASE))).isCloseTo(468.31, CENT);
        // without trades: stream-hours, Flink, Fargate and CloudWatch remain ($338.42)
        assertThat(model.variablePerMonth(CASE)).isCloseTo(129.89, CENT);
        assertThat(model.millionsOfTrades(CASE)).isCloseTo(2_628, CENT);
    }

    @Test
    void thePerTradeDesignOfTheSameCase() {
        // 2.628 billion trades: Kinesis 1 KiB each in and out (2,506.26 GiB x $0.12) plus a
        // stream-hour month $29.20; Lambda $0.20 a million plus 10 ms x 0.125 GB each; DynamoDB
        // $0.625 a million
        double total = CostModel.total(new CostModel(PRICES).perTradeDesign(1_000, 10));
        assertThat(total).isCloseTo(2_552.80, CENT);
    }

    @Test
    void provisionedShardsCoverBytesAndRecords() {
        CostModel model = new CostModel(PRICES);
        // 20,000 trades/s x 256 B = 5.12 MB/s: 6 shards for bytes; records 6 x 20 = 120/s
        CostModel.Deployment d = deployment(20_000, 10, true, true, 3, 256, 0);
        CostModel.Line streams =
                model.bill(d).stream()
                        .filter(l -> l.component().startsWith("Kinesis streams"))
                        .findFirst()
                        .orElseThrow();
        assertThat(streams.basis()).startsWith("6 raw shards");
    }

    @Test
    void theShippedPriceTableHasEveryPriceTheModelReads() {
        CostModel model = new CostModel(CostModel.Prices.usEast1());
        assertThat(model.prices().asOf()).matches("\\d{4}-\\d{2}-\\d{2}");
        for (boolean provisioned : new boolean[] {false, true}) {
            for (boolean efo : new boolean[] {false, true}) {
                CostModel.Deployment d = deployment(376, 1_500, provisioned, efo, 7, 260, 3);
                assertThat(CostModel.total(model.bill(d))).isPositive();
            }
        }
        assertThat(CostModel.total(model.perTradeDesign(376, 10))).isPositive();
    }
}
