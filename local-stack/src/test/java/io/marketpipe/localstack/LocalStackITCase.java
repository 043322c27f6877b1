package io.marketpipe.localstack;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.marketpipe.schemas.tables.DynamoTables;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.s3.S3Client;

class LocalStackITCase {
    @TempDir static Path dataDir;
    private static LocalStack stack;
    private static StackConfig config;

    @BeforeAll
    static void startStack() {
        config = StackConfig.onFreePorts(dataDir);
        stack = LocalStack.start(config);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void kinesisRecordPutIsReadBackFromTheRawStream() {
        try (KinesisClient kinesis = AwsClients.kinesis(config)) {
            String shardId =
                    kinesis.putRecord(
                                    r ->
                                            r.streamName(config.rawStream())
                                                    .partitionKey("BINANCE:BTCUSDT")
                                                    .data(SdkBytes.fromUtf8String("hello kinesis")))
                            .shardId();
            String iterator =
                    kinesis.getShardIterator(
                                    r ->
                                            r.streamName(config.rawStream())
                                                    .shardId(shardId)
                                                    .shardIteratorType(
                                                            ShardIteratorType.TRIM_HORIZON))
                            .shardIterator();
            List<Record> records = kinesis.getRecords(r -> r.shardIterator(iterator)).records();

            assertThat(records)
                    .extracting(r -> r.data().asUtf8String())
                    .containsExactly("hello kinesis");
            assertThat(
                            kinesis.describeStreamSummary(r -> r.streamName(config.rawStream()))
                                    .streamDescriptionSummary()
                                    .openShardCount())
                    .isEqualTo(config.rawShards());
            assertThat(kinesis.listStreams().streamNames())
                    .contains(config.rawStream(), config.quarantineStream());
        }
    }

    @Test
    void dynamoDbItemPutIsReadBack() {
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(config)) {
            Map<String, AttributeValue> item =
                    Map.of(
                            DynamoTables.BARS_PK,
                            AttributeValue.fromS("BINANCE#BTCUSDT#1m"),
                            DynamoTables.BARS_SK,
                            AttributeValue.fromN("1700000040000"),
                            "close",
                            AttributeValue.fromN("68000.12345678"));
            dynamo.putItem(r -> r.tableName(config.barsTable()).item(item));

            Map<String, AttributeValue> read =
                    dynamo.getItem(
                                    r ->
                                            r.tableName(config.barsTable())
                                                    .consistentRead(true)
                                                    .key(
                                                            Map.of(
                                                                    DynamoTables.BARS_PK,
                                                                    item.get(DynamoTables.BARS_PK),
                                                                    DynamoTables.BARS_SK,
                                                                    item.get(
                                                                            DynamoTables.BARS_SK))))
                            .item();
            assertThat(read.get("close").n()).isEqualTo("68000.12345678");
            assertThat(dynamo.listTables().tableNames())
                    .contains(config.latestPriceTable(), config.barsTable());
        }
    }

    @Test
    void s3ObjectPutIsReadBackAndLandsAsAPlainFileInTheLakeDir() throws IOException {
        try (S3Client s3 = AwsClients.s3(config)) {
            s3.putObject(
                    r -> r.bucket(config.lakeBucket()).key("trades/dt=2026-11-22/probe.txt"),
                    RequestBody.fromString("hello s3"));
            String read =
                    s3.getObjectAsBytes(
                                    r ->
                                            r.bucket(config.lakeBucket())
                                                    .key("trades/dt=2026-11-22/probe.txt"))
                            .asUtf8String();

            assertThat(read).isEqualTo("hello s3");
            assertThat(
                            Files.readString(
                                    config.lakeDir().resolve("trades/dt=2026-11-22/probe.txt"),
                                    UTF_8))
                    .isEqualTo("hello s3");
        }
    }

    @Test
    void everyEmulatorListensOnLoopbackOnly() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux /proc/net/tcp");
        for (int port :
                List.of(
                        config.kinesisPort(),
                        config.kinesisTlsPort(),
                        config.dynamoDbPort(),
                        config.s3Port())) {
            List<String> addresses = ListeningSockets.localAddresses(port);
            assertThat(addresses)
                    .as("listeners on port %d", port)
                    .isNotEmpty()
                    .allMatch(a -> a.equals("127.0.0.1"));
        }
    }

    @Test
    void startingASecondStackOnTakenPortsFailsWithOneLineThatSaysWhatToDo() {
        StackConfig clash =
                StackConfig.builder()
                        .kinesisPort(Ports.freePort())
                        .kinesisTlsPort(Ports.freePort())
                        .dynamoDbPort(config.dynamoDbPort())
                        .s3Port(Ports.freePort())
                        .dataDir(dataDir.resolve("second"))
                        .build();

        assertThatThrownBy(() -> LocalStack.start(clash))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("port " + config.dynamoDbPort())
                .hasMessageContaining("--dynamodb-port")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void closingAStackStopsEveryEmulator(@TempDir Path otherDir) throws IOException {
        StackConfig other = StackConfig.onFreePorts(otherDir);
        LocalStack second = LocalStack.start(other);
        assertThat(Ports.accepting(other.dynamoDbPort())).isTrue();

        second.close();

        for (int port : List.of(other.kinesisPort(), other.dynamoDbPort(), other.s3Port())) {
            Poll.until(
                    "port " + port + " to close",
                    Duration.ofSeconds(15),
                    () -> !Ports.accepting(port));
            try (ServerSocket rebind =
                    new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(rebind.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void keptStreamsAreSavedAsTheStackStopsAndReadBackAtItsNextStart(@TempDir Path keptDir) {
        // ports picked once: the second start is the same stack on the same data
        StackConfig kept =
                StackConfig.builder()
                        .kinesisPort(Ports.freePort())
                        .kinesisTlsPort(Ports.freePort())
                        .dynamoDbPort(Ports.freePort())
                        .s3Port(Ports.freePort())
                        .dataDir(keptDir)
                        .persistStreams(true)
                        .build();
        String shardId;
        try (LocalStack first = LocalStack.start(kept);
                KinesisClient kinesis = AwsClients.kinesis(kept)) {
            shardId =
                    kinesis.putRecord(
                                    r ->
                                            r.streamName(kept.rawStream())
                                                    .partitionKey("BINANCE:ETHUSDT")
                                                    .data(SdkBytes.fromUtf8String("kept")))
                            .shardId();
        }
        // kinesis-mock saves every Emulators.PERSIST_INTERVAL (minutes), so only its save at exit
        // can have kept the record
        try (LocalStack second = LocalStack.start(kept);
                KinesisClient kinesis = AwsClients.kinesis(kept)) {
            String iterator =
                    kinesis.getShardIterator(
                                    r ->
                                            r.streamName(kept.rawStream())
                                                    .shardId(shardId)
                                                    .shardIteratorType(
                                                            ShardIteratorType.TRIM_HORIZON))
                            .shardIterator();
            assertThat(kinesis.getRecords(r -> r.shardIterator(iterator)).records())
                    .extracting(r -> r.data().asUtf8String())
                    .containsExactly("kept");
        }
    }
}
