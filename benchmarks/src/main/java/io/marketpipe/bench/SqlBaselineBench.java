package io.marketpipe.bench;

import io.marketpipe.localstack.ProjectHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * The baseline many users would write instead: Flink SQL over the same capture as {@link
 * ReplayBench}, parsing with JSON_VALUE, window deduplication (ROW_NUMBER) and a 1-minute TUMBLE
 * OHLCV/VWAP. Usage: {@code SqlBaselineBench TRADES SYMBOLS [blackhole|parquet]} after ReplayBench
 * generated the capture. {@code blackhole} (the default) sends the bars nowhere, so it does less
 * work than our job; {@code parquet} writes the deduplicated trades and the bars into Parquet
 * tables through Flink's filesystem connector, committed on checkpoints every 2 s as the replay's
 * lake is: the same work as our job.
 */
public final class SqlBaselineBench {
    private SqlBaselineBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = ProjectHome.localData().resolve("bench");
        Path capture = dir.resolve("capture-" + args[0] + "-" + args[1] + ".jsonl");
        if (!Files.exists(capture)) {
            throw new IllegalStateException(capture + " is missing: run ReplayBench first");
        }
        boolean parquet = args.length > 2 && args[2].equals("parquet");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(2, new Configuration());
        if (parquet) {
            // the filesystem sink commits its files on checkpoints; the blackhole run stays as it
            // was first measured, without them
            env.enableCheckpointing(Duration.ofSeconds(2).toMillis());
            // window deduplication keeps every row of the open windows in state: more than the
            // 5 MB a checkpoint may hold in the JobManager's memory
            Path checkpoints = dir.resolve("sql-checkpoints");
            ProjectHome.deleteLocalData(checkpoints);
            env.getCheckpointConfig().setCheckpointStorage(checkpoints.toUri().toString());
        }
        StreamTableEnvironment sql = StreamTableEnvironment.create(env);
        sql.executeSql(
                "CREATE TABLE capture ("
                        + " line STRING,"
                        + " symbol AS JSON_VALUE(line, '$.data.s'),"
                        + " id AS CAST(JSON_VALUE(line, '$.data.t') AS BIGINT),"
                        + " price AS CAST(JSON_VALUE(line, '$.data.p') AS DECIMAL(38, 8)),"
                        + " qty AS CAST(JSON_VALUE(line, '$.data.q') AS DECIMAL(38, 8)),"
                        + " ts AS TO_TIMESTAMP_LTZ(CAST(JSON_VALUE(line, '$.data.T') AS BIGINT), 3),"
                        + " WATERMARK FOR ts AS ts - INTERVAL '2' SECOND"
                        + ") WITH ('connector' = 'filesystem', 'path' = '"
                        + capture.toUri()
                        + "', 'format' = 'raw')");
        Path lake = dir.resolve("sql-lake");
        ProjectHome.deleteLocalData(lake);
        String barColumns =
                "(symbol STRING, window_start TIMESTAMP(3), window_end TIMESTAMP(3),"
                        + " open_price DECIMAL(38, 8), high DECIMAL(38, 8), low DECIMAL(38, 8), close_price DECIMAL(38, 8),"
                        + " volume DECIMAL(38, 8), quote_volume DECIMAL(38, 16), vwap DECIMAL(38, 8), trade_count BIGINT)";
        sql.executeSql(
                "CREATE TABLE bars " + barColumns + sinkOptions(parquet, lake.resolve("bars_1m")));
        sql.executeSql(
                "CREATE TEMPORARY VIEW deduped AS"
                        + " SELECT * FROM ("
                        + "   SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, symbol, id ORDER BY ts ASC) AS rn"
                        + "   FROM TABLE(TUMBLE(TABLE capture, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"
                        + " ) WHERE rn = 1");
        StatementSet inserts = sql.createStatementSet();
        inserts.addInsertSql(
                "INSERT INTO bars"
                        + " SELECT symbol, window_start, window_end, FIRST_VALUE(price), MAX(price), MIN(price), LAST_VALUE(price),"
                        + " SUM(qty), CAST(SUM(price * qty) AS DECIMAL(38, 16)), CAST(SUM(price * qty) / SUM(qty) AS DECIMAL(38, 8)), COUNT(*)"
                        + " FROM deduped GROUP BY symbol, window_start, window_end");
        if (parquet) {
            sql.executeSql(
                    "CREATE TABLE trades (symbol STRING, id BIGINT, price DECIMAL(38, 8), qty DECIMAL(38, 8),"
                            + " ts TIMESTAMP_LTZ(3))"
                            + sinkOptions(true, lake.resolve("trades")));
            inserts.addInsertSql(
                    "INSERT INTO trades SELECT symbol, id, price, qty, ts FROM deduped");
        }
        long started = System.nanoTime();
        inserts.execute().await();
        double seconds = (System.nanoTime() - started) / 1e9;
        long lines;
        try (var stream = Files.lines(capture)) {
            lines = stream.count();
        }
        System.out.printf(
                "flink-sql lines=%d symbols=%s seconds=%.1f lines_per_s=%.0f (parallelism 2, %s)%n",
                lines,
                args[1],
                seconds,
                lines / seconds,
                parquet ? "Parquet trades+bars_1m" : "bars_1m to blackhole");
    }

    private static String sinkOptions(boolean parquet, Path path) {
        return parquet
                ? " WITH ('connector' = 'filesystem', 'path' = '"
                        + path.toUri()
                        + "', 'format' = 'parquet')"
                : " WITH ('connector' = 'blackhole')";
    }
}
