package io.marketpipe.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * A DuckDB connection over a local lake: each table folder a view by its name (with the {@code dt}
 * partition as a column), empty strategy tables where a run produced none, and the portable views
 * of {@code schemas/} (the same SQL Athena runs).
 */
final class LakeViews {
    /** Columns the strategy SQL reads, for views of tables a run did not write. */
    private static final Map<String, String> EMPTY_STRATEGY_TABLES =
            Map.of(
                    "round_trips",
                    "strategy VARCHAR, venue VARCHAR, symbol VARCHAR, net_pnl DECIMAL(38,8),"
                            + " fees DECIMAL(38,8), return_pct DECIMAL(38,8),"
                            + " entry_time TIMESTAMP, exit_time TIMESTAMP,"
                            + " entry_price DECIMAL(38,8), exit_price DECIMAL(38,8),"
                            + " quantity DECIMAL(38,8), gross_pnl DECIMAL(38,8), holding_ms BIGINT,"
                            + " entry_reason VARCHAR, exit_reason VARCHAR",
                    "fills",
                    "strategy VARCHAR, fee DECIMAL(38,8)",
                    "signals",
                    "strategy VARCHAR, side VARCHAR, reason VARCHAR");

    static final String EQUITY_CURVE = "strategy_equity_curve";

    private LakeViews() {}

    static Connection open(Path lake) throws IOException, SQLException {
        List<String> tables = QueryCommand.tables(lake);
        Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement sql = duck.createStatement()) {
            for (String table : tables) {
                sql.execute(
                        "CREATE VIEW \""
                                + table
                                + "\" AS SELECT * FROM read_parquet('"
                                + lake.resolve(table).toAbsolutePath().toString().replace("'", "''")
                                + "/*/*.parquet', hive_partitioning = true, union_by_name = true)");
            }
            if (tables.contains("equity")) {
                for (Map.Entry<String, String> empty : EMPTY_STRATEGY_TABLES.entrySet()) {
                    if (!tables.contains(empty.getKey())) {
                        sql.execute(
                                "CREATE TABLE \""
                                        + empty.getKey()
                                        + "\" ("
                                        + empty.getValue()
                                        + ")");
                    }
                }
                sql.execute("CREATE VIEW " + EQUITY_CURVE + " AS " + sqlFile(EQUITY_CURVE));
            }
        } catch (SQLException | RuntimeException e) {
            duck.close();
            throw e;
        }
        return duck;
    }

    /** A portable SQL file of {@code schemas/} ({@code io/marketpipe/schemas/sql/NAME.sql}). */
    static String sqlFile(String name) throws IOException {
        String path = "/io/marketpipe/schemas/sql/" + name + ".sql";
        try (InputStream in = LakeViews.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("missing " + path + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
