package io.marketpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketpipe.localstack.AwsClients;
import io.marketpipe.localstack.Poll;
import io.marketpipe.localstack.Ports;
import io.marketpipe.localstack.StackConfig;
import io.marketpipe.simulator.SimTrade;
import io.marketpipe.simulator.TradeClock;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ./pipeline cluster --kpu --taskmanager-cpus 0}: the shaded job jar on one TaskManager
 * shaped as one Managed Flink KPU (one slot, 4 GiB of process memory, here on one CPU), the whole
 * job at parallelism 1. Asked of the cluster itself over REST, then checked end to end.
 */
class KpuClusterITCase {
    private static final long T0 = 1_700_000_040_000L;
    private static final long TRADES = 1_500;
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");
    private static final long KPU_PROCESS_BYTES = 4096L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** As in {@link ClusterITCase}: trades come faster than wall time, shards start unevenly. */
    private static final Duration IDLENESS = Duration.ofSeconds(30);

    @TempDir Path dataDir;

    @Test
    void theWholeJobRunsAtParallelismOneOnOneSlotOf4GiBPinnedToItsCpu() throws Exception {
        StackConfig stack = StackConfig.onFreePorts(dataDir);
        LocalOptions options =
                LocalOptions.builder(stack)
                        .symbols(SYMBOLS)
                        .tradesPerSecond(300)
                        .seed(5)
                        .clock(TradeClock.stepping(T0, 50))
                        .maxTrades(TRADES)
                        .garbageEvery(0)
                        .duplicateEvery(0)
                        .restPort(Ports.freePort())
                        .checkpointInterval(Duration.ofSeconds(1))
                        .watermarkIdleness(IDLENESS)
                        .host(LocalOptions.JobHost.CLUSTER_KPU)
                        .taskManagerCpus(Optional.of("0"))
                        .build();
        List<SimTrade> produced = new CopyOnWriteArrayList<>();
        try (LocalPipeline pipeline = LocalPipeline.start(options, produced::add);
                DynamoDbClient dynamo = AwsClients.dynamoDb(stack)) {
            URI rest = pipeline.cluster().rest();
            JsonNode taskManagers = get(rest, "/taskmanagers").path("taskmanagers");
            assertThat(taskManagers).as("TaskManagers").hasSize(1);
            JsonNode taskManager = taskManagers.get(0);
            assertThat(taskManager.path("slotsNumber").asInt()).as("slots").isEqualTo(1);
            assertThat(taskManager.path("hardware").path("cpuCores").asInt())
                    .as("CPUs the TaskManager's JVM may use (taskset -c 0)")
                    .isEqualTo(1);
            assertThat(
                            get(rest, "/taskmanagers/" + taskManager.path("id").asText())
                                    .path("memoryConfiguration")
                                    .path("totalProcessMemory")
                                    .asLong())
                    .as("process memory")
                    .isEqualTo(KPU_PROCESS_BYTES);
            String jobId = get(rest, "/jobs").path("jobs").get(0).path("id").asText();
            JsonNode vertices = get(rest, "/jobs/" + jobId).path("vertices");
            assertThat(vertices).isNotEmpty();
            vertices.forEach(
                    vertex ->
                            assertThat(vertex.path("parallelism").asInt())
                                    .as(vertex.path("name").asText())
                                    .isEqualTo(1));

            Poll.until("every trade", Duration.ofSeconds(90), pipeline.simulator()::finished);
            pipeline.stop();

            JobCounts counts = pipeline.counts();
            assertThat(counts.trades()).isEqualTo(TRADES);
            assertThat(counts.late()).as("late trades (%s)", counts).isZero();
            for (String symbol : SYMBOLS) {
                SimTrade last =
                        produced.stream()
                                .filter(t -> t.symbol().equals(symbol))
                                .reduce((a, b) -> b)
                                .orElseThrow();
                assertThat(new BigDecimal(LatestPrices.of(dynamo, stack, symbol).get("price").n()))
                        .as(symbol)
                        .isEqualByComparingTo(BigDecimal.valueOf(last.priceUnits(), 8));
            }
        }
    }

    private static JsonNode get(URI rest, String path) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(rest.resolve(path))
                                        .timeout(Duration.ofSeconds(30))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
