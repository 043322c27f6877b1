package io.marketpipe.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The monthly AWS bill of the deployment in {@code terraform/} for a trade rate, by component, from
 * a dated list-price table ({@code aws-prices-us-east-1.properties}). Plain arithmetic over the
 * deployment's defaults; every assumption is a field of {@link Deployment}. Beside it, the same
 * rate through the design this replaces: a Kinesis record, a Lambda invocation and a DynamoDB write
 * per trade.
 */
final class CostModel {
    static final double SECONDS_PER_HOUR = 3_600;
    static final double GIB = 1024.0 * 1024 * 1024;

    /** The list prices, by the keys of the price table. */
    record Prices(String asOf, Map<String, Double> values) {
        static Prices usEast1() {
            Properties p = new Properties();
            try (InputStream in =
                    CostModel.class.getResourceAsStream("/aws-prices-us-east-1.properties")) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, Double> values = new LinkedHashMap<>();
            for (String key : p.stringPropertyNames()) {
                if (!key.equals("as-of")) {
                    values.put(key, Double.parseDouble(p.getProperty(key)));
                }
            }
            return new Prices(p.getProperty("as-of"), values);
        }

        double get(String key) {
            Double value = values.get(key);
            if (value == null) {
                throw new IllegalArgumentException("no price " + key + " in the price table");
            }
            return value;
        }

        double hoursPerMonth() {
            return get("hours-per-month");
        }
    }

    /**
     * What is deployed, as {@code terraform/} and the job's defaults set it.
     *
     * @param tradesPerSecond trades the forwarder receives, all symbols together
     * @param symbols symbols subscribed
     * @param provisioned the raw stream in PROVISIONED mode (else ON_DEMAND)
     * @param efo the job reads the raw stream with enhanced fan-out (else polling)
     * @param rawShards shards of the raw stream (on-demand streams start with 4)
     * @param parallelism the job's parallelism
     * @param parallelismPerKpu parallel tasks per KPU
     * @param checkpointSeconds checkpoint interval: the lake commits a file per table and subtask
     *     on each
     * @param lakeTables lake tables written on every checkpoint (trades, each bar interval,
     *     quarantine, and the strategy tables when strategies run)
     * @param lingerMillis the forwarder seals a record once its first frame waited this long
     * @param frameBytes bytes of one trade frame in an envelope (a Binance trade's JSON and the
     *     28-byte frame header)
     * @param lakeBytesPerTrade Parquet bytes per trade in the lake's trades table
     * @param barSeconds the bar intervals, in seconds (each bar is one DynamoDB write)
     * @param strategies strategies per symbol (their positions and signals are written per bar)
     * @param latestPriceFlushMillis how often coalesced latest prices are written
     * @param fargateVcpu the forwarder task's vCPUs
     * @param fargateGb the forwarder task's memory in GB
     * @param customMetrics the forwarder's CloudWatch metrics (embedded metric format)
     * @param alarms CloudWatch alarms
     * @param dashboards CloudWatch dashboards
     * @param logGbPerMonth forwarder and job logs per month
     */
    record Deployment(
            double tradesPerSecond,
            int symbols,
            boolean provisioned,
            boolean efo,
            int rawShards,
            int parallelism,
            int parallelismPerKpu,
            double checkpointSeconds,
            int lakeTables,
            double lingerMillis,
            double frameBytes,
            double lakeBytesPerTrade,
            List<Double> barSeconds,
            int strategies,
            double latestPriceFlushMillis,
            double fargateVcpu,
            double fargateGb,
            int customMetrics,
            int alarms,
            int dashboards,
            double logGbPerMonth) {

        Deployment withRate(double rate) {
            return new Deployment(
                    rate,
                    symbols,
                    provisioned,
                    efo,
                    rawShards,
                    parallelism,
                    parallelismPerKpu,
                    checkpointSeconds,
                    lakeTables,
                    lingerMillis,
                    frameBytes,
                    lakeBytesPerTrade,
                    barSeconds,
                    strategies,
                    latestPriceFlushMillis,
                    fargateVcpu,
                    fargateGb,
                    customMetrics,
                    alarms,
                    dashboards,
                    logGbPerMonth);
        }
    }

    /** One line of the bill: what, dollars a month, and how it was reckoned. */
    record Line(String component, double dollarsPerMonth, String basis) {}

    private final Prices prices;

    CostModel(Prices prices) {
        this.prices = prices;
    }

    Prices prices() {
        return prices;
    }

    /**
     * Kinesis records per second into the raw stream: frames packed per shard, sealed by linger.
     */
    static double rawRecordsPerSecond(Deployment d) {
        if (d.tradesPerSecond() == 0) {
            return 0;
        }
        return Math.min(d.tradesPerSecond(), d.rawShards() * 1_000 / d.lingerMillis());
    }

    /** The monthly bill of {@code d}, component by component. */
    List<Line> bill(Deployment d) {
        double hours = prices.hoursPerMonth();
        double seconds = hours * SECONDS_PER_HOUR;
        double trades = d.tradesPerSecond() * seconds;
        double records = rawRecordsPerSecond(d);
        double recordBytes = records == 0 ? 0 : d.tradesPerSecond() * d.frameBytes() / records;
        double bytesRead = d.tradesPerSecond() * d.frameBytes() * seconds;
        List<Line> lines = new ArrayList<>();

        if (d.provisioned()) {
            int shards =
                    (int)
                            Math.max(
                                    d.rawShards(),
                                    Math.max(
                                            Math.ceil(
                                                    d.tradesPerSecond()
                                                            * d.frameBytes()
                                                            / 1_000_000),
                                            Math.ceil(records / 1_000)));
            double putUnits = records * Math.ceil(recordBytes / (25 * 1024.0)) * seconds;
            lines.add(
                    new Line(
                            "Kinesis streams (provisioned)",
                            (shards + 1) * hours * prices.get("kinesis.provisioned.shard-hour")
                                    + putUnits
                                            / 1e6
                                            * prices.get("kinesis.provisioned.put-units-million"),
                            String.format(
                                    "%d raw shards and 1 quarantine shard; %,.0f records/s of"
                                            + " %,.0f B",
                                    shards, records, recordBytes)));
            if (d.efo()) {
                lines.add(
                        new Line(
                                "Kinesis enhanced fan-out",
                                shards
                                                * hours
                                                * prices.get(
                                                        "kinesis.provisioned.efo-consumer-shard-hour")
                                        + bytesRead
                                                / GIB
                                                * prices.get(
                                                        "kinesis.provisioned.efo-retrieval-gb"),
                                String.format("one consumer on %d shards", shards)));
            }
        } else {
            double billedKib = Math.ceil(recordBytes / 1024);
            double ingestGb = records * billedKib * 1024 * seconds / GIB;
            lines.add(
                    new Line(
                            "Kinesis streams (on-demand)",
                            2 * hours * prices.get("kinesis.on-demand.stream-hour")
                                    + ingestGb * prices.get("kinesis.on-demand.ingest-gb"),
                            String.format(
                                    "raw and quarantine stream-hours; %,.0f records/s of %,.0f B,"
                                            + " billed as %.0f KiB each",
                                    records, recordBytes, billedKib)));
            lines.add(
                    new Line(
                            d.efo() ? "Kinesis reads (enhanced fan-out)" : "Kinesis reads",
                            bytesRead
                                    / GIB
                                    * prices.get(
                                            d.efo()
                                                    ? "kinesis.on-demand.efo-retrieval-gb"
                                                    : "kinesis.on-demand.retrieval-gb"),
                            String.format("%,.1f GiB a month", bytesRead / GIB)));
        }

        int kpus = (int) Math.ceil((double) d.parallelism() / d.parallelismPerKpu()) + 1;
        lines.add(
                new Line(
                        "Managed Flink",
                        kpus * hours * prices.get("flink.kpu-hour")
                                + (kpus - 1) * 50 * prices.get("flink.storage-gb-month"),
                        String.format(
                                "%d KPUs (parallelism %d, %d per KPU, plus one), 50 GB storage"
                                        + " each",
                                kpus, d.parallelism(), d.parallelismPerKpu())));

        // a symbol's latest price is written at most once per flush, and only if it traded
        double latestWrites =
                Math.min(d.tradesPerSecond(), d.symbols() * 1_000 / d.latestPriceFlushMillis());
        double barWrites = 0;
        for (double s : d.barSeconds()) {
            barWrites += d.tradesPerSecond() == 0 ? 0 : d.symbols() / s;
        }
        double strategyWrites =
                d.tradesPerSecond() == 0 || d.barSeconds().isEmpty()
                        ? 0
                        : 2.0 * d.symbols() * d.strategies() / d.barSeconds().get(0);
        double writes = (latestWrites + barWrites + strategyWrites) * seconds;
        lines.add(
                new Line(
                        "DynamoDB writes",
                        writes / 1e6 * prices.get("dynamodb.on-demand.wru-million"),
                        String.format(
                                "%,.1f latest prices, %,.2f bars, %,.2f positions and signals a"
                                        + " second",
                                latestWrites, barWrites, strategyWrites)));

        // each committed Parquet file: create, upload a part, complete
        double files =
                d.tradesPerSecond() == 0
                        ? 0
                        : d.lakeTables() * d.parallelism() * seconds / d.checkpointSeconds();
        double lakeGb = trades * d.lakeBytesPerTrade() / GIB;
        lines.add(
                new Line(
                        "S3 lake",
                        files * 3 / 1_000 * prices.get("s3.put-thousand")
                                + lakeGb * prices.get("s3.storage-gb-month"),
                        String.format(
                                "%,.0f files a month (3 requests each); %,.1f GiB of trades added"
                                        + " a month, its first month stored",
                                files, lakeGb)));

        // signals and round trips, one record each, rounded up to 5 KB
        double firehoseRecords = strategyWrites / 2 * seconds;
        lines.add(
                new Line(
                        "Firehose",
                        firehoseRecords * 5 * 1024 / GIB * prices.get("firehose.ingest-gb"),
                        String.format("%,.0f records a month, 5 KB each", firehoseRecords)));

        lines.add(
                new Line(
                        "ECS Fargate (forwarder)",
                        hours
                                * (d.fargateVcpu() * prices.get("fargate.vcpu-hour")
                                        + d.fargateGb() * prices.get("fargate.gb-hour")),
                        String.format("%.2f vCPU, %.1f GB", d.fargateVcpu(), d.fargateGb())));

        lines.add(
                new Line(
                        "CloudWatch",
                        d.customMetrics() * prices.get("cloudwatch.metric-month")
                                + d.alarms() * prices.get("cloudwatch.alarm-month")
                                + d.dashboards() * prices.get("cloudwatch.dashboard-month")
                                + d.logGbPerMonth() * prices.get("cloudwatch.logs-ingest-gb"),
                        String.format(
                                "%d forwarder metrics, %d alarms, %d dashboard, %.0f GB logs",
                                d.customMetrics(), d.alarms(), d.dashboards(), d.logGbPerMonth())));
        return lines;
    }

    static double total(List<Line> bill) {
        return bill.stream().mapToDouble(Line::dollarsPerMonth).sum();
    }

    /** What grows with trades: the bill less the same deployment's bill with no trade. */
    double variablePerMonth(Deployment d) {
        return total(bill(d)) - total(bill(d.withRate(0)));
    }

    /** Millions of trades a month at the deployment's rate. */
    double millionsOfTrades(Deployment d) {
        return d.tradesPerSecond() * prices.hoursPerMonth() * SECONDS_PER_HOUR / 1e6;
    }

    /**
     * The design this replaces, per month: each trade its own Kinesis record (on-demand, rounded up
     * to 1 KiB), one Lambda invocation (128 MB, {@code lambdaMillis}) and one DynamoDB write.
     */
    List<Line> perTradeDesign(double tradesPerSecond, double lambdaMillis) {
        double hours = prices.hoursPerMonth();
        double trades = tradesPerSecond * hours * SECONDS_PER_HOUR;
        return List.of(
                new Line(
                        "Kinesis, a record per trade",
                        hours * prices.get("kinesis.on-demand.stream-hour")
                                + trades * 1024 / GIB * prices.get("kinesis.on-demand.ingest-gb")
                                + trades
                                        * 1024
                                        / GIB
                                        * prices.get("kinesis.on-demand.retrieval-gb"),
                        "1 KiB billed per trade in and out"),
                new Line(
                        "Lambda, an invocation per trade",
                        trades / 1e6 * prices.get("lambda.requests-million")
                                + trades
                                        * (lambdaMillis / 1_000)
                                        * 0.125
                                        * prices.get("lambda.gb-second"),
                        String.format("128 MB, %.0f ms each", lambdaMillis)),
                new Line(
                        "DynamoDB, a write per trade",
                        trades / 1e6 * prices.get("dynamodb.on-demand.wru-million"),
                        "one write request unit per trade"));
    }
}
