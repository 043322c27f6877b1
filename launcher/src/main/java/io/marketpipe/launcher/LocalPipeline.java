package io.marketpipe.launcher;

import io.marketpipe.ingest.Forwarder;
import io.marketpipe.ingest.config.ForwarderConfig;
import io.marketpipe.ingest.envelope.BatcherConfig;
import io.marketpipe.ingest.feed.binance.BinanceFeeds;
import io.marketpipe.job.MarketDataJob;
import io.marketpipe.job.config.JobConfig;
import io.marketpipe.localstack.AwsClients;
import io.marketpipe.localstack.LocalStack;
import io.marketpipe.localstack.Poll;
import io.marketpipe.localstack.Ports;
import io.marketpipe.localstack.StackConfig;
import io.marketpipe.simulator.ExchangeSimulator;
import io.marketpipe.simulator.SimTrade;
import io.marketpipe.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
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
    private static final int PARALLELISM = 2;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(90);

    private final LocalOptions options;
    private LocalStack stack;
    private ExchangeSimulator simulator;
    private Forwarder forwarder;
    private JobClient job;
    private boolean stopped;
    private JobCounts finalCounts;

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
                                        .build())
                        .start();
        simulator.onTrade(onTrade);

        Configuration flink = new Configuration();
        flink.set(RestOptions.PORT, options.restPort());
        flink.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        flink.set(RestOptions.ADDRESS, "127.0.0.1");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(options.checkpointInterval().toMillis());
        MarketDataJob.build(env, jobConfig(cfg));
        job = env.executeAsync("marketpipe-local");
        Poll.until("the Flink job to run", START_TIMEOUT, () -> status() == JobStatus.RUNNING);

        forwarder =
                Forwarder.start(
                        new ForwarderConfig(
                                BinanceFeeds.json(
                                        "ws://127.0.0.1:" + simulator.port(),
                                        BinanceFeeds.streams(options.symbols(), List.of("trade"))),
                                cfg.rawStream(),
                                StackConfig.REGION,
                                Optional.of(cfg.kinesisEndpoint()),
                                AwsClients.credentials(),
                                BatcherConfig.DEFAULTS));
        Poll.until("the forwarder to connect", START_TIMEOUT, forwarder::connected);
        simulator.startTrading();
    }

    /** The job's settings for this stack, in the same property-group shape as on Managed Flink. */
    JobConfig jobConfig(StackConfig cfg) {
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
        Properties sinks = new Properties();
        sinks.setProperty("lake.path", "s3://" + cfg.lakeBucket());
        sinks.setProperty("dynamodb.latest-price.table", cfg.latestPriceTable());
        sinks.setProperty("dynamodb.bars.table", cfg.barsTable());
        sinks.setProperty("quarantine.stream.arn", StackConfig.streamArn(cfg.quarantineStream()));
        sinks.setProperty("dynamodb.signals.table", cfg.signalsTable());
        sinks.setProperty("dynamodb.positions.table", cfg.positionsTable());
        return JobConfig.fromPropertyGroups(
                Map.of(
                        JobConfig.AWS,
                        aws,
                        JobConfig.SOURCE,
                        source,
                        JobConfig.BARS,
                        bars,
                        JobConfig.SINKS,
                        sinks,
                        JobConfig.STRATEGIES,
                        options.strategies()));
    }

    /**
     * Flink's S3 filesystem is configured JVM-wide; passing it to the environment is not enough.
     */
    private static void initS3FileSystem(StackConfig cfg) {
        Configuration fs = new Configuration();
        fs.setString("s3.endpoint", cfg.s3Endpoint().toString());
        fs.setString("s3.path.style.access", "true");
        fs.setString("s3.access-key", StackConfig.ACCESS_KEY);
        fs.setString("s3.secret-key", StackConfig.SECRET_KEY);
        fs.setString("s3.endpoint.region", StackConfig.REGION);
        // static keys only: the default chain would probe EC2 instance metadata
        fs.setString(
                "s3.aws.credentials.provider",
                "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        FileSystem.initialize(fs, null);
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
        try {
            return job.getJobStatus().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the job status: " + e.getMessage(), e);
        }
    }

    /** The job's accounting so far; once stopped, its final accounting. */
    public JobCounts counts() {
        if (finalCounts != null) {
            return finalCounts;
        }
        try {
            return JobCounts.of(job.getAccumulators().get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            return JobCounts
                    .NONE; // accumulators are not reported yet; the next progress line will have
            // them
        }
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
                    () -> counts().frames() >= forwarded);
        } catch (RuntimeException e) {
            LOG.warn("{}; stopping anyway", e.getMessage());
        }
        String savepoints = options.stack().dataDir().resolve("savepoints").toUri().toString();
        job.stopWithSavepoint(false, savepoints, SavepointFormatType.CANONICAL)
                .get(DRAIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        // the final accumulators, from the finished job itself rather than a racing status query
        finalCounts =
                JobCounts.of(
                        job.getJobExecutionResult()
                                .get(DRAIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                                .getAllAccumulatorResults());
    }

    @Override
    public void close() throws Exception {
        try {
            if (forwarder != null && !stopped) {
                forwarder.close();
            }
            if (job != null && !stopped) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            if (simulator != null) {
                simulator.close();
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }
}
