package io.marketpipe.launcher;

import io.marketpipe.ingest.Forwarder;
import io.marketpipe.ingest.config.ForwarderConfig;
import io.marketpipe.ingest.envelope.BatcherConfig;
import io.marketpipe.ingest.feed.FeedTimings;
import io.marketpipe.ingest.feed.binance.BinanceFeeds;
import io.marketpipe.job.MarketDataJob;
import io.marketpipe.job.config.JobConfig;
import io.marketpipe.job.config.PropertyGroupsFile;
import io.marketpipe.localstack.AwsClients;
import io.marketpipe.localstack.FlinkCluster;
import io.marketpipe.localstack.LocalStack;
import io.marketpipe.localstack.Poll;
import io.marketpipe.localstack.Ports;
import io.marketpipe.localstack.ProjectHome;
import io.marketpipe.localstack.StackConfig;
import io.marketpipe.simulator.ExchangeSimulator;
import io.marketpipe.simulator.SimTrade;
import io.marketpipe.simulator.SimulatorConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on one machine: the local AWS stack, the exchange simulator, the forwarder and
 * the job in a MiniCluster with its web dashboard. Used by {@code ./pipeline local} and the
 * end-to-end tests.
 */
public final class LocalPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPipeline.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(90);

    private final LocalOptions options;
    private LocalStack stack;
    private ExchangeSimulator simulator;
    private Forwarder forwarder;
    private RunningJob job;

    /** Where the job's REST API answers (the dashboard's port, or a free one for port 0). */
    private URI rest;

    private FlinkCluster cluster;
    private String savepoint;
    private boolean stopped;
    private JobCounts finalCounts;

    /** What the jobs before a redeploy counted. */
    private JobCounts earlierJobs = JobCounts.NONE;

    private LocalPipeline(LocalOptions options) {
        this.options = options;
    }

    /** Starts everything and the simulator's trading; {@code onTrade} sees every trade produced. */
    public static LocalPipeline start(LocalOptions options, Consumer<SimTrade> onTrade)
            throws Exception {
        LocalPipeline pipeline = new LocalPipeline(options);
        try {
            pipeline.startAll(onTrade);
            return pipeline;
        } catch (Exception | Error e) {
            pipeline.close();
            throw e;
        }
    }

    private void startAll(Consumer<SimTrade> onTrade) throws Exception {
        StackConfig cfg = options.stack();
        if (options.restPort() != 0) {
            Ports.requireFree(options.restPort(), "the Flink dashboard", "--ui-port");
        }
        stack = LocalStack.start(cfg);
        initS3FileSystem(cfg);

        simulator =
                new ExchangeSimulator(
                                SimulatorConfig.builder()
                                        .symbols(options.symbols())
                                        .tradesPerSecond(options.tradesPerSecond())
                                        .seed(options.seed())
                                        .clock(options.clock())
                                        .maxTrades(options.maxTrades())
                                        .garbageEvery(options.garbageEvery())
                                        .duplicateEvery(options.duplicateEvery())
                                        .firstTradeId(options.firstTradeId())
                                        // REST for the books' depth snapshots (and trade backfill)
                                        .restPort(options.books() ? 0 : -1)
                                        .build())
                        .start();
        simulator.onTrade(onTrade);

        if (options.cluster()) {
            job = startOnCluster(cfg);
        } else {
            int restPort = options.restPort() == 0 ? Ports.freePort() : options.restPort();
            rest = URI.create("http://127.0.0.1:" + restPort);
            Configuration flink = new Configuration();
            flink.set(RestOptions.PORT, restPort);
            flink.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
            flink.set(RestOptions.ADDRESS, "127.0.0.1");
            // every port of a local run on loopback; the blob server binds where the JobManager
            // does (Flink 1.19's BlobServer reads jobmanager.bind-host)
            flink.setString("jobmanager.bind-host", "127.0.0.1");
            flink.setString("taskmanager.bind-host", "127.0.0.1");
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
            env.setParallelism(options.parallelism());
            env.enableCheckpointing(options.checkpointInterval().toMillis());
            MarketDataJob.build(env, jobConfig(cfg));
            job = RunningJob.of(env.executeAsync("marketpipe-local"));
        }
        Poll.until("the Flink job to run", START_TIMEOUT, job::ready);

        forwarder =
                Forwarder.start(
                        new ForwarderConfig(
                                BinanceFeeds.json(
                                        "ws://127.0.0.1:" + simulator.port(),
                                        BinanceFeeds.streams(
                                                options.symbols(), streamKinds(options))),
                                cfg.rawStream(),
                                StackConfig.REGION,
                                Optional.of(cfg.kinesisEndpoint()),
                                AwsClients.credentials(),
                                BatcherConfig.DEFAULTS,
                                FeedTimings.DEFAULTS,
                                options.books()
                                        ? Optional.of(URI.create(simulator.restUrl()))
                                        : Optional.empty()));
        Poll.until("the forwarder to connect", START_TIMEOUT, forwarder::connected);
        simulator.startTrading();
    }

    /**
     * The streams each symbol is subscribed to: trades, and with books its depth, ticker and 1m
     * klines (checked against the job's bars).
     */
    static List<String> streamKinds(LocalOptions options) {
        return options.books()
                ? List.of("trade", "depth@100ms", "bookTicker", "kline_1m")
                : List.of("trade");
    }

    /**
     * An update as an operator does it, while trades keep flowing: stop the job with a savepoint,
     * submit the jar again from it (cluster runs only). Returns the savepoint's path.
     */
    public String redeployFromSavepoint() throws Exception {
        if (cluster == null) {
            throw new IllegalStateException("redeploy is for cluster runs");
        }
        String savepoints = options.stack().dataDir().resolve("savepoints").toUri().toString();
        earlierJobs = earlierJobs.plus(job.stop(savepoints, DRAIN_TIMEOUT));
        String from = job.savepoint();
        job = submit(options.stack(), Optional.of(from));
        Poll.until("the redeployed job to run", START_TIMEOUT, job::ready);
        return from;
    }

    /**
     * The shaded job jar on a real multi-process cluster (JobManager and two TaskManagers, or one
     * KPU-shaped TaskManager), uploaded and run over REST with the property groups as a file, the
     * S3 filesystem as a plugin.
     */
    private RunningJob startOnCluster(StackConfig cfg) throws Exception {
        Path jar = ProjectHome.get().resolve("flink-job/target/flink-job-0.1.0-SNAPSHOT-job.jar");
        if (!Files.isReadable(jar)) {
            throw new IllegalStateException(jar + " is missing: ./pipeline build makes it");
        }
        Map<String, String> conf = s3Settings(cfg);
        conf.put(
                "execution.checkpointing.interval",
                options.checkpointInterval().toMillis() + " ms");
        boolean kpu = options.host() == LocalOptions.JobHost.CLUSTER_KPU;
        if (kpu) {
            conf.put("taskmanager.numberOfTaskSlots", "1");
            conf.put("taskmanager.memory.process.size", "4096m");
        }
        cluster =
                FlinkCluster.start(
                        cfg.dataDir().resolve("cluster"),
                        options.restPort(),
                        kpu ? 1 : 2,
                        conf,
                        options.host() == LocalOptions.JobHost.CLUSTER_HA,
                        options.taskManagerCpus());
        rest = cluster.rest();
        return submit(cfg, options.fromSavepoint());
    }

    private RunningJob submit(StackConfig cfg, Optional<String> fromSavepoint) throws Exception {
        Path jar = ProjectHome.get().resolve("flink-job/target/flink-job-0.1.0-SNAPSHOT-job.jar");
        Path properties = cfg.dataDir().resolve("job-properties.json");
        PropertyGroupsFile.write(properties, jobProperties(cfg));
        String jarId = cluster.uploadJar(jar);
        String jobId =
                cluster.run(
                        jarId,
                        MarketDataJob.class.getName(),
                        List.of("--config", properties.toString()),
                        options.parallelism(),
                        fromSavepoint);
        LOG.info("job {} submitted to the cluster at {}", jobId, cluster.rest());
        return RunningJob.of(cluster, jobId);
    }

    /** The job's settings for this stack, in the same property-group shape as on Managed Flink. */
    JobConfig jobConfig(StackConfig cfg) {
        return JobConfig.fromPropertyGroups(jobProperties(cfg));
    }

    private Map<String, Properties> jobProperties(StackConfig cfg) {
        Properties aws = new Properties();
        aws.setProperty("region", StackConfig.REGION);
        aws.setProperty("endpoint.kinesis", cfg.kinesisEndpoint().toString());
        aws.setProperty("endpoint.dynamodb", cfg.dynamoDbEndpoint().toString());
        aws.setProperty("credentials.access-key-id", StackConfig.ACCESS_KEY);
        aws.setProperty("credentials.secret-key", StackConfig.SECRET_KEY);
        Properties source = new Properties();
        source.setProperty("kinesis.stream.arn", StackConfig.streamArn(cfg.rawStream()));
        source.setProperty("kinesis.initial.position", "TRIM_HORIZON");
        source.setProperty("kinesis.shard.discovery.interval.ms", "1000");
        source.setProperty("kinesis.reader", options.kinesisReader());
        source.setProperty("kinesis.efo.consumer.name", "marketpipe-local");
        Properties bars = new Properties();
        bars.setProperty("intervals", options.barIntervals());
        bars.setProperty(
                "watermark.idleness.ms", Long.toString(options.watermarkIdleness().toMillis()));
        if (!options.clock().isWall()) {
            // a simulated day in the past, received now: live, it would be far too old
            bars.setProperty("trade-time.max-behind.ms", Long.toString(Long.MAX_VALUE));
        }
        Properties sinks = new Properties();
        sinks.setProperty("lake.path", "s3://" + cfg.lakeBucket());
        sinks.setProperty("dynamodb.latest-price.table", cfg.latestPriceTable());
        sinks.setProperty("dynamodb.top-of-book.table", cfg.topOfBookTable());
        sinks.setProperty("dynamodb.bars.table", cfg.barsTable());
        sinks.setProperty("quarantine.stream.arn", StackConfig.streamArn(cfg.quarantineStream()));
        sinks.setProperty("dynamodb.signals.table", cfg.signalsTable());
        sinks.setProperty("dynamodb.positions.table", cfg.positionsTable());
        if (cfg.firehosePort() >= 0) {
            aws.setProperty("endpoint.firehose", cfg.firehoseEndpoint().toString());
            for (String table : LocalStack.FIREHOSE_TABLES) {
                sinks.setProperty(
                        "firehose." + table + ".stream", StackConfig.firehoseStream(table));
            }
        }
        Map<String, Properties> groups = new LinkedHashMap<>();
        groups.put(JobConfig.AWS, aws);
        groups.put(JobConfig.SOURCE, source);
        groups.put(JobConfig.BARS, bars);
        groups.put(JobConfig.SINKS, sinks);
        groups.put(JobConfig.STRATEGIES, options.strategies());
        options.jobProperties()
                .forEach(
                        (group, values) ->
                                groups.computeIfAbsent(group, g -> new Properties())
                                        .putAll(values));
        return groups;
    }

    /**
     * Flink's S3 filesystem is configured JVM-wide; passing it to the environment is not enough.
     */
    private static void initS3FileSystem(StackConfig cfg) {
        FileSystem.initialize(Configuration.fromMap(s3Settings(cfg)), null);
    }

    /** Flink's S3 filesystem against the local S3, for this JVM and for a cluster alike. */
    private static Map<String, String> s3Settings(StackConfig cfg) {
        Map<String, String> s3 = new LinkedHashMap<>();
        s3.put("s3.endpoint", cfg.s3Endpoint().toString());
        s3.put("s3.path.style.access", "true");
        s3.put("s3.access-key", StackConfig.ACCESS_KEY);
        s3.put("s3.secret-key", StackConfig.SECRET_KEY);
        s3.put("s3.endpoint.region", StackConfig.REGION);
        // static keys only: the default chain would probe EC2 instance metadata
        s3.put(
                "s3.aws.credentials.provider",
                "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        return s3;
    }

    public StackConfig stack() {
        return options.stack();
    }

    public ExchangeSimulator simulator() {
        return simulator;
    }

    public Forwarder forwarder() {
        return forwarder;
    }

    public JobStatus status() {
        return job.status();
    }

    /** Running with every task deployed. */
    public boolean jobReady() {
        return job.ready();
    }

    /** The job's live latency histograms, read from its REST API while it runs. */
    public LatencyReport latencies() throws IOException {
        return LatencyReport.read(rest, job.jobId());
    }

    /** How many times the job restarted after a failure (cluster runs). */
    public long jobRestarts() {
        return job.restarts();
    }

    /** The Flink cluster of a {@code cluster} run, or null. */
    public FlinkCluster cluster() {
        return cluster;
    }

    /** Where the stop's savepoint went, once stopped. */
    public String savepoint() {
        return savepoint;
    }

    /** The job's accounting so far; once stopped, its final accounting. */
    public JobCounts counts() {
        if (finalCounts != null) {
            return finalCounts;
        }
        return earlierJobs.plus(job.counts());
    }

    /** Throws if the job or an emulator has failed. */
    public void requireHealthy() {
        stack.requireHealthy();
        JobStatus status = status();
        if (status != JobStatus.RUNNING) {
            throw new IllegalStateException(
                    "the Flink job is " + status + " (see .local/logs/pipeline.log)");
        }
    }

    /**
     * Stops the trades, flushes the forwarder, waits until the job has read every forwarded frame,
     * then stops the job with a savepoint, which commits the last lake files and latest prices.
     */
    public void stop() throws Exception {
        stop(null, false);
    }

    /**
     * As {@link #stop()}, with the caller's test of having read everything (after a failover the
     * job's counts start again from its checkpoint, so they cannot say it), and with {@code drain}
     * an end for good: every window fires and every sink flushes what it buffered.
     */
    public void stop(BooleanSupplier readEverything, boolean drain) throws Exception {
        if (stopped) {
            return;
        }
        stopped = true;
        simulator.stopTrading();
        forwarder.close();
        long forwarded = forwarder.metrics().framesOut.sum();
        try {
            Poll.until(
                    "the job to read all " + forwarded + " forwarded frames",
                    DRAIN_TIMEOUT,
                    readEverything != null ? readEverything : () -> counts().frames() >= forwarded);
        } catch (RuntimeException e) {
            LOG.warn("{}; stopping anyway", e.getMessage());
        }
        String savepoints = options.stack().dataDir().resolve("savepoints").toUri().toString();
        finalCounts = earlierJobs.plus(job.stop(savepoints, DRAIN_TIMEOUT, drain));
        savepoint = job.savepoint();
    }

    @Override
    public void close() throws Exception {
        try {
            if (forwarder != null && !stopped) {
                forwarder.close();
            }
            if (job != null && !stopped) {
                job.cancel();
            }
            if (simulator != null) {
                simulator.close();
            }
        } finally {
            // whatever failed above, the cluster's JVMs and the emulators must not outlive this run
            try {
                if (cluster != null) {
                    cluster.close();
                }
            } finally {
                if (stack != null) {
                    stack.close();
                }
            }
        }
    }
}
