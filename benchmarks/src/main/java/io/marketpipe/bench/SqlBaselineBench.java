package io.marketpipe.bench;

import io.marketpipe.localstack.ProjectHome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * The baseline many users would write instead: Flink SQL over the same capture as {@link
 * ReplayBench}, parsing with JSON_VALUE, window deduplication (ROW_NUMBER) and a 1-minute TUMBLE
 * OHLCV/VWAP, into a blackhole sink (so it does less work than our job, which writes Parquet).
 * Usage: {@code SqlBaselineBench TRADES SYMBOLS} after ReplayBench generated the capture.
 */
public final class SqlBaselineBench {
    private SqlBaselineBench() {}

    public static void main(String[] args) throws Exception {
        Path capture =
                ProjectHome.localData()
                        .resolve("bench")
                        .resolve("capture-" + args[0] + "-" + args[1] + ".jsonl");
        if (!Files.exists(capture)) {
            throw new IllegalStateException(capture + " is missing: run ReplayBench first");
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(2, new Configuration());
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
        sql.executeSql(
                "CREATE TABLE bars (symbol STRING, window_start TIMESTAMP(3), window_end TIMESTAMP(3),"
                        + " open_price DECIMAL(38, 8), high DECIMAL(38, 8), low DECIMAL(38, 8), close_price DECIMAL(38, 8),"
                        + " volume DECIMAL(38, 8), quote_volume DECIMAL(38, 16), vwap DECIMAL(38, 8), trade_count BIGINT)"
                        + " WITH ('connector' = 'blackhole')");
        long started = System.nanoTime();
        TableResult result =
                sql.executeSql(
                        "INSERT INTO bars"
                                + " SELECT symbol, window_start, window_end, FIRST_VALUE(price), MAX(price), MIN(price), LAST_VALUE(price),"
                                + " SUM(qty), CAST(SUM(price * qty) AS DECIMAL(38, 16)), CAST(SUM(price * qty) / SUM(qty) AS DECIMAL(38, 8)), COUNT(*)"
                                + " FROM ("
                                + "   SELECT * FROM ("
                                + "     SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, symbol, id ORDER BY ts ASC) AS rn"
                                + "     FROM TABLE(TUMBLE(TABLE capture, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"
                                + "   ) WHERE rn = 1"
                                + " ) GROUP BY symbol, window_start, window_end");
        result.await();
        double seconds = (System.nanoTime() - started) / 1e9;
        long lines = Files.lines(capture).count();
        System.out.printf(
                "flink-sql lines=%d symbols=%s seconds=%.1f lines_per_s=%.0f (parallelism 2, bars_1m to blackhole)%n",
                lines, args[1], seconds, lines / seconds);
    }
}
