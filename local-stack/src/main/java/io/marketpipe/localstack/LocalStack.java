package io.marketpipe.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local AWS stack: kinesis-mock, DynamoDB Local and s3proxy as child processes on 127.0.0.1,
 * with the raw and quarantine streams, every table and the lake bucket created. {@link #close()}
 * stops every child; children also exit by themselves if this JVM dies.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final StackConfig config;
    private final List<ChildProcess> children = Collections.synchronizedList(new ArrayList<>());
    private final Thread shutdownHook = new Thread(this::stopChildren, "local-stack-shutdown");

    private LocalStack(StackConfig config) {
        this.config = config;
    }

    /** Starts everything or nothing: on any failure, what did start is stopped again. */
    public static LocalStack start(StackConfig config) {
        LocalStack stack = new LocalStack(config);
        Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException | IOException e) {
            stack.close();
            if (e instanceof StackException) {
                throw (StackException) e;
            }
            throw new StackException("local stack failed to start: " + e.getMessage(), e);
        }
    }

    public StackConfig config() {
        return config;
    }

    private void startAll() throws IOException {
        Emulators emulators = new Emulators(ProjectHome.get(), config);
        emulators.requireNode();
        Ports.requireFree(config.kinesisPort(), "the local Kinesis", "--kinesis-port");
        Ports.requireFree(config.kinesisTlsPort(), "the local Kinesis (TLS)", "--kinesis-tls-port");
        Ports.requireFree(config.dynamoDbPort(), "DynamoDB Local", "--dynamodb-port");
        Ports.requireFree(config.s3Port(), "the local S3", "--s3-port");
        Files.createDirectories(config.dataDir());

        long started = System.nanoTime();
        ChildProcess kinesisProcess = track(emulators.startKinesis());
        ChildProcess dynamoProcess = track(emulators.startDynamoDb());
        ChildProcess s3Process = track(emulators.startS3());

        try (KinesisClient kinesis = AwsClients.kinesis(config);
                DynamoDbClient dynamo = AwsClients.dynamoDb(config);
                S3Client s3 = AwsClients.s3(config)) {
            awaitReady(kinesisProcess, () -> kinesis.listStreams().streamNames() != null);
            Resources.createStream(kinesis, config.rawStream(), config.rawShards());
            Resources.createStream(kinesis, config.quarantineStream(), 1);
            awaitReady(dynamoProcess, () -> dynamo.listTables().tableNames() != null);
            Resources.createLatestPriceTable(dynamo, config.latestPriceTable());
            Resources.createTopOfBookTable(dynamo, config.topOfBookTable());
            Resources.createBarsTable(dynamo, config.barsTable());
            Resources.createSignalsTable(dynamo, config.signalsTable());
            Resources.createPositionsTable(dynamo, config.positionsTable());
            awaitReady(s3Process, () -> s3.listBuckets().buckets() != null);
            Resources.createBucket(s3, config.lakeBucket());
        }
        if (config.firehosePort() >= 0) {
            startFirehose(emulators);
        }
        LOG.info(
                "local stack ready in {} ms: Kinesis {}, DynamoDB {}, S3 {}, data in {}",
                (System.nanoTime() - started) / 1_000_000,
                config.kinesisEndpoint(),
                config.dynamoDbEndpoint(),
                config.s3Endpoint(),
                config.dataDir());
    }

    /** Tables the local Firehose has a delivery stream for. */
    public static final List<String> FIREHOSE_TABLES =
            List.of("signals", "round_trips", "quarantine");

    /** Whether moto's server, the local Firehose, is installed. */
    public static boolean motoInstalled() {
        return Emulators.motoServer() != null;
    }

    private void startFirehose(Emulators emulators) throws IOException {
        java.nio.file.Path moto = Emulators.motoServer();
        if (moto == null) {
            throw new StackException(
                    "the local Firehose needs moto's server: pip install 'moto[server]' (or leave"
                            + " the Firehose port unset)");
        }
        Ports.requireFree(config.firehosePort(), "the local Firehose (moto)", "--firehose-port");
        ChildProcess process = track(emulators.startFirehose(moto));
        try (FirehoseClient firehose = AwsClients.firehose(config);
                S3Client s3 = AwsClients.firehoseS3(config)) {
            awaitReady(process, () -> firehose.listDeliveryStreams().deliveryStreamNames() != null);
            Resources.createBucket(s3, config.firehoseBucket());
            for (String table : FIREHOSE_TABLES) {
                Resources.createDeliveryStream(
                        firehose,
                        StackConfig.firehoseStream(table),
                        config.firehoseBucket(),
                        "firehose/" + table + "/");
            }
        }
        LOG.info("local Firehose (moto) on {}", config.firehoseEndpoint());
    }

    private ChildProcess track(ChildProcess child) {
        children.add(child);
        return child;
    }

    private static void awaitReady(ChildProcess child, BooleanSupplier answering) {
        Poll.until(
                child.name() + " to answer",
                START_TIMEOUT,
                () -> {
                    child.requireAlive();
                    return answering.getAsBoolean();
                });
        child.requireAlive();
    }

    /** Throws if any emulator has died since start. */
    public void requireHealthy() {
        synchronized (children) {
            children.forEach(ChildProcess::requireAlive);
        }
    }

    @Override
    public void close() {
        stopChildren();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or ran: nothing to remove
        }
    }

    private void stopChildren() {
        List<ChildProcess> toStop;
        synchronized (children) {
            toStop = new ArrayList<>(children);
            children.clear();
        }
        Collections.reverse(toStop);
        toStop.parallelStream().forEach(ChildProcess::close);
    }
}
