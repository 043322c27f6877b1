package io.marketpipe.launcher;

import io.marketpipe.localstack.StackConfig;
import io.marketpipe.simulator.TradeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Options of {@code ./pipeline local}.
 *
 * @param duration stop by itself after this long; empty = until Ctrl-C
 * @param symbols simulated symbols
 * @param tradesPerSecond simulated trades per second, all symbols together
 * @param seed simulator seed
 * @param clock trade times (wall clock for live runs)
 * @param maxTrades stop producing after this many trades
 * @param garbageEvery send a truncated frame after every N-th trade (0 = never)
 * @param duplicateEvery send every N-th trade twice (0 = never); the job drops the copy
 * @param restPort Flink dashboard port
 * @param checkpointInterval how often the job checkpoints (and the lake commits files)
 * @param barIntervals bar intervals, e.g. "1m" or "1m,5m"
 * @param watermarkIdleness idleness before an idle split stops holding back the watermark
 * @param kinesisReader the job's Kinesis reader: POLLING or EFO (enhanced fan-out)
 * @param strategies the job's {@code strategies} property group (empty = none)
 * @param host where the job runs: this JVM's MiniCluster, or the shaded job jar on a real
 *     multi-process Flink cluster, with or without JobManager high availability, or on one
 *     TaskManager shaped as one Managed Flink KPU
 * @param taskManagerCpus (cluster) run the TaskManagers on these CPUs only ({@code taskset -c})
 * @param fromSavepoint (cluster) start the job from this savepoint
 * @param jobProperties job properties set over the run's own, by group ({@code --job-property})
 * @param firstTradeId the simulator's first trade id per symbol (above an earlier run's, when
 *     resuming its state)
 * @param books whether the forwarder subscribes each symbol's order book ({@code depth@100ms} and
 *     {@code bookTicker}) and takes REST depth snapshots, so the job keeps books
 * @param stack the local stack's ports, names and data folder
 */
public record LocalOptions(
        Optional<Duration> duration,
        List<String> symbols,
        double tradesPerSecond,
        long seed,
        TradeClock clock,
        long maxTrades,
        long garbageEvery,
        long duplicateEvery,
        int restPort,
        Duration checkpointInterval,
        String barIntervals,
        Duration watermarkIdleness,
        String kinesisReader,
        Properties strategies,
        JobHost host,
        Optional<String> taskManagerCpus,
        Optional<String> fromSavepoint,
        Map<String, Map<String, String>> jobProperties,
        long firstTradeId,
        boolean books,
        StackConfig stack) {

    public LocalOptions {
        symbols = List.copyOf(symbols);
        jobProperties = Map.copyOf(jobProperties);
    }

    /** Where the job of a local run runs. */
    public enum JobHost {
        /** A MiniCluster in the launcher's JVM. */
        MINI_CLUSTER,
        /** The shaded job jar on a JobManager and two TaskManagers, each its own JVM. */
        CLUSTER,
        /**
         * As {@link #CLUSTER}, with ZooKeeper and HA storage on local disk, so a JobManager started
         * again after a crash recovers the job from its latest checkpoint.
         */
        CLUSTER_HA,
        /**
         * The shaded job jar at parallelism 1 on one TaskManager with one slot and 4 GiB of process
         * memory, as one Managed Flink KPU (1 vCPU, 4 GiB) runs it; with {@link #taskManagerCpus()}
         * also on one core.
         */
        CLUSTER_KPU
    }

    /** Whether the job runs on a real multi-process cluster. */
    public boolean cluster() {
        return host != JobHost.MINI_CLUSTER;
    }

    /** The job's parallelism: 1 on a KPU-shaped TaskManager, else 2 (this machine's cores). */
    public int parallelism() {
        return host == JobHost.CLUSTER_KPU ? 1 : 2;
    }

    /** Options on {@code stack} with {@code ./pipeline local}'s defaults, to change as needed. */
    public static Builder builder(StackConfig stack) {
        return new Builder(stack);
    }

    /** {@link LocalOptions} with {@code ./pipeline local}'s defaults for whatever is not set. */
    public static final class Builder {
        private final StackConfig stack;
        private Optional<Duration> duration = Optional.empty();
        private List<String> symbols = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");
        private double tradesPerSecond = 200;
        private long seed = 42;
        private TradeClock clock = TradeClock.wall();
        private long maxTrades = Long.MAX_VALUE;
        private long garbageEvery = 1_000;
        private long duplicateEvery = 500;
        private int restPort = 8081;
        private Duration checkpointInterval = Duration.ofSeconds(10);
        private String barIntervals = "5s,1m";
        private Duration watermarkIdleness = Duration.ofSeconds(10);
        private String kinesisReader = "POLLING";
        private Properties strategies;
        private JobHost host = JobHost.MINI_CLUSTER;
        private Optional<String> taskManagerCpus = Optional.empty();
        private Optional<String> fromSavepoint = Optional.empty();
        private Map<String, Map<String, String>> jobProperties = Map.of();
        private long firstTradeId = 1;
        private boolean books = true;

        private Builder(StackConfig stack) {
            this.stack = stack;
        }

        public Builder duration(Optional<Duration> value) {
            duration = value;
            return this;
        }

        public Builder symbols(List<String> value) {
            symbols = value;
            return this;
        }

        public Builder tradesPerSecond(double value) {
            tradesPerSecond = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder clock(TradeClock value) {
            clock = value;
            return this;
        }

        public Builder maxTrades(long value) {
            maxTrades = value;
            return this;
        }

        public Builder garbageEvery(long value) {
            garbageEvery = value;
            return this;
        }

        public Builder duplicateEvery(long value) {
            duplicateEvery = value;
            return this;
        }

        public Builder restPort(int value) {
            restPort = value;
            return this;
        }

        public Builder checkpointInterval(Duration value) {
            checkpointInterval = value;
            return this;
        }

        public Builder barIntervals(String value) {
            barIntervals = value;
            return this;
        }

        public Builder watermarkIdleness(Duration value) {
            watermarkIdleness = value;
            return this;
        }

        public Builder kinesisReader(String value) {
            kinesisReader = value;
            return this;
        }

        public Builder strategies(Properties value) {
            strategies = value;
            return this;
        }

        public Builder host(JobHost value) {
            host = value;
            return this;
        }

        public Builder taskManagerCpus(Optional<String> value) {
            taskManagerCpus = value;
            return this;
        }

        public Builder fromSavepoint(Optional<String> value) {
            fromSavepoint = value;
            return this;
        }

        /** Job properties by group, set over the run's own; checked as the job starts. */
        public Builder jobProperties(Map<String, Map<String, String>> value) {
            jobProperties = value;
            return this;
        }

        public Builder books(boolean value) {
            books = value;
            return this;
        }

        public Builder firstTradeId(long value) {
            firstTradeId = value;
            return this;
        }

        /** The options; the strategies default to the local run's ({@code LOCAL_DEFAULTS}). */
        public LocalOptions build() throws IOException {
            return new LocalOptions(
                    duration,
                    symbols,
                    tradesPerSecond,
                    seed,
                    clock,
                    maxTrades,
                    garbageEvery,
                    duplicateEvery,
                    restPort,
                    checkpointInterval,
                    barIntervals,
                    watermarkIdleness,
                    kinesisReader,
                    strategies != null
                            ? strategies
                            : StrategySweeps.group(
                                    StrategiesFile.read("", StrategiesFile.LOCAL_DEFAULTS)),
                    host,
                    taskManagerCpus,
                    fromSavepoint,
                    jobProperties,
                    firstTradeId,
                    books,
                    stack);
        }
    }
}
