package io.marketpipe.launcher;

import io.marketpipe.localstack.StackConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code ./pipeline query "SQL"}: SQL over a local lake with DuckDB, every table folder (trades,
 * bars_1m, ..., quarantine, signals, fills, round_trips, equity) a view by its name, with the
 * {@code dt} partition as a column, and the view strategy_equity_curve.
 */
final class QueryCommand {
    static final String USAGE = "query [--lake DIR] \"SQL\"";
    private static final int MAX_ROWS = 1_000;

    private final PrintStream out;

    QueryCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) throws IOException, SQLException {
        Args args = new Args(argv, Set.of("--lake"), Set.of());
        if (args.positional().size() != 1) {
            throw new Args.UsageException("give one SQL statement, quoted");
        }
        Path lake = Path.of(args.get("--lake", StackConfig.builder().build().lakeDir().toString()));
        List<String> tables = tables(lake);
        if (tables.isEmpty()) {
            throw new Args.UsageException(
                    "no lake tables under "
                            + lake
                            + ": run ./pipeline local or ./pipeline replay first");
        }
        try (Connection duck = LakeViews.open(lake);
                Statement sql = duck.createStatement()) {
            try (ResultSet rs = sql.executeQuery(args.positional().get(0))) {
                print(rs);
            }
        }
        return 0;
    }

    static List<String> tables(Path lake) throws IOException {
        List<String> tables = new ArrayList<>();
        if (!Files.isDirectory(lake)) {
            return tables;
        }
        try (Stream<Path> dirs = Files.list(lake)) {
            for (Path dir : (Iterable<Path>) dirs.sorted()::iterator) {
                if (Files.isDirectory(dir) && LocalCommand.parquetFiles(dir) > 0) {
                    tables.add(dir.getFileName().toString());
                }
            }
        }
        return tables;
    }

    private void print(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int cols = meta.getColumnCount();
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[cols];
        for (int c = 0; c < cols; c++) {
            header[c] = meta.getColumnLabel(c + 1);
        }
        rows.add(header);
        int count = 0;
        while (rs.next()) {
            if (++count > MAX_ROWS) {
                continue;
            }
            String[] row = new String[cols];
            for (int c = 0; c < cols; c++) {
                Object v = rs.getObject(c + 1);
                row[c] =
                        v == null
                                ? "NULL"
                                : v instanceof java.math.BigDecimal
                                        ? ((java.math.BigDecimal) v).toPlainString()
                                        : v.toString();
            }
            rows.add(row);
        }
        int[] width = new int[cols];
        for (String[] row : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                line.append(c == 0 ? "" : " | ")
                        .append(String.format("%-" + width[c] + "s", rows.get(r)[c]));
            }
            out.println(line.toString().stripTrailing());
            if (r == 0) {
                StringBuilder rule = new StringBuilder();
                for (int c = 0; c < cols; c++) {
                    rule.append(c == 0 ? "" : "-+-").append("-".repeat(width[c]));
                }
                out.println(rule);
            }
        }
        out.printf(
                "(%d row%s%s)%n",
                count,
                count == 1 ? "" : "s",
                count > MAX_ROWS ? ", first " + MAX_ROWS + " shown" : "");
    }
}
