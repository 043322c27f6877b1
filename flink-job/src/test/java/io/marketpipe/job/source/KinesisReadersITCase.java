package io.marketpipe.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.MarketDataJob;
import io.marketpipe.job.config.JobConfig;
import io.marketpipe.job.decode.DecodedEventRouter;
import io.marketpipe.job.decode.LateTradeFilter;
import io.marketpipe.job.dedupe.DedupeFunction;
import io.marketpipe.localstack.AwsClients;
import io.marketpipe.localstack.LocalStack;
import io.marketpipe.localstack.Poll;
import io.marketpipe.localstack.Resources;
import io.marketpipe.localstack.StackConfig;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.EnvelopeWriter;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Both Kinesis readers against the emulator, each on a backlog of three symbols. The enhanced
 * fan-out reader (SubscribeToShard over HTTP/2), on two shards, registers its consumer, reads every
 * shard, and its per-shard watermarks and per-trade timestamps close exactly the bars the trades
 * make, with a re-sent record deduped; the job then stops with a savepoint. The polling reader, one
 * subtask reading three shards, a symbol each, makes not a single trade late though one shard's
 * backlog is read before the others have any: a shard assigned but not yet heard from holds the
 * watermark back (Flink's source operator opens every assigned split's output at once) until its
 * idleness.
 */
class KinesisReadersITCase {
    private static final long T0 = 1_700_000_040_000L; // a minute boundary
    private static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT", "SOLUSDT"};
    private static final int PER_SYMBOL = 600; // one every 250 ms: 150 s

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(fastHeartbeats())
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    /** Accumulators reach the client with the heartbeats: every second, not every ten. */
    private static Configuration fastHeartbeats() {
        Configuration conf = new Configuration();
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, 1_000L);
        return conf;
    }

    @Test
    void fanOutReaderFeedsTheWholeTopology() throws Exception {
        // two shards, one per subtask: the fan-out reader's watermarks know only the shards a
        // subtask has heard from (see ShardBatchOperator), so each subtask reads one
        Map<String, Object> counts = readBacklog("EFO", 2, "1000", false);
        assertThat(counts.get(LateTradeFilter.LATE)).isEqualTo(0L);
    }

    @Test
    void pollingReaderMakesNoTradeOfABacklogLate() throws Exception {
        // no shard here stays empty, so none may go idle while it is unread
        Map<String, Object> counts = readBacklog("POLLING", 1, "30000", true);
        assertThat(counts.get(LateTradeFilter.LATE)).as("late trades").isEqualTo(0L);
        assertThat(counts.get(DedupeFunction.DUPLICATES))
                .as("the re-sent record's trades")
                .isEqualTo(4L * SYMBOLS.length);
    }

    /**
     * Writes the backlog, runs the job with {@code reader} until the bars of the first two minutes
     * are in DynamoDB and exact, and ends it: the polling run is cancelled, the fan-out run stopped
     * with a savepoint. Either way no thread the job started may outlive it. {@code staggered}: the
     * first symbol's shard is written and read first, the others only after it; they must hold the
     * watermark back until their own trades come (or their idleness passes). Returns the job's
     * accumulators.
     */
    private Map<String, Object> readBacklog(
            String reader, int parallelism, String idlenessMillis, boolean staggered)
            throws Exception {
        try (LocalStack stack = LocalStack.start(StackConfig.onFreePorts(dir.resolve("stack")));
                KinesisClient kinesis = AwsClients.kinesis(stack.config());
                DynamoDbClient dynamo = AwsClients.dynamoDb(stack.config())) {
            Resources.createStream(
                    kinesis, "raw-backlog", reader.equals("EFO") ? 2 : SYMBOLS.length);
            Resources.createBarsTable(dynamo, "bars-backlog");
            Resources.createLatestPriceTable(dynamo, "latest-backlog");
            Resources.createStream(kinesis, "quarantine-backlog", 1);
            Map<String, long[]> expected =
                    write(kinesis, "raw-backlog", 0, staggered ? 1 : SYMBOLS.length);

            JobConfig config =
                    config(stack.config(), reader, idlenessMillis, dir.resolve("lake").toUri());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(parallelism);
            MarketDataJob.build(env, config);
            JobClient job = env.executeAsync(reader.toLowerCase());
            boolean stopped = false;
            try {
                if (staggered) {
                    long firstShardFrames = PER_SYMBOL + 4; // its first record twice
                    Poll.until(
                            "the first shard read",
                            Duration.ofSeconds(60),
                            () -> frames(job) >= firstShardFrames);
                    expected.putAll(write(kinesis, "raw-backlog", 1, SYMBOLS.length));
                }
                Poll.until(
                        "bars of the first two minutes",
                        Duration.ofSeconds(120),
                        () -> bars(dynamo).size() >= SYMBOLS.length * 2);
                Map<String, Map<String, AttributeValue>> bars = bars(dynamo);
                assertThat(bars.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
                for (Map.Entry<String, long[]> e : expected.entrySet()) {
                    Map<String, AttributeValue> bar = bars.get(e.getKey());
                    assertThat(Long.parseLong(bar.get("trade_count").n()))
                            .as(e.getKey() + " trades")
                            .isEqualTo(e.getValue()[0]);
                    assertThat(new BigDecimal(bar.get("volume").n()))
                            .as(e.getKey() + " volume")
                            .isEqualByComparingTo(BigDecimal.valueOf(e.getValue()[1], 3));
                    assertThat(Long.parseLong(bar.get("first_trade_id").n()))
                            .isEqualTo(e.getValue()[2]);
                }
                if (reader.equals("EFO")) {
                    assertThat(
                                    kinesis.listStreamConsumers(
                                                    r ->
                                                            r.streamARN(
                                                                    StackConfig.streamArn(
                                                                            "raw-backlog")))
                                            .consumers())
                            .extracting(c -> c.consumerName())
                            .contains("marketpipe-efo-test");
                }

                if (reader.equals("POLLING")) {
                    // what an operator's cancel does: the counts first, then no thread left
                    Poll.until(
                            "the re-sent record counted",
                            Duration.ofSeconds(30),
                            () ->
                                    Long.valueOf(4L * SYMBOLS.length)
                                            .equals(
                                                    accumulators(job)
                                                            .get(DedupeFunction.DUPLICATES)));
                    Map<String, Object> counts = accumulators(job);
                    job.cancel().get(60, TimeUnit.SECONDS);
                    stopped = true;
                    Poll.until(
                            "the job cancelled",
                            Duration.ofSeconds(60),
                            () -> status(job) == JobStatus.CANCELED);
                    noThreadOfTheJobLeft();
                    return counts;
                }
                // what ./pipeline local and a Managed Flink update or stop do
                String savepoint =
                        job.stopWithSavepoint(
                                        false,
                                        dir.resolve("savepoints").toUri().toString(),
                                        SavepointFormatType.CANONICAL)
                                .get(60, TimeUnit.SECONDS);
                stopped = true;
                assertThat(savepoint).isNotBlank();
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.FINISHED);
                Map<String, Object> counts =
                        job.getJobExecutionResult()
                                .get(60, TimeUnit.SECONDS)
                                .getAllAccumulatorResults();
                noThreadOfTheJobLeft();
                return counts;
            } finally {
                if (!stopped) {
                    job.cancel().get();
                }
            }
        }
    }

    private static JobConfig config(
            StackConfig stack, String reader, String idlenessMillis, java.net.URI lake) {
        Properties aws = new Properties();
        aws.setProperty("endpoint.kinesis", stack.kinesisEndpoint().toString());
        aws.setProperty("endpoint.dynamodb", stack.dynamoDbEndpoint().toString());
        aws.setProperty("credentials.access-key-id", StackConfig.ACCESS_KEY);
        aws.setProperty("credentials.secret-key", StackConfig.SECRET_KEY);
        Properties source = new Properties();
        source.setProperty("kinesis.stream.arn", StackConfig.streamArn("raw-backlog"));
        source.setProperty("kinesis.initial.position", "TRIM_HORIZON");
        source.setProperty("kinesis.reader", reader);
        source.setProperty("kinesis.efo.consumer.name", "marketpipe-efo-test");
        Properties bars = new Properties();
        bars.setProperty("watermark.idleness.ms", idlenessMillis);
        Properties sinks = new Properties();
        sinks.setProperty("dynamodb.bars.table", "bars-backlog");
        sinks.setProperty("dynamodb.latest-price.table", "latest-backlog");
        sinks.setProperty("quarantine.stream.arn", StackConfig.streamArn("quarantine-backlog"));
        sinks.setProperty("lake.path", lake.toString());
        return JobConfig.fromPropertyGroups(
                Map.of(
                        JobConfig.AWS,
                        aws,
                        JobConfig.SOURCE,
                        source,
                        JobConfig.BARS,
                        bars,
                        JobConfig.SINKS,
                        sinks));
    }

    /**
     * Writes the trades as a forwarder would: in time order across symbols, a second of one
     * symbol's trades per envelope, one symbol per partition key (and on its own shard where there
     * are enough), the first record twice. Returns per closed 1-minute bar: trade count, volume in
     * thousandths, first trade id.
     */
    private static Map<String, long[]> write(
            KinesisClient kinesis, String stream, int fromSymbol, int toSymbol) {
        Map<String, long[]> expected = new HashMap<>();
        List<List<PutRecordsRequestEntry>> bySymbol = new ArrayList<>();
        List<Shard> shards = kinesis.listShards(r -> r.streamName(stream)).shards();
        for (int s = fromSymbol; s < toSymbol; s++) {
            String symbol = SYMBOLS[s];
            // a shard per symbol where there are enough; else where the partition key hashes
            String hashKey =
                    shards.size() >= SYMBOLS.length
                            ? shards.get(s).hashKeyRange().startingHashKey()
                            : null;
            List<byte[]> records = new ArrayList<>();
            EnvelopeWriter envelope = new EnvelopeWriter(8_192);
            for (int i = 0; i < PER_SYMBOL; i++) {
                long id = i + 1;
                long time = T0 + i * 250L;
                long quantityThousandths = 1 + (i * 7L) % 500;
                String frame =
                        "{\"stream\":\""
                                + symbol.toLowerCase()
                                + "@trade\",\"data\":{\"e\":\"trade\",\"E\":"
                                + time
                                + ",\"s\":\""
                                + symbol
                                + "\",\"t\":"
                                + id
                                + ",\"p\":\""
                                + (100 + i % 17)
                                + ".25\",\"q\":\""
                                + BigDecimal.valueOf(quantityThousandths, 3).toPlainString()
                                + "\",\"T\":"
                                + time
                                + ",\"m\":false,\"M\":true}}";
                byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
                envelope.append(
                        Venue.BINANCE,
                        Encoding.JSON,
                        Origin.LIVE,
                        1,
                        id,
                        time * 1_000,
                        bytes,
                        0,
                        bytes.length);
                if (envelope.frameCount() == 4) {
                    records.add(envelope.toByteArray());
                    envelope.reset();
                }
                long minute = (time - T0) / 60_000;
                if (minute < 2) {
                    long[] bar =
                            expected.computeIfAbsent(
                                    "BINANCE#" + symbol + "#1m@" + (T0 + minute * 60_000),
                                    k -> new long[] {0, 0, id});
                    bar[0]++;
                    bar[1] += quantityThousandths;
                }
            }
            if (!envelope.isEmpty()) {
                records.add(envelope.toByteArray());
            }
            records.add(1, records.get(0));
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (byte[] record : records) {
                entries.add(
                        PutRecordsRequestEntry.builder()
                                .partitionKey("BINANCE:" + symbol)
                                .explicitHashKey(hashKey)
                                .data(SdkBytes.fromByteArray(record))
                                .build());
            }
            bySymbol.add(entries);
        }
        List<PutRecordsRequestEntry> interleaved = new ArrayList<>();
        for (int i = 0; i < bySymbol.get(0).size(); i++) {
            for (List<PutRecordsRequestEntry> entries : bySymbol) {
                interleaved.add(entries.get(i));
            }
        }
        for (int from = 0; from < interleaved.size(); from += 100) {
            List<PutRecordsRequestEntry> chunk =
                    interleaved.subList(from, Math.min(from + 100, interleaved.size()));
            assertThat(
                            kinesis.putRecords(r -> r.streamName(stream).records(chunk))
                                    .failedRecordCount())
                    .isZero();
        }
        return expected;
    }

    private static long frames(JobClient job) {
        Object frames = accumulators(job).get(DecodedEventRouter.FRAMES);
        return frames instanceof Number ? ((Number) frames).longValue() : 0;
    }

    private static JobStatus status(JobClient job) {
        try {
            return job.getJobStatus().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the job's status", e);
        }
    }

    private static Map<String, Object> accumulators(JobClient job) {
        try {
            return job.getAccumulators().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the job's accumulators", e);
        }
    }

    /**
     * Every thread that runs with a job's class loader as its context class loader was started by
     * the job (or for it): none may outlive it, or each restart on a long-lived TaskManager would
     * pin another class loader. (Flink's own S3 filesystem does leave upload threads so for up to a
     * minute: see the README; this run's lake is on local disk.)
     */
    private static void noThreadOfTheJobLeft() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<Thread> left = jobThreads();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = jobThreads();
        }
        StringBuilder described = new StringBuilder();
        for (Thread t : left) {
            described.append('\n').append(t.getName()).append(t.isDaemon() ? " (daemon)" : "");
            for (StackTraceElement e : t.getStackTrace()) {
                described.append("\n    at ").append(e);
            }
        }
        assertThat(left).as("threads of the job still alive:%s", described).isEmpty();
    }

    private static List<Thread> jobThreads() {
        List<Thread> threads = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            ClassLoader loader = t.getContextClassLoader();
            if (t.isAlive()
                    && loader != null
                    && loader.getClass().getName().contains("FlinkUserCodeClassLoader")) {
                threads.add(t);
            }
        }
        return threads;
    }

    private static Map<String, Map<String, AttributeValue>> bars(DynamoDbClient dynamo) {
        Map<String, Map<String, AttributeValue>> bars = new HashMap<>();
        for (Map<String, AttributeValue> item :
                dynamo.scan(r -> r.tableName("bars-backlog").consistentRead(true)).items()) {
            bars.put(item.get("pk").s() + "@" + item.get("window_start").n(), item);
        }
        return bars;
    }
}
