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
 * The monthly AWS bill of the deployment in {@code terraform/} for a trade rate, every resource it
 * creates priced ({@code cost-coverage.properties} says which line prices which resource type, or
 * why it is free), from a dated list-price table ({@code aws-prices-us-east-1.properties}). Plain
 * arithmetic; every assumption is a field of {@link Deployment}. Beside it, the same rate through
 * the design this replaces: a Kinesis record, a Lambda invocation and a DynamoDB write per trade.
 */
final class CostModel {
    static final double SECONDS_PER_HOUR = 3_600;
    static final double GIB = 1024.0 * 1024 * 1024;

    /**
     * p99 from the forwarder's receipt of a trade to its latest price acknowledged by DynamoDB,
     * less the flush interval: 586 ms measured with the polling reader paced at 200 ms and a 100 ms
     * flush (local latency run, benchmarks/README.md), so 486 ms, and each millisecond of a slower
     * pace on top; enhanced fan-out delivers about 130 ms sooner (about 70 ms from put to read
     * instead of about 200).
     */
    static final double POLLING_FRESHNESS_BASE_MILLIS = 486;

    static final double MEASURED_POLLING_PACE_MILLIS = 200;

    static final double EFO_FRESHNESS_BASE_MILLIS = 356;

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
     * What is deployed, as {@code terraform/} and the job's defaults set it ({@link #shipped}) or
     * sized for a rate ({@link #sized}).
     *
     * @param tradesPerSecond trades the forwarder receives, all symbols together
     * @param symbols symbols subscribed
     * @param skew how trades spread over symbols: Zipf's law with this exponent (symbol k of n has
     *     a share 1/k^skew); 0 is uniform. It decides how many writes the latest-price flush saves.
     * @param provisioned the raw stream in PROVISIONED mode (else ON_DEMAND)
     * @param rawShards shards of the raw stream when provisioned (at least what the rate needs)
     * @param retentionHours how long the streams keep records (over 24 h is extended retention)
     * @param efo the job reads the raw stream with enhanced fan-out (else polling)
     * @param pollingMillis the polling reader's pace: the least time between two reads of a shard
     * @param lingerMillis the forwarder seals a record once its first frame waited this long
     * @param frameBytes bytes of one trade frame in an envelope
     * @param parallelism the job's parallelism
     * @param parallelismPerKpu parallel tasks per KPU
     * @param checkpointSeconds checkpoint interval: the lake commits a file per table and subtask
     *     on each
     * @param lakeTables lake tables written on every checkpoint
     * @param lakeBytesPerTrade Parquet bytes per trade in the lake's trades table
     * @param snapshotGb bytes of one snapshot of the job's state, in GB (Managed Flink keeps
     *     snapshots as backups)
     * @param snapshotsKept snapshots kept
     * @param barSeconds the bar intervals, in seconds (each bar is one DynamoDB write)
     * @param strategies strategies per symbol (their positions and signals are written per bar)
     * @param latestPriceFlushMillis how often a symbol's coalesced latest price is written
     * @param dynamoProvisioned the steady-write tables (latest price, bars) on provisioned capacity
     *     with auto scaling, else on-demand
     * @param autoscalingTarget the auto scaling target utilization of provisioned capacity
     * @param fargateVcpu the forwarder task's vCPUs
     * @param fargateGb the forwarder task's memory in GB
     * @param natGateway the forwarder reaches Binance and Kinesis through a NAT gateway (private
     *     subnets) rather than a public IP
     * @param customMetrics the forwarder's CloudWatch metrics (embedded metric format)
     * @param alarms CloudWatch alarms
     * @param dashboards CloudWatch dashboards
     * @param logGbPerMonth forwarder and job logs a month, kept as long as the log groups'
     *     retention
     * @param kmsKeys customer-managed KMS keys
     * @param secrets Secrets Manager secrets (only those the feeds read are created)
     * @param imageGb the forwarder image in ECR
     * @param athenaTbPerMonth data scanned by Athena queries a month
     */
    record Deployment(
            double tradesPerSecond,
            int symbols,
            double skew,
            boolean provisioned,
            int rawShards,
            double retentionHours,
            boolean efo,
            double pollingMillis,
            double lingerMillis,
            double frameBytes,
            int parallelism,
            int parallelismPerKpu,
            double checkpointSeconds,
            int lakeTables,
            double lakeBytesPerTrade,
            double snapshotGb,
            int snapshotsKept,
            List<Double> barSeconds,
            int strategies,
            double latestPriceFlushMillis,
            boolean dynamoProvisioned,
            double autoscalingTarget,
            double fargateVcpu,
            double fargateGb,
            boolean natGateway,
            int customMetrics,
            int alarms,
            int dashboards,
            double logGbPerMonth,
            int kmsKeys,
            int secrets,
            double imageGb,
            double athenaTbPerMonth) {

        /** The stack as {@code terraform/} ships it, whatever the rate. */
        static Builder shipped(double tradesPerSecond, int symbols) {
            Builder b = new Builder();
            b.tradesPerSecond = tradesPerSecond;
            b.symbols = symbols;
            return b;
        }

        /**
         * The stack sized for a rate: parallelism for {@value #TRADES_PER_SUBTASK} trades/s a
         * subtask, a provisioned raw stream with the shards its bytes and records need (25 %
         * headroom) keeping a day (the raw archive in S3 keeps everything for replays), the polling
         * reader paced to leave the archive its read, a 400 ms latest-price flush (p99 fresh within
         * a second) and the steady-write tables on provisioned capacity with auto scaling.
         */
        static Builder sized(double tradesPerSecond, int symbols) {
            Builder b = shipped(tradesPerSecond, symbols);
            b.parallelism = (int) Math.max(1, Math.ceil(tradesPerSecond / TRADES_PER_SUBTASK));
            b.provisioned = true;
            b.rawShards = shardsFor(tradesPerSecond, b.frameBytes);
            b.retentionHours = 24;
            b.efo = false;
            b.dynamoProvisioned = true;
            b.latestPriceFlushMillis = 400;
            return b;
        }

        /**
         * Live trades a subtask is planned for: a third of the 45,000 a second a KPU is planned for
         * (README, Sizing), leaving room to catch up after a restart.
         */
        static final double TRADES_PER_SUBTASK = 15_000;

        Deployment withRate(double rate) {
            Builder b = new Builder(this);
            b.tradesPerSecond = rate;
            return b.build();
        }

        /** p99 from the forwarder's receipt of a trade to its latest price in DynamoDB, in ms. */
        double latestPriceP99Millis() {
            double base =
                    efo
                            ? EFO_FRESHNESS_BASE_MILLIS
                            : POLLING_FRESHNESS_BASE_MILLIS
                                    + Math.max(0, pollingMillis - MEASURED_POLLING_PACE_MILLIS);
            return base + latestPriceFlushMillis;
        }
    }

    /**
     * Raw shards for a rate: 1 MB/s each, with 25 % headroom (the forwarder writes a record per
     * shard every linger at most, far below a shard's 1,000 records/s).
     */
    static int shardsFor(double tradesPerSecond, double frameBytes) {
        return Math.max(1, (int) Math.ceil(tradesPerSecond * frameBytes * 1.25 / 1_000_000));
    }

    /** A {@link Deployment} to build, with the stack's defaults. */
    static final class Builder {
        double tradesPerSecond;
        int symbols = 2;
        double skew = 1.0;
        boolean provisioned;
        int rawShards = 4;
        double retentionHours = 168;
        boolean efo = true;
        double pollingMillis = 250;
        double lingerMillis = 50;
        double frameBytes = 260;
        int parallelism = 2;
        int parallelismPerKpu = 1;
        double checkpointSeconds = 60;
        int lakeTables = 3;
        double lakeBytesPerTrade = 64;
        double snapshotGb = 1;
        int snapshotsKept = 10;
        List<Double> barSeconds = List.of(60.0);
        int strategies;
        double latestPriceFlushMillis = 100;
        boolean dynamoProvisioned;
        double autoscalingTarget = 0.7;
        double fargateVcpu = 0.5;
        double fargateGb = 1.0;
        boolean natGateway = true;
        int customMetrics = 26;
        int alarms = 31;
        int dashboards = 1;
        double logGbPerMonth = 1;
        int kmsKeys = 5;
        int secrets;
        double imageGb = 0.3;
        double athenaTbPerMonth = 0.01;

        Builder() {}

        Builder(Deployment d) {
            tradesPerSecond = d.tradesPerSecond();
            symbols = d.symbols();
            skew = d.skew();
            provisioned = d.provisioned();
            rawShards = d.rawShards();
            retentionHours = d.retentionHours();
            efo = d.efo();
            pollingMillis = d.pollingMillis();
            lingerMillis = d.lingerMillis();
            frameBytes = d.frameBytes();
            parallelism = d.parallelism();
            parallelismPerKpu = d.parallelismPerKpu();
            checkpointSeconds = d.checkpointSeconds();
            lakeTables = d.lakeTables();
            lakeBytesPerTrade = d.lakeBytesPerTrade();
            snapshotGb = d.snapshotGb();
            snapshotsKept = d.snapshotsKept();
            barSeconds = d.barSeconds();
            strategies = d.strategies();
            latestPriceFlushMillis = d.latestPriceFlushMillis();
            dynamoProvisioned = d.dynamoProvisioned();
            autoscalingTarget = d.autoscalingTarget();
            fargateVcpu = d.fargateVcpu();
            fargateGb = d.fargateGb();
            natGateway = d.natGateway();
            customMetrics = d.customMetrics();
            alarms = d.alarms();
            dashboards = d.dashboards();
            logGbPerMonth = d.logGbPerMonth();
            kmsKeys = d.kmsKeys();
            secrets = d.secrets();
            imageGb = d.imageGb();
            athenaTbPerMonth = d.athenaTbPerMonth();
        }

        Deployment build() {
            return new Deployment(
                    tradesPerSecond,
                    symbols,
                    skew,
                    provisioned,
                    rawShards,
                    retentionHours,
                    efo,
                    pollingMillis,
                    lingerMillis,
                    frameBytes,
                    parallelism,
                    parallelismPerKpu,
                    checkpointSeconds,
                    lakeTables,
                    lakeBytesPerTrade,
                    snapshotGb,
                    snapshotsKept,
                    barSeconds,
                    strategies,
                    latestPriceFlushMillis,
                    dynamoProvisioned,
                    autoscalingTarget,
                    fargateVcpu,
                    fargateGb,
                    natGateway,
                    customMetrics,
                    alarms,
                    dashboards,
                    logGbPerMonth,
                    kmsKeys,
                    secrets,
                    imageGb,
                    athenaTbPerMonth);
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
        return Math.min(d.tradesPerSecond(), shards(d) * 1_000 / d.lingerMillis());
    }

    /** The raw stream's shards: on-demand starts with 4; provisioned at least what bytes need. */
    static int shards(Deployment d) {
        if (!d.provisioned()) {
            return d.rawShards();
        }
        return Math.max(
                d.rawShards(), (int) Math.ceil(d.tradesPerSecond() * d.frameBytes() / 1_000_000));
    }

    /**
     * Latest-price writes a second: each symbol's price at most once a flush, and only when it
     * traded, its trades spread by {@link Deployment#skew}.
     */
    static double latestPriceWrites(Deployment d) {
        if (d.tradesPerSecond() == 0) {
            return 0;
        }
        double cap = 1_000 / d.latestPriceFlushMillis();
        double norm = 0;
        for (int k = 1; k <= d.symbols(); k++) {
            norm += Math.pow(k, -d.skew());
        }
        double writes = 0;
        for (int k = 1; k <= d.symbols(); k++) {
            double rate = d.tradesPerSecond() * Math.pow(k, -d.skew()) / norm;
            writes += Math.min(rate, cap);
        }
        return writes;
    }

    /** The monthly bill of {@code d}, component by component. */
    List<Line> bill(Deployment d) {
        double hours = prices.hoursPerMonth();
        double seconds = hours * SECONDS_PER_HOUR;
        double trades = d.tradesPerSecond() * seconds;
        double records = rawRecordsPerSecond(d);
        double recordBytes = records == 0 ? 0 : d.tradesPerSecond() * d.frameBytes() / records;
        double bytesIn = d.tradesPerSecond() * d.frameBytes() * seconds;
        int shards = shards(d);
        List<Line> lines = new ArrayList<>();

        streams(d, lines, hours, seconds, records, recordBytes, bytesIn, shards);

        // the raw archive: Firehose reads the raw stream, bills each record rounded up to 5 KB,
        // and writes an object a buffer interval (300 s) to S3, where the first month is stored
        double archiveGb = records * Math.ceil(recordBytes / 5_120) * 5_120 * seconds / GIB;
        double archiveObjects = records == 0 ? 0 : seconds / 300;
        double archiveStoredGb = bytesIn / GIB / 4; // GZIP of JSON lines, about 4:1
        lines.add(
                new Line(
                        "Raw archive (Firehose to S3)",
                        archiveGb * prices.get("firehose.ingest-gb")
                                + archiveObjects / 1_000 * prices.get("s3.put-thousand")
                                + archiveStoredGb * prices.get("s3.storage-gb-month"),
                        String.format(
                                "%,.0f GiB billed (records rounded up to 5 KB), %,.0f objects, %,.1f"
                                        + " GiB gzipped stored",
                                archiveGb, archiveObjects, archiveStoredGb)));

        int kpus = (int) Math.ceil((double) d.parallelism() / d.parallelismPerKpu()) + 1;
        lines.add(
                new Line(
                        "Managed Flink",
                        kpus * hours * prices.get("flink.kpu-hour")
                                + (kpus - 1) * 50 * prices.get("flink.storage-gb-month")
                                + d.snapshotGb()
                                        * d.snapshotsKept()
                                        * prices.get("flink.backup-gb-month"),
                        String.format(
                                "%d KPUs (parallelism %d, %d per KPU, plus one), 50 GB running"
                                        + " storage each, %d snapshots of %.1f GB kept",
                                kpus,
                                d.parallelism(),
                                d.parallelismPerKpu(),
                                d.snapshotsKept(),
                                d.snapshotGb())));

        dynamo(d, lines, hours, seconds);

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

        // Athena reads the lake's files: a GET per file scanned, and the bytes scanned
        double scannedFiles =
                lakeGb == 0 ? 0 : Math.min(files, d.athenaTbPerMonth() * 1024 / lakeGb * files);
        lines.add(
                new Line(
                        "Athena and Glue",
                        d.athenaTbPerMonth() * prices.get("athena.tb-scanned")
                                + scannedFiles / 1_000 * prices.get("s3.get-thousand"),
                        String.format(
                                "%.2f TB scanned a month (%,.0f GETs); the catalog's few tables"
                                        + " are within Glue's free million objects",
                                d.athenaTbPerMonth(), scannedFiles)));

        // signals and round trips, one record each, rounded up to 5 KB
        double firehoseRecords = strategyWrites(d) / 2 * seconds;
        lines.add(
                new Line(
                        "Firehose (job tables)",
                        firehoseRecords * 5 * 1024 / GIB * prices.get("firehose.ingest-gb"),
                        String.format("%,.0f records a month, 5 KB each", firehoseRecords)));

        lines.add(
                new Line(
                        "ECS Fargate (forwarder)",
                        hours
                                * (d.fargateVcpu() * prices.get("fargate.vcpu-hour")
                                        + d.fargateGb() * prices.get("fargate.gb-hour")),
                        String.format("%.2f vCPU, %.1f GB", d.fargateVcpu(), d.fargateGb())));
        if (d.natGateway()) {
            // Binance's frames come in and the records go out to Kinesis through it
            double natGb = 2 * bytesIn / GIB;
            lines.add(
                    new Line(
                            "NAT gateway (forwarder)",
                            hours * prices.get("nat.hour") + natGb * prices.get("nat.gb"),
                            String.format(
                                    "one gateway; %,.0f GiB processed (frames in, records out)",
                                    natGb)));
        }
        lines.add(
                new Line(
                        "ECR and Secrets Manager",
                        d.imageGb() * prices.get("ecr.storage-gb-month")
                                + d.secrets() * prices.get("secretsmanager.secret-month"),
                        String.format(
                                "a %.1f GB image; %d secrets (only what the feeds read)",
                                d.imageGb(), d.secrets())));
        lines.add(
                new Line(
                        "KMS keys",
                        d.kmsKeys() * prices.get("kms.key-month"),
                        String.format(
                                "%d customer keys (streams, storage, job logs, forwarder, alarms);"
                                        + " requests few: bucket keys and cached data keys",
                                d.kmsKeys())));
        lines.add(
                new Line(
                        "CloudWatch",
                        d.customMetrics() * prices.get("cloudwatch.metric-month")
                                + d.alarms() * prices.get("cloudwatch.alarm-month")
                                + d.dashboards() * prices.get("cloudwatch.dashboard-month")
                                + d.logGbPerMonth() * prices.get("cloudwatch.logs-ingest-gb")
                                + d.logGbPerMonth()
                                        * prices.get("cloudwatch.logs-storage-gb-month"),
                        String.format(
                                "%d forwarder metrics, %d alarms, %d dashboard, %.0f GB logs"
                                        + " ingested and stored; SNS alarm mail within its free"
                                        + " tier",
                                d.customMetrics(), d.alarms(), d.dashboards(), d.logGbPerMonth())));
        return lines;
    }

    private void streams(
            Deployment d,
            List<Line> lines,
            double hours,
            double seconds,
            double records,
            double recordBytes,
            double bytesIn,
            int shards) {
        double extraHours = Math.max(0, d.retentionHours() - 24);
        if (d.provisioned()) {
            double putUnits = records * Math.ceil(recordBytes / (25 * 1024.0)) * seconds;
            lines.add(
                    new Line(
                            "Kinesis streams (provisioned)",
                            (shards + 1) * hours * prices.get("kinesis.provisioned.shard-hour")
                                    + putUnits
                                            / 1e6
                                            * prices.get("kinesis.provisioned.put-units-million"),
                            String.format(
                                    "%d raw shard%s and 1 quarantine shard; %,.0f records/s of"
                                            + " %,.0f B",
                                    shards, shards == 1 ? "" : "s", records, recordBytes)));
            if (extraHours > 0) {
                lines.add(
                        new Line(
                                "Kinesis extended retention",
                                (shards + 1)
                                        * hours
                                        * prices.get(
                                                "kinesis.provisioned.extended-retention-shard-hour"),
                                String.format(
                                        "%.0f h kept on %d shards",
                                        d.retentionHours(), shards + 1)));
            }
            if (d.efo()) {
                lines.add(
                        new Line(
                                "Kinesis enhanced fan-out",
                                shards
                                                * hours
                                                * prices.get(
                                                        "kinesis.provisioned.efo-consumer-shard-hour")
                                        + bytesIn
                                                / GIB
                                                * prices.get(
                                                        "kinesis.provisioned.efo-retrieval-gb"),
                                String.format("one consumer on %d shards", shards)));
            }
            return;
        }
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
        if (extraHours > 0) {
            // the stream holds retentionHours of data; the part past 24 h is billed per GB-month
            double heldGb = ingestGb / hours * extraHours;
            lines.add(
                    new Line(
                            "Kinesis extended retention",
                            heldGb * prices.get("kinesis.on-demand.extended-retention-gb-month"),
                            String.format(
                                    "%.0f h kept: %,.1f GiB held past the first 24 h",
                                    d.retentionHours(), heldGb)));
        }
        // the job's reads; the raw archive's are billed the same way and counted here too
        double readGb = 2 * bytesIn / GIB;
        double jobReadGb = bytesIn / GIB;
        lines.add(
                new Line(
                        d.efo() ? "Kinesis reads (job by fan-out, archive)" : "Kinesis reads",
                        (d.efo()
                                        ? jobReadGb
                                                * prices.get("kinesis.on-demand.efo-retrieval-gb")
                                        : jobReadGb * prices.get("kinesis.on-demand.retrieval-gb"))
                                + (readGb - jobReadGb)
                                        * prices.get("kinesis.on-demand.retrieval-gb"),
                        String.format(
                                "%,.1f GiB a month each, the job and the archive", jobReadGb)));
    }

    /** Positions and signals written a second: two per strategy, symbol and shortest bar. */
    private static double strategyWrites(Deployment d) {
        return d.tradesPerSecond() == 0 || d.barSeconds().isEmpty()
                ? 0
                : 2.0 * d.symbols() * d.strategies() / d.barSeconds().get(0);
    }

    private void dynamo(Deployment d, List<Line> lines, double hours, double seconds) {
        double latest = latestPriceWrites(d);
        double barWrites = 0;
        for (double s : d.barSeconds()) {
            barWrites += d.tradesPerSecond() == 0 ? 0 : d.symbols() / s;
        }
        double strategy = strategyWrites(d);
        String basis =
                String.format(
                        "%,.1f latest prices (flush %.0f ms, p99 fresh in %.0f ms), %,.2f bars,"
                                + " %,.2f positions and signals a second",
                        latest,
                        d.latestPriceFlushMillis(),
                        d.latestPriceP99Millis(),
                        barWrites,
                        strategy);
        if (d.dynamoProvisioned()) {
            // latest prices and bars on provisioned capacity kept at the target utilization; the
            // small tables stay on-demand; reads: 5 units a table for queries
            double wcu = Math.ceil((latest + barWrites) / d.autoscalingTarget());
            lines.add(
                    new Line(
                            "DynamoDB capacity (provisioned, auto scaling)",
                            wcu == 0
                                    ? 2 * 5 * hours * prices.get("dynamodb.provisioned.rcu-hour")
                                    : wcu * hours * prices.get("dynamodb.provisioned.wcu-hour")
                                            + 2
                                                    * 5
                                                    * hours
                                                    * prices.get("dynamodb.provisioned.rcu-hour")
                                            + strategy
                                                    * seconds
                                                    / 1e6
                                                    * prices.get("dynamodb.on-demand.wru-million"),
                            String.format(
                                            "%,.0f write units at %.0f %% target; ",
                                            wcu, 100 * d.autoscalingTarget())
                                    + basis));
        } else {
            double writes = (latest + barWrites + strategy) * seconds;
            lines.add(
                    new Line(
                            "DynamoDB writes (on-demand)",
                            writes / 1e6 * prices.get("dynamodb.on-demand.wru-million"),
                            basis));
        }
        // what a month adds: bars and signals accumulate (about 200 B an item); the latest-price
        // and top-of-book tables hold one item a symbol; point-in-time recovery on every table
        double addedGb = (barWrites + strategy) * seconds * 200 / 1e9 + d.symbols() * 2 * 300 / 1e9;
        double billedGb = Math.max(0, addedGb - prices.get("dynamodb.storage-free-gb"));
        lines.add(
                new Line(
                        "DynamoDB storage and backups",
                        billedGb * prices.get("dynamodb.storage-gb-month")
                                + addedGb * prices.get("dynamodb.pitr-gb-month"),
                        String.format(
                                "%,.1f GB added a month (the first 25 GB stored free),"
                                        + " point-in-time recovery on all of it",
                                addedGb)));
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
