package io.marketpipe.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketpipe.job.FaultInjector.Fault;
import io.marketpipe.localstack.AwsClients;
import io.marketpipe.localstack.LocalStack;
import io.marketpipe.localstack.Resources;
import io.marketpipe.localstack.StackConfig;
import io.marketpipe.localstack.StreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Throttling, 500s, connection resets and latency spikes on every write to DynamoDB and Kinesis
 * ({@link FaultInjector}) during a replay into the local stack: the job recovers (retrying, or
 * restarting from a checkpoint) and leaves exactly what a fault-free replay leaves, in every
 * DynamoDB table, every lake table, and (at least once, by id) the quarantine stream.
 */
class InjectedFaultsITCase {
    private static final int TRADES = 60_000;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    @Test
    void faultsOnEveryWritePathLeaveTheStateOfAFaultFreeRun() throws Exception {
        try (LocalStack stack = LocalStack.start(StackConfig.onFreePorts(dir.resolve("stack")));
                DynamoDbClient dynamo = AwsClients.dynamoDb(stack.config());
                KinesisClient kinesis = AwsClients.kinesis(stack.config())) {
            ComparedRuns runs = new ComparedRuns(dir, stack.config());
            Path capture = runs.capture(TRADES);
            for (String run : List.of("clean", "faulted")) {
                runs.createTables(dynamo, run);
                Resources.createStream(kinesis, "quarantine-" + run, 1);
            }

            runs.run(capture, "clean", quarantineStream("clean"), events -> events);
            FaultInjector.enable(7);
            try {
                runs.run(capture, "faulted", quarantineStream("faulted"), events -> events);
            } finally {
                FaultInjector.disable();
            }
            StringBuilder injected = new StringBuilder("faults injected:");
            for (Fault fault : Fault.values()) {
                assertThat(FaultInjector.injected(fault)).as(fault + " injected").isPositive();
                injected.append(' ')
                        .append(fault)
                        .append('=')
                        .append(FaultInjector.injected(fault));
            }
            System.out.println(injected);

            ComparedRuns.assertSameTables(dynamo, "clean", "faulted");
            runs.assertSameLake("clean", "faulted", TRADES);
            Set<String> clean = quarantineIds(kinesis, "quarantine-clean");
            assertThat(clean).hasSize(TRADES / 1_000);
            assertThat(quarantineIds(kinesis, "quarantine-faulted")).isEqualTo(clean);
        }
    }

    private static Properties quarantineStream(String run) {
        Properties sinks = new Properties();
        sinks.setProperty("quarantine.stream.arn", StackConfig.streamArn("quarantine-" + run));
        return sinks;
    }

    /** The distinct ids on a quarantine stream (it is at least once: a retry may repeat one). */
    private static Set<String> quarantineIds(KinesisClient kinesis, String stream)
            throws Exception {
        ObjectMapper json = new ObjectMapper();
        Set<String> ids = new TreeSet<>();
        StreamReader reader = new StreamReader(kinesis, stream);
        for (int empty = 0; empty < 3; ) {
            List<Record> records = reader.poll();
            empty = records.isEmpty() ? empty + 1 : 0;
            for (Record r : records) {
                ids.add(json.readTree(r.data().asByteArrayUnsafe()).get("id").asText());
            }
        }
        return ids;
    }
}
