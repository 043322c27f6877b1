package io.marketpipe.launcher;

import io.marketpipe.localstack.AwsClients;
import io.marketpipe.localstack.FlinkCluster;
import io.marketpipe.localstack.Poll;
import io.marketpipe.localstack.Ports;
import io.marketpipe.localstack.ProjectHome;
import io.marketpipe.localstack.StackConfig;
import io.marketpipe.simulator.SimTrade;
import io.marketpipe.simulator.TradeClock;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ./pipeline chaos}: the whole pipeline on the real multi-process cluster (with JobManager
 * high availability: ZooKeeper and HA storage on local disk) twice with the same deterministic
 * exchange (a seed and a stepping trade clock): once left alone, once with a TaskManager killed by
 * SIGKILL several times and the JobManager once while trades flow (each started again, as a
 * supervisor would). Then every DynamoDB table and every lake table of the two runs are compared,
 * leaving out only what records wall time (receive and ingest times, and the quarantine ids and
 * partitions made from them).
 */
final class ChaosCommand {
    static final String USAGE =
            "chaos [--kills N] [--jobmanager-kills N] [--trades N] [--rate TRADES_PER_SECOND]"
                    + " [--symbols A,B,C] [--idleness SECONDS]";
    private static final long T0 = 1_700_000_040_000L;

    /**
     * The watermark idleness, {@code --idleness SECONDS}. After every start and restore a shard
     * that carries no trades (three symbols over four shards leave one) holds the watermark, and so
     * every bar, back this long: under the kills' spacing, windows fire between kills, and the
     * drained stop meets every shard idle. Above it (30 s, the first default) no bar is made
     * between kills and both of these go untested (docs/chaos.md).
     */
    private static final long DEFAULT_IDLENESS_SECONDS = 5;

    private Duration idleness = Duration.ofSeconds(DEFAULT_IDLENESS_SECONDS);

    private static final Duration RECOVERY = Duration.ofSeconds(120);
    private static final Duration NOTICE = Duration.ofSeconds(15);

    /** Columns and attributes that hold wall-clock time, so differ between any two runs. */
    private static final List<String> WALL_CLOCK = List.of("receive", "ingest");

    private final PrintStream out;

    ChaosCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv, CountDownLatch interrupted) throws Exception {
        Args args =
                new Args(
                        argv,
                        Set.of(
                                "--kills",
                                "--jobmanager-kills",
                                "--trades",
                                "--rate",
                                "--symbols",
                                "--idleness"),
                        Set.of());
        int kills = (int) args.getLong("--kills", 5, 0);
        int jobManagerKills = (int) args.getLong("--jobmanager-kills", 1, 0);
        long trades = args.getLong("--trades", 27_000, 1_000);
        long rate = args.getLong("--rate", 200, 1);
        idleness = Duration.ofSeconds(args.getLong("--idleness", DEFAULT_IDLENESS_SECONDS, 1));
        List<String> symbols =
                List.of(
                        args.get("--symbols", "BTCUSDT,ETHUSDT,SOLUSDT")
                                .toUpperCase(Locale.ROOT)
                                .split(","));
        Path root = ProjectHome.localData().resolve("chaos");
        try (AutoCloseable claim = ProjectHome.lockLocalData(root)) {
            return run(root, symbols, trades, rate, kills, jobManagerKills, interrupted);
        }
    }

    /** The clean run, the killed run and their comparison, in {@code root}. */
    private int run(
            Path root,
            List<String> symbols,
            long trades,
            long rate,
            int kills,
            int jobManagerKills,
            CountDownLatch interrupted)
            throws Exception {
        ProjectHome.deleteLocalData(root);
        out.printf(
                "chaos: %,d trades at %d/s over %s on a JobManager (HA: ZooKeeper, storage on local"
                        + " disk) and two TaskManagers, twice: once alone, once with %d kill -9 of a"
                        + " TaskManager and %d of the JobManager; watermark idleness %d s%n",
                trades, rate, symbols, kills, jobManagerKills, idleness.toSeconds());

        Run clean = run("clean", root.resolve("clean"), symbols, trades, rate, 0, 0, interrupted);
        Run killed =
                clean == null
                        ? null
                        : run(
                                "killed",
                                root.resolve("killed"),
                                symbols,
                                trades,
                                rate,
                                kills,
                                jobManagerKills,
                                interrupted);
        if (killed == null) {
            out.println("chaos: interrupted, nothing compared");
            return 130;
        }

        out.println("compared (clean vs killed):");
        boolean same = true;
        for (String table : new TreeSet<>(union(clean.dynamo.keySet(), killed.dynamo.keySet()))) {
            Set<Map<String, String>> a = clean.dynamo.getOrDefault(table, Set.of());
            Set<Map<String, String>> b = killed.dynamo.getOrDefault(table, Set.of());
            same &=
                    report(
                            "dynamodb " + table,
                            a.size(),
                            b.size(),
                            minus(a, b).size(),
                            minus(b, a).size());
        }
        same &= compareLakes(clean.lake, killed.lake);
        out.printf(
                "chaos: %s (TaskManager kills: %d, job restarts seen: %d; JobManager kills: %d,"
                        + " recoveries from HA storage: %d)%n",
                same ? "IDENTICAL" : "DIFFERENT",
                killed.kills,
                killed.restarts,
                killed.jobManagerKills,
                killed.recoveries);
        return same ? 0 : 1;
    }

    /** What one run left behind. */
    private record Run(
            Map<String, Set<Map<String, String>>> dynamo,
            Path lake,
            int kills,
            int restarts,
            int jobManagerKills,
            int recoveries) {}

    /** One run, or null if interrupted. */
    private Run run(
            String name,
            Path dir,
            List<String> symbols,
            long trades,
            long rate,
            int kills,
            int jobManagerKills,
            CountDownLatch interrupted)
            throws Exception {
        StackConfig stack = StackConfig.onFreePorts(dir);
        LocalOptions options =
                LocalOptions.builder(stack)
                        .symbols(symbols)
                        .tradesPerSecond(rate)
                        .seed(7)
                        .clock(TradeClock.stepping(T0, 50))
                        .maxTrades(trades)
                        .garbageEvery(997)
                        .duplicateEvery(101)
                        .restPort(Ports.freePort())
                        .checkpointInterval(Duration.ofSeconds(1))
                        .barIntervals("1m,5s")
                        .watermarkIdleness(idleness)
                        .host(LocalOptions.JobHost.CLUSTER_HA)
                        .build();
        List<SimTrade> produced = new CopyOnWriteArrayList<>();
        // the kills spread evenly over the trades; the JobManager's among the TaskManagers'
        Set<Integer> jobManagerTurns = new HashSet<>();
        for (int j = 0; j < jobManagerKills; j++) {
            jobManagerTurns.add((kills + jobManagerKills) * (2 * j + 1) / (2 * jobManagerKills));
        }
        int events = kills + jobManagerKills;
        int eventsDone = 0;
        int killsDone = 0;
        int restarts = 0;
        int jobManagerKillsDone = 0;
        int recoveries = 0;
        long started = System.nanoTime();
        out.printf("[%s] starting the stack, the cluster and the job%n", name);
        try (LocalPipeline pipeline = LocalPipeline.start(options, produced::add);
                DynamoDbClient dynamo = AwsClients.dynamoDb(stack)) {
            FlinkCluster cluster = pipeline.cluster();
            while (!pipeline.simulator().finished()) {
                if (interrupted.await(200, TimeUnit.MILLISECONDS)) {
                    return null;
                }
                long next = trades * (eventsDone + 1) / (events + 1);
                if (eventsDone < events
                        && jobManagerTurns.contains(eventsDone)
                        && pipeline.simulator().tradesProduced() >= next) {
                    eventsDone++;
                    long bars = barsWritten(dynamo, stack);
                    long at = System.nanoTime();
                    cluster.killJobManager();
                    jobManagerKillsDone++;
                    out.printf(
                            "[%s %4ds] kill -9 jobmanager at %,d trades (%,d bars in DynamoDB)%n",
                            name, seconds(started), pipeline.simulator().tradesProduced(), bars);
                    cluster.restartJobManager();
                    Poll.until(
                            "the job to be recovered from HA storage and run every task",
                            RECOVERY,
                            pipeline::jobReady);
                    recoveries++;
                    out.printf(
                            "[%s %4ds] jobmanager started again; it recovered the job from HA"
                                    + " storage, every task RUNNING %.1f s after the kill%n",
                            name, seconds(started), (System.nanoTime() - at) / 1e9);
                } else if (eventsDone < events && pipeline.simulator().tradesProduced() >= next) {
                    eventsDone++;
                    int tm = killsDone % 2 + 1;
                    long restartsBefore = pipeline.jobRestarts();
                    long bars = barsWritten(dynamo, stack);
                    long at = System.nanoTime();
                    cluster.killTaskManager(tm);
                    killsDone++;
                    out.printf(
                            "[%s %4ds] kill -9 taskmanager-%d at %,d trades (%,d bars in DynamoDB)%n",
                            name,
                            seconds(started),
                            tm,
                            pipeline.simulator().tradesProduced(),
                            bars);
                    // the JobManager notices at the latest after its heartbeat timeout (10 s); a
                    // TaskManager holding none of the job's tasks costs the job nothing
                    long noticeBy = System.nanoTime() + NOTICE.toNanos();
                    while (pipeline.jobRestarts() == restartsBefore
                            && System.nanoTime() < noticeBy) {
                        Thread.sleep(200);
                    }
                    cluster.restartTaskManager(tm);
                    Poll.until(
                            "the job to run every task again",
                            RECOVERY,
                            () -> pipeline.jobReady() && cluster.taskManagerAlive(tm));
                    long restarted = pipeline.jobRestarts() - restartsBefore;
                    restarts += restarted;
                    out.printf(
                            "[%s %4ds] taskmanager-%d started again; every task RUNNING %.1f s after"
                                    + " the kill (%d job restart%s)%n",
                            name,
                            seconds(started),
                            tm,
                            (System.nanoTime() - at) / 1e9,
                            restarted,
                            restarted == 1 ? "" : "s");
                }
            }
            out.printf("[%s %4ds] all %,d trades made%n", name, seconds(started), trades);
            Map<String, Long> lastIds = new HashMap<>();
            for (SimTrade t : produced) {
                lastIds.merge(t.symbol(), t.tradeId(), Math::max);
            }
            // drained: every window fires and every sink flushes, so both runs end complete
            pipeline.stop(() -> readEverything(dynamo, stack, lastIds, symbols.size()), true);
            JobCounts counts = pipeline.counts();
            out.printf(
                    "[%s %4ds] stopped, drained, with a savepoint; the last job attempt counted %s%n",
                    name, seconds(started), counts);
            Map<String, Set<Map<String, String>>> tables = new LinkedHashMap<>();
            for (String table :
                    List.of(
                            stack.latestPriceTable(),
                            stack.barsTable(),
                            stack.signalsTable(),
                            stack.positionsTable())) {
                tables.put(shortName(table), items(dynamo, table));
            }
            return new Run(
                    tables, stack.lakeDir(), killsDone, restarts, jobManagerKillsDone, recoveries);
        }
    }

    /** The latest price of every symbol is its last trade, and every strategy has a position. */
    private static boolean readEverything(
            DynamoDbClient dynamo, StackConfig stack, Map<String, Long> lastIds, int symbols) {
        return LatestPrices.areTrades(dynamo, stack, lastIds)
                && AwsClients.itemCount(dynamo, stack.positionsTable()) == 3 * symbols;
    }

    /**
     * Bars written so far: that they grow from one kill to the next shows windows fire between
     * kills, not only after the last restore.
     */
    private static long barsWritten(DynamoDbClient dynamo, StackConfig stack) {
        return AwsClients.itemCount(dynamo, stack.barsTable());
    }

    private static String shortName(String table) {
        return table.replaceFirst("^marketpipe-", "");
    }

    /** Every item, as attribute name to value text, without wall-clock attributes. */
    private static Set<Map<String, String>> items(DynamoDbClient dynamo, String table) {
        Set<Map<String, String>> items = new HashSet<>();
        dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true))
                .items()
                .forEach(
                        item -> {
                            Map<String, String> row = new HashMap<>();
                            item.forEach(
                                    (k, v) -> {
                                        if (!wallClock(k)) {
                                            row.put(k, v.toString());
                                        }
                                    });
                            items.add(row);
                        });
        return items;
    }

    private static boolean wallClock(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return WALL_CLOCK.stream().anyMatch(lower::contains);
    }

    private boolean compareLakes(Path a, Path b) throws Exception {
        boolean same = true;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement sql = duck.createStatement()) {
            for (String table : new TreeSet<>(union(tables(a), tables(b)))) {
                String rowsA = rows(sql, a, table);
                String rowsB = rows(sql, b, table);
                if (rowsA == null || rowsB == null) {
                    same &=
                            report(
                                    "lake " + table,
                                    rowsA == null ? 0 : 1,
                                    rowsB == null ? 0 : 1,
                                    rowsA == null ? 0 : 1,
                                    rowsB == null ? 0 : 1);
                    continue;
                }
                same &=
                        report(
                                "lake " + table,
                                count(sql, rowsA),
                                count(sql, rowsB),
                                count(sql, "(" + rowsA + " EXCEPT ALL " + rowsB + ")"),
                                count(sql, "(" + rowsB + " EXCEPT ALL " + rowsA + ")"));
            }
        }
        return same;
    }

    private static Set<String> tables(Path lake) throws Exception {
        Set<String> tables = new TreeSet<>();
        if (Files.isDirectory(lake)) {
            try (Stream<Path> dirs = Files.list(lake)) {
                dirs.filter(Files::isDirectory)
                        .map(p -> p.getFileName().toString())
                        .filter(n -> !n.startsWith("."))
                        .forEach(tables::add);
            }
        }
        return tables;
    }

    /** A query of the table's committed rows, without wall-clock columns; null if it has none. */
    private static String rows(Statement sql, Path lake, String table) throws SQLException {
        String files =
                "read_parquet('"
                        + lake.resolve(table).toAbsolutePath().toString().replace("'", "''")
                        + "/*/*.parquet', hive_partitioning = false, union_by_name = true)";
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery("DESCRIBE SELECT * FROM " + files)) {
            while (rs.next()) {
                String column = rs.getString(1);
                boolean quarantineId = table.equals("quarantine") && column.equals("id");
                if (!wallClock(column) && !quarantineId) {
                    columns.add('"' + column + '"');
                }
            }
        } catch (SQLException e) {
            return null; // no committed file
        }
        return "(SELECT " + String.join(", ", columns) + " FROM " + files + ")";
    }

    private static long count(Statement sql, String rows) throws SQLException {
        try (ResultSet rs = sql.executeQuery("SELECT count(*) FROM " + rows)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private boolean report(String what, long a, long b, long onlyA, long onlyB) {
        boolean same = a == b && onlyA == 0 && onlyB == 0;
        out.printf(
                "  %-28s %s: %,d rows and %,d rows%s%n",
                what,
                same ? "same" : "DIFFERENT",
                a,
                b,
                same ? "" : String.format(", %,d only in clean, %,d only in killed", onlyA, onlyB));
        return same;
    }

    private static <T> Set<T> minus(Set<T> a, Set<T> b) {
        Set<T> rest = new HashSet<>(a);
        rest.removeAll(b);
        return rest;
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static long seconds(long startedNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
    }
}
