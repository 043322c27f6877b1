package io.marketpipe.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.localstack.AwsClients;
import io.marketpipe.localstack.LocalStack;
import io.marketpipe.localstack.StackConfig;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A failure mid-stream and a restart from checkpoint leave exactly the state of a failure-free run:
 * lake, bars, latest prices, order books (their tops, gaps and top-of-book items), and the
 * strategies' signals, fills, round trips, equity and positions; and so does parallelism 1.
 */
class RestartFromCheckpointITCase {
    private static final long T0 = 1_700_000_040_000L;
    private static final int TRADES = 60_000;
    private static final AtomicBoolean FAILED = new AtomicBoolean();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    /**
     * Throws once, on the first event after a checkpoint completed past the first few thousand
     * events. Until a checkpoint has completed it slows down (a millisecond per event), so a loaded
     * machine cannot reach the end of the input before any checkpoint and skip the failure.
     */
    static final class FailOnceAfterCheckpoint extends RichMapFunction<MarketEvent, MarketEvent>
            implements CheckpointListener {
        private static final long serialVersionUID = 1L;
        private transient long seen;
        private transient volatile boolean checkpointed;

        @Override
        public MarketEvent map(MarketEvent event) throws InterruptedException {
            if (++seen > 5_000 && !FAILED.get()) {
                if (!checkpointed) {
                    Thread.sleep(1); // events still flow, so barriers do too
                } else if (FAILED.compareAndSet(false, true)) {
                    throw new IllegalStateException("injected failure after " + seen + " events");
                }
            }
            return event;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    @Test
    void restartedRunEndsWithTheSameLakeAndTablesAsAFailureFreeRun() throws Exception {
        try (LocalStack stack = LocalStack.start(StackConfig.onFreePorts(dir.resolve("stack")));
                DynamoDbClient dynamo = AwsClients.dynamoDb(stack.config())) {
            ComparedRuns runs = new ComparedRuns(dir, stack.config());
            Path capture = runs.capture(TRADES);
            runs.createTables(dynamo, "clean");
            runs.createTables(dynamo, "restarted");
            FAILED.set(false);
            runs.run(capture, "clean", new Properties(), events -> events);
            assertThat(FAILED).isFalse();
            runs.run(
                    capture,
                    "restarted",
                    new Properties(),
                    events ->
                            events.map(new FailOnceAfterCheckpoint())
                                    .returns(MarketEvent.class)
                                    .uid("fail-once"));
            assertThat(FAILED).as("the failure was injected").isTrue();

            ComparedRuns.assertSameTables(dynamo, "clean", "restarted");
            runs.assertSameLake("clean", "restarted", TRADES);
        }
    }

    @Test
    void parallelismOneEndsWithTheSameLakeAndTablesAsParallelismTwo() throws Exception {
        try (LocalStack stack = LocalStack.start(StackConfig.onFreePorts(dir.resolve("stack")));
                DynamoDbClient dynamo = AwsClients.dynamoDb(stack.config())) {
            ComparedRuns runs = new ComparedRuns(dir, stack.config());
            Path capture = runs.capture(TRADES / 3);
            runs.createTables(dynamo, "two");
            runs.createTables(dynamo, "one");
            runs.run(capture, "two", new Properties(), events -> events, 2);
            runs.run(capture, "one", new Properties(), events -> events, 1);

            ComparedRuns.assertSameTables(dynamo, "two", "one");
            runs.assertSameLake("two", "one", TRADES / 3);
        }
    }
}
