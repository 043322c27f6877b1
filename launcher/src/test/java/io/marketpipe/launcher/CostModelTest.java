package io.marketpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
                            Map.entry("lambda.gb-second", 0.0000166667),
                            Map.entry("kinesis.on-demand.extended-retention-gb-month", 0.10),
                            Map.entry("kinesis.provisioned.extended-retention-shard-hour", 0.020),
                            Map.entry("dynamodb.provisioned.wcu-hour", 0.00065),
                            Map.entry("dynamodb.provisioned.rcu-hour", 0.00013),
                            Map.entry("dynamodb.on-demand.rru-million", 0.125),
                            Map.entry("dynamodb.storage-gb-month", 0.25),
                            Map.entry("dynamodb.storage-free-gb", 25.0),
                            Map.entry("dynamodb.pitr-gb-month", 0.20),
                            Map.entry("s3.get-thousand", 0.0004),
                            Map.entry("flink.backup-gb-month", 0.023),
                            Map.entry("cloudwatch.logs-storage-gb-month", 0.03),
                            Map.entry("kms.key-month", 1.00),
                            Map.entry("nat.hour", 0.045),
                            Map.entry("nat.gb", 0.045),
                            Map.entry("secretsmanager.secret-month", 0.40),
                            Map.entry("ecr.storage-gb-month", 0.10),
                            Map.entry("athena.tb-scanned", 5.00)));

    /**
     * 1,000 trades/s spread evenly over 10 symbols; the stack's defaults otherwise, but for a
     * polling reader, 256 B frames, a 500 ms latest-price flush, 21 forwarder metrics, 13 alarms
     * and one secret: on-demand streams (4 shards to start) kept 168 h, parallelism 2 at 1 per KPU,
     * 60 s checkpoints, a 50 ms linger, 64 B of Parquet a trade, 1 m bars, 10 snapshots of 1 GB,
     * 0.5 vCPU and 1 GB on Fargate behind a NAT gateway, 1 GB of logs, 5 keys, a 0.3 GB image and
     * 0.01 TB of Athena scans a month.
     */
    private static CostModel.Builder handWorked() {
        CostModel.Builder b = CostModel.Deployment.shipped(1_000, 10);
        b.skew = 0;
        b.efo = false;
        b.frameBytes = 256;
        b.latestPriceFlushMillis = 500;
        b.customMetrics = 21;
        b.alarms = 13;
        b.secrets = 1;
        return b;
    }

    private static final CostModel.Deployment CASE = handWorked().build();

    private static Map<String, Double> lines(CostModel model, CostModel.Deployment d) {
        return model.bill(d).stream()
                .collect(
                        Collectors.toMap(
                                CostModel.Line::component, CostModel.Line::dollarsPerMonth));
    }

    @Test
    void theBillOfAHandWorkedCase() {
        CostModel model = new CostModel(PRICES);
        Map<String, Double> bill = lines(model, CASE);
        // a month is 730 h = 2,628,000 s
        // records: 4 shards x 1,000 ms / 50 ms linger = 80/s, each 1,000 x 256 / 80 = 3,200 B,
        // billed as 4 KiB: 80 x 4,096 B x 2,628,000 s = 802.00 GiB x $0.08 = $64.16, plus two
        // streams x 730 h x $0.04 = $58.40
        assertThat(CostModel.rawRecordsPerSecond(CASE)).isEqualTo(80);
        assertThat(bill.get("Kinesis streams (on-demand)")).isCloseTo(122.56, CENT);
        // 168 h kept: what 144 h past the first day hold, 802.00 GiB / 730 h x 144 h = 158.20
        // GiB, at $0.10 a GB-month
        assertThat(bill.get("Kinesis extended retention")).isCloseTo(15.82, CENT);
        // read twice, by the job and the archive: 256,000 B/s x 2,628,000 s = 626.56 GiB each,
        // x $0.04
        assertThat(bill.get("Kinesis reads")).isCloseTo(50.13, CENT);
        // the archive: 80 records/s rounded up to 5 KB = 1,002.50 GiB x $0.029 = $29.07; an
        // object every 300 s: 8,760 x $0.005 / 1,000; 626.56 / 4 GiB gzipped x $0.023 = $3.60
        assertThat(bill.get("Raw archive (Firehose to S3)")).isCloseTo(32.72, CENT);
        // 2 KPUs for parallelism 2 at 1 per KPU, plus one: 3 x 730 h x $0.11 = $240.90,
        // running storage 2 x 50 GB x $0.10 = $10, snapshots 10 x 1 GB x $0.023 = $0.23
        assertThat(bill.get("Managed Flink")).isCloseTo(251.13, CENT);
        // latest prices: 100 trades/s a symbol, written at most every 500 ms = 2/s each, 20/s;
        // 1 m bars: 10 / 60 s; (20 + 1/6) x 2,628,000 s = 53.0 million x $0.625
        assertThat(bill.get("DynamoDB writes (on-demand)")).isCloseTo(33.12, CENT);
        // bars added: 1/6 a second x 2,628,000 s x 200 B = 0.088 GB, within the free 25 GB;
        // point-in-time recovery 0.088 GB x $0.20
        assertThat(bill.get("DynamoDB storage and backups")).isCloseTo(0.02, CENT);
        // 3 tables x 2 subtasks per 60 s checkpoint = 262,800 files x 3 requests x $0.005 / 1,000
        // = $3.942; 2.628 billion trades x 64 B = 156.64 GiB x $0.023 = $3.603
        assertThat(bill.get("S3 lake")).isCloseTo(7.54, CENT);
        // 0.01 TB x $5; the files it reads: 10.24 / 156.64 of 262,800 = 17,180 GETs x $0.0004 /
        // 1,000
        assertThat(bill.get("Athena and Glue")).isCloseTo(0.06, CENT);
        assertThat(bill.get("Firehose (job tables)")).isZero();
        // 730 h x (0.5 x $0.04048 + 1.0 x $0.004445)
        assertThat(bill.get("ECS Fargate (forwarder)")).isCloseTo(18.02, CENT);
        // 730 h x $0.045 = $32.85; frames in and records out, 2 x 626.56 GiB x $0.045 = $56.39
        assertThat(bill.get("NAT gateway (forwarder)")).isCloseTo(89.24, CENT);
        // 0.3 GB x $0.10 + 1 secret x $0.40
        assertThat(bill.get("ECR and Secrets Manager")).isCloseTo(0.43, CENT);
        assertThat(bill.get("KMS keys")).isCloseTo(5.00, CENT);
        // 21 x $0.30 + 13 x $0.10 + $3 + 1 GB x ($0.50 ingested + $0.03 stored)
        assertThat(bill.get("CloudWatch")).isCloseTo(11.13, CENT);
        assertThat(bill).hasSize(15);

        assertThat(CostModel.total(model.bill(CASE))).isCloseTo(636.92, CENT);
        // without trades: stream-hours, Flink, Athena's scans, Fargate, the NAT's hours, ECR and
        // the secret, keys and CloudWatch remain ($377.01)
        assertThat(model.variablePerMonth(CASE)).isCloseTo(259.91, CENT);
        assertThat(model.millionsOfTrades(CASE)).isCloseTo(2_628, CENT);
    }

    @Test
    void provisionedCapacityForTheSteadyTables() {
        CostModel.Builder b = handWorked();
        b.dynamoProvisioned = true;
        Map<String, Double> bill = lines(new CostModel(PRICES), b.build());
        // (20 + 1/6) writes/s at a 70 % target = 29 write units x 730 h x $0.00065 = $13.76;
        // reads 5 units on each of 2 tables x 730 h x $0.00013 = $0.95
        assertThat(bill.get("DynamoDB capacity (provisioned, auto scaling)"))
                .isCloseTo(14.71, CENT);
        assertThat(bill).doesNotContainKey("DynamoDB writes (on-demand)");
    }

    @Test
    void theFlushSavesWritesOnlyWhereTradesCrowdIntoFewSymbols() {
        CostModel.Builder b = CostModel.Deployment.shipped(376, 1_500);
        b.latestPriceFlushMillis = 500;
        b.skew = 0;
        // evenly, every symbol trades 0.25 times a second: each trade is a write
        assertThat(CostModel.latestPriceWrites(b.build())).isCloseTo(376, within(1e-6));
        // Zipf 1: symbol k has 376 / (k x H(1,500)) a second, H = 7.8907; the 23 busiest trade
        // more than twice a second and are written twice: 46 + 376 x (H(1,500) - H(23)) / H(1,500)
        b.skew = 1;
        assertThat(CostModel.latestPriceWrites(b.build())).isCloseTo(244.06, within(0.01));
    }

    @Test
    void theAllMarketCaseSizedForItsRate() {
        CostModel model = new CostModel(CostModel.Prices.usEast1());
        CostModel.Deployment d = CostModel.Deployment.sized(376, 1_500).build();
        assertThat(d.parallelism()).isEqualTo(1);
        assertThat(d.provisioned()).isTrue();
        assertThat(CostModel.shards(d)).isEqualTo(1);
        assertThat(d.latestPriceP99Millis()).isLessThanOrEqualTo(1_000);
        assertThat(CostModel.total(model.bill(d)))
                .isLessThan(
                        CostModel.total(
                                model.bill(CostModel.Deployment.shipped(376, 1_500).build())));
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
        CostModel.Builder b = handWorked();
        b.tradesPerSecond = 20_000;
        b.provisioned = true;
        b.efo = true;
        CostModel.Deployment d = b.build();
        CostModel.Line streams =
                model.bill(d).stream()
                        .filter(l -> l.component().startsWith("Kinesis streams"))
                        .findFirst()
                        .orElseThrow();
        assertThat(streams.basis()).startsWith("6 raw shards");
    }

    /** Each line cost-coverage.properties names for a resource type is one the bill prints. */
    @Test
    void everyLineTheCoverageNamesIsOnTheBill() throws Exception {
        java.util.Properties coverage = new java.util.Properties();
        try (java.io.InputStream in =
                CostModel.class.getResourceAsStream("/cost-coverage.properties")) {
            coverage.load(in);
        }
        CostModel.Builder b = CostModel.Deployment.shipped(376, 1_500);
        b.provisioned = true;
        b.efo = true;
        b.secrets = 1;
        java.util.List<String> printed =
                new CostModel(CostModel.Prices.usEast1())
                        .bill(b.build()).stream().map(CostModel.Line::component).toList();
        assertThat(coverage).hasSizeGreaterThan(30);
        for (String type : coverage.stringPropertyNames()) {
            String line = coverage.getProperty(type);
            if (!line.startsWith("free: ")) {
                assertThat(printed).as(type).anyMatch(p -> p.startsWith(line));
            }
        }
    }

    @Test
    void theShippedPriceTableHasEveryPriceTheModelReads() {
        CostModel model = new CostModel(CostModel.Prices.usEast1());
        assertThat(model.prices().asOf()).matches("\\d{4}-\\d{2}-\\d{2}");
        for (boolean provisioned : new boolean[] {false, true}) {
            for (boolean efo : new boolean[] {false, true}) {
                for (boolean dynamo : new boolean[] {false, true}) {
                    CostModel.Builder b = CostModel.Deployment.shipped(376, 1_500);
                    b.provisioned = provisioned;
                    b.efo = efo;
                    b.dynamoProvisioned = dynamo;
                    b.strategies = 3;
                    b.lakeTables = 7;
                    assertThat(CostModel.total(model.bill(b.build()))).isPositive();
                }
            }
        }
        assertThat(CostModel.total(model.perTradeDesign(376, 10))).isPositive();
    }
}
