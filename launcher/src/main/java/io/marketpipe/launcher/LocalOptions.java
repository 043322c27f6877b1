package io.marketpipe.launcher;

import io.marketpipe.localstack.StackConfig;
import io.marketpipe.simulator.TradeClock;
import java.time.Duration;
import java.util.List;
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
 *     multi-process Flink cluster, with or without JobManager high availability
 * @param fromSavepoint (cluster) start the job from this savepoint
 * @param firstTradeId the simulator's first trade id per symbol (above an earlier run's, when
 *     resuming its state)
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
        Optional<String> fromSavepoint,
        long firstTradeId,
        StackConfig stack) {

    public LocalOptions {
        symbols = List.copyOf(symbols);
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
        CLUSTER_HA
    }

    /** Whether the job runs on a real multi-process cluster. */
    public boolean cluster() {
        return host != JobHost.MINI_CLUSTER;
    }
}
