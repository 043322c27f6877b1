package io.marketpipe.launcher;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.localstack.AwsClients;
import io.marketpipe.localstack.LocalStack;
import io.marketpipe.localstack.ProjectHome;
import io.marketpipe.localstack.StackConfig;
import io.marketpipe.schemas.symbol.Symbols;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code ./pipeline local}: the whole pipeline on this machine, with progress and a summary. */
final class LocalCommand {
    static final String USAGE =
            "local [--duration SECONDS] [--symbols BTCUSDT,ETHUSDT,...] [--rate TRADES_PER_SECOND]\n"
                    + "      [--seed N] [--garbage-every N] [--duplicate-every N] [--ui-port 8081] [--checkpoint-interval SECONDS]\n"
                    + "      [--kinesis-reader polling|efo] [--strategies FILE.json]\n"
                    + "      [--kinesis-port 4568] [--kinesis-tls-port 4567] [--dynamodb-port 8000] [--s3-port 9000]\n"
                    + "      [--firehose-port 4573 (0 = no local Firehose)]\n"
                    + "      [--keep-data] [--job-property GROUP/KEY=VALUE (a runtime property; repeatable)]";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final Duration POSITIONS_EVERY = Duration.ofSeconds(30);
    private static final int MANY_POSITIONS = 300;

    private final PrintStream out;
    private PositionsView positions;
    private long positionsReadAt;

    LocalCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv, CountDownLatch interrupted) throws Exception {
        return run(argv, interrupted, false);
    }

    /**
     * {@code cluster}: the same run with the shaded job jar on a real multi-process Flink cluster
     * ({@code ./pipeline cluster}).
     */
    int run(String[] argv, CountDownLatch interrupted, boolean cluster) throws Exception {
        Args args =
                new Args(
                        argv,
                        Set.of(
                                "--duration",
                                "--symbols",
                                "--rate",
                                "--seed",
                                "--garbage-every",
                                "--duplicate-every",
                                "--kinesis-reader",
                                "--strategies",
                                "--ui-port",
                                "--checkpoint-interval",
                                "--kinesis-port",
                                "--kinesis-tls-port",
                                "--dynamodb-port",
                                "--s3-port",
                                "--firehose-port",
                                "--from-savepoint",
                                "--taskmanager-cpus",
                                "--job-property"),
                        Set.of("--keep-data", "--ha", "--kpu"));
        for (String option : List.of("--from-savepoint", "--taskmanager-cpus", "--ha", "--kpu")) {
            if (!cluster && !args.get(option, "").isEmpty()) { // a flag given reads "true"
                throw new Args.UsageException(option + " is for ./pipeline cluster");
            }
        }
        if (args.flag("--ha") && args.flag("--kpu")) {
            throw new Args.UsageException("--ha and --kpu do not go together");
        }
        LocalOptions options = options(args, cluster);
        try (AutoCloseable claim = ProjectHome.lockLocalData(options.stack().dataDir())) {
            return run(args, options, interrupted, cluster);
        }
    }

    private int run(Args args, LocalOptions options, CountDownLatch interrupted, boolean cluster)
            throws Exception {
        if (!args.flag("--keep-data") && !args.flag("--from-savepoint")) {
            ProjectHome.deleteLocalData(options.stack().dataDir());
        }

        out.printf(
                "starting: local AWS stack, exchange simulator (%s at %s trades/s), forwarder, Flink job%n",
                String.join(",", options.symbols()), args.get("--rate", "200"));
        long started = System.nanoTime();
        try (LocalPipeline pipeline = LocalPipeline.start(options, trade -> {})) {
            out.printf(
                    "running: Flink dashboard http://localhost:%d  Kinesis %s  DynamoDB %s  S3 %s%n",
                    options.restPort(),
                    options.stack().kinesisEndpoint(),
                    options.stack().dynamoDbEndpoint(),
                    options.stack().s3Endpoint());
            out.println(
                    options.duration()
                            .map(
                                    d ->
                                            "stopping by itself after "
                                                    + d.toSeconds()
                                                    + " s; Ctrl-C stops it sooner")
                            .orElse("Ctrl-C stops it and prints a summary"));
            long deadline =
                    options.duration().map(d -> started + d.toNanos()).orElse(Long.MAX_VALUE);
            while (System.nanoTime() < deadline) {
                long wait = Math.min(PROGRESS_EVERY.toNanos(), deadline - System.nanoTime());
                if (interrupted.await(Math.max(wait, 0), TimeUnit.NANOSECONDS)) {
                    out.println("interrupted: stopping gracefully (Ctrl-C again to abort)");
                    break;
                }
                pipeline.requireHealthy();
                progress(pipeline, started);
            }
            LatencyReport latencies;
            try {
                latencies = pipeline.latencies();
            } catch (IOException e) {
                out.println("no latency histograms: " + e.getMessage());
                latencies = LatencyReport.NONE;
            }
            out.println("stopping: flushing the forwarder, draining the job, final checkpoint");
            pipeline.stop();
            if (cluster) {
                out.println("stopped with a savepoint: " + pipeline.savepoint());
            }
            return summary(pipeline, options, started, latencies);
        }
    }

    private LocalOptions options(Args args, boolean cluster) throws IOException {
        List<String> symbols = new ArrayList<>();
        for (String s : args.get("--symbols", "BTCUSDT,ETHUSDT,SOLUSDT").split(",")) {
            String symbol = Symbols.fromStreamName(s.trim());
            String fault = Symbols.fault(symbol);
            if (fault != null) {
                throw new Args.UsageException(
                        "symbol \"" + s.trim() + "\" " + fault + "; a symbol is " + Symbols.RULE);
            }
            symbols.add(symbol);
        }
        long duration = args.getLong("--duration", 0, 1);
        String reader = args.get("--kinesis-reader", "polling").toUpperCase(Locale.ROOT);
        if (!reader.equals("POLLING") && !reader.equals("EFO")) {
            throw new Args.UsageException("--kinesis-reader is polling or efo, was " + reader);
        }
        StackConfig stack =
                StackConfig.builder()
                        .kinesisPort(args.port("--kinesis-port", 4568))
                        .kinesisTlsPort(args.port("--kinesis-tls-port", 4567))
                        .dynamoDbPort(args.port("--dynamodb-port", 8000))
                        .s3Port(args.port("--s3-port", 9000))
                        .firehosePort(firehosePort(args))
                        .persistStreams(true)
                        .build();
        boolean resuming = args.flag("--keep-data") || args.flag("--from-savepoint");
        return LocalOptions.builder(stack)
                .duration(
                        duration == 0
                                ? Optional.empty()
                                : Optional.of(Duration.ofSeconds(duration)))
                .symbols(symbols)
                .tradesPerSecond(args.getLong("--rate", 200, 1))
                .seed(args.getLong("--seed", 42, Long.MIN_VALUE))
                .garbageEvery(args.getLong("--garbage-every", 1_000, 0))
                .duplicateEvery(args.getLong("--duplicate-every", 500, 0))
                .restPort(args.port("--ui-port", 8081))
                .checkpointInterval(
                        Duration.ofSeconds(args.getLong("--checkpoint-interval", 10, 1)))
                .kinesisReader(reader)
                .strategies(
                        StrategySweeps.group(
                                StrategiesFile.read(
                                        args.get("--strategies", ""),
                                        StrategiesFile.LOCAL_DEFAULTS)))
                .host(
                        !cluster
                                ? LocalOptions.JobHost.MINI_CLUSTER
                                : args.flag("--ha")
                                        ? LocalOptions.JobHost.CLUSTER_HA
                                        : args.flag("--kpu")
                                                ? LocalOptions.JobHost.CLUSTER_KPU
                                                : LocalOptions.JobHost.CLUSTER)
                .taskManagerCpus(
                        Optional.of(args.get("--taskmanager-cpus", "")).filter(s -> !s.isEmpty()))
                .fromSavepoint(
                        Optional.of(args.get("--from-savepoint", "")).filter(s -> !s.isEmpty()))
                .jobProperties(jobProperties(args.getAll("--job-property")))
                // a run on kept data goes on above the earlier runs' trade ids, as an exchange does
                .firstTradeId(resuming ? System.currentTimeMillis() * 1_000 : 1)
                .build();
    }

    /**
     * {@code GROUP/KEY=VALUE} settings by group, e.g. {@code
     * sinks/dynamodb.latest-price.flush.interval.ms=200}; the job checks group, key and value.
     */
    static Map<String, Map<String, String>> jobProperties(List<String> settings) {
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        for (String setting : settings) {
            int slash = setting.indexOf('/');
            int equals = setting.indexOf('=');
            if (slash <= 0 || equals <= slash + 1) {
                throw new Args.UsageException(
                        "--job-property is GROUP/KEY=VALUE (e.g."
                                + " sinks/dynamodb.latest-price.flush.interval.ms=200), was "
                                + setting);
            }
            groups.computeIfAbsent(setting.substring(0, slash), g -> new LinkedHashMap<>())
                    .put(setting.substring(slash + 1, equals), setting.substring(equals + 1));
        }
        return groups;
    }

    /**
     * The local Firehose runs when moto's server is installed (the machine image ships it); without
     * it the pipeline runs without Firehose and says how to get it.
     */
    private int firehosePort(Args args) {
        int port = args.port("--firehose-port", 4573);
        if (port == 0) {
            return -1;
        }
        if (!LocalStack.motoInstalled()) {
            out.println(
                    "no local Firehose: moto's server is not installed (pip install 'moto[server]');"
                            + " running without it");
            return -1;
        }
        return port;
    }

    private void progress(LocalPipeline pipeline, long started) {
        ForwarderMetrics f = pipeline.forwarder().metrics();
        JobCounts job = pipeline.counts();
        PositionsView positions = positions(pipeline);
        out.printf(
                "[%4ds] forwarded %,d frames in %,d Kinesis records | job: %,d trades, %,d quarantined, %,d late"
                        + " | books: %d in sync, %,d updates, %d resyncs"
                        + " | strategies: %,d signals, %,d round trips, %d open, realised PnL %s%n",
                elapsedSeconds(started),
                f.framesOut.sum(),
                f.recordsPut.sum(),
                job.trades(),
                job.quarantined(),
                job.late(),
                job.booksInSync(),
                job.bookUpdates(),
                job.bookResyncs(),
                job.signals(),
                job.roundTrips(),
                positions.open(),
                money(positions.realized()));
    }

    /**
     * The positions for a progress line: a scan of the whole table, so with many (thousands of
     * symbols times strategies) at most every {@link #POSITIONS_EVERY}, or the progress lines would
     * load DynamoDB Local and this machine more than the job they report on.
     */
    private PositionsView positions(LocalPipeline pipeline) {
        long now = System.nanoTime();
        if (positions == null
                || positions.items() < MANY_POSITIONS
                || now - positionsReadAt >= POSITIONS_EVERY.toNanos()) {
            positions = PositionsView.read(pipeline.stack());
            positionsReadAt = now;
        }
        return positions;
    }

    private int summary(
            LocalPipeline pipeline, LocalOptions options, long started, LatencyReport latencies)
            throws IOException {
        StackConfig stack = options.stack();
        ForwarderMetrics f = pipeline.forwarder().metrics();
        JobCounts job = pipeline.counts();
        List<String> missing = new ArrayList<>();
        long barItems;
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(stack)) {
            for (String symbol : options.symbols()) {
                Map<String, AttributeValue> item = LatestPrices.of(dynamo, stack, symbol);
                if (item == null || item.isEmpty()) {
                    missing.add(symbol);
                }
            }
            barItems = AwsClients.itemCount(dynamo, stack.barsTable());
        }
        int latestItems = options.symbols().size() - missing.size();
        Path lake = stack.lakeDir();
        out.println();
        out.printf("summary after %d s%n", elapsedSeconds(started));
        out.printf(
                "  simulator   trades produced %,d, garbage frames %,d%n",
                pipeline.simulator().tradesProduced(), pipeline.simulator().garbageSent());
        out.printf(
                "  forwarder   frames in %,d, frames out %,d, Kinesis records %,d (%.1f frames/record), retries %,d%n",
                f.framesIn.sum(),
                f.framesOut.sum(),
                f.recordsPut.sum(),
                f.recordsPut.sum() == 0 ? 0.0 : (double) f.framesOut.sum() / f.recordsPut.sum(),
                f.recordRetries.sum());
        out.printf(
                "  job         frames %,d: trades %,d (of which %,d duplicates dropped, %,d late), quotes %,d,"
                        + " gaps %,d, control %,d, quarantined %,d%n",
                job.frames(),
                job.trades(),
                job.duplicates(),
                job.late(),
                job.quotes(),
                job.gaps(),
                job.control(),
                job.quarantined());
        out.printf(
                "  dynamodb    latest-price items %d of %d symbols, bar items %,d%n",
                latestItems, options.symbols().size(), barItems);
        if (options.books()) {
            out.printf(
                    "  books       %d of %d in sync, %,d depth frames (%,d diffs applied), %d resyncs,"
                            + " %,d REST snapshots%n",
                    job.booksInSync(),
                    options.symbols().size(),
                    job.bookUpdates(),
                    job.diffsApplied(),
                    job.bookResyncs(),
                    f.depthSnapshots.sum());
            for (String line : TopOfBook.lines(stack, options.symbols())) {
                out.println("              " + line);
            }
        }
        if (job.klinesMatched() + job.klinesMismatched() > 0) {
            out.printf(
                    "  klines      the venue's closed 1m klines: %,d equal our bars, %,d differ (lake"
                            + " table reconciliation)%n",
                    job.klinesMatched(), job.klinesMismatched());
        }
        for (String line : latencies.lines()) {
            out.println("  latency     " + line);
        }
        if (!latencies.sourceRecords().isEmpty()) {
            out.println("  source      records out by subtask " + latencies.sourceSpread());
        }
        PositionsView positions = PositionsView.read(stack);
        out.printf(
                "  strategies  signals %,d, round trips %,d, open positions %d, realised PnL %s%n",
                job.signals(), job.roundTrips(), positions.open(), money(positions.realized()));
        positions
                .strategies()
                .forEach(
                        (strategy, book) ->
                                out.printf(
                                        "              %-11s %d symbols, %d open, realised %s, unrealised %s%n",
                                        strategy,
                                        book.symbols(),
                                        book.open(),
                                        money(book.realized()),
                                        money(book.unrealized())));
        if (stack.firehosePort() >= 0) {
            try (S3Client s3 = AwsClients.firehoseS3(stack)) {
                for (String table : LocalStack.FIREHOSE_TABLES) {
                    int objects =
                            s3.listObjectsV2(
                                            r ->
                                                    r.bucket(stack.firehoseBucket())
                                                            .prefix("firehose/" + table + "/"))
                                    .keyCount();
                    out.printf(
                            "  firehose    %-11s %d objects in s3://%s/firehose/%s/ (moto, %s)%n",
                            table,
                            objects,
                            stack.firehoseBucket(),
                            table,
                            stack.firehoseEndpoint());
                }
            }
        }
        out.printf("  lake        %s%n", lake);
        for (String table :
                List.of(
                        "trades",
                        "bars_1m",
                        "bars_5s",
                        "quotes",
                        "quarantine",
                        "signals",
                        "fills",
                        "round_trips",
                        "equity")) {
            out.printf(
                    "              %-11s %d Parquet files%n",
                    table, parquetFiles(lake.resolve(table)));
        }
        boolean ok =
                missing.isEmpty() && job.trades() > 0 && parquetFiles(lake.resolve("trades")) > 0;
        if (!ok) {
            out.println(
                    "FAILED: "
                            + (missing.isEmpty()
                                    ? "no trades reached the job or the lake"
                                    : "no latest price for " + missing));
        }
        return ok ? 0 : 1;
    }

    private static String money(java.math.BigDecimal value) {
        return value.setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    static long parquetFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
        }
    }

    private static long elapsedSeconds(long started) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    }
}
