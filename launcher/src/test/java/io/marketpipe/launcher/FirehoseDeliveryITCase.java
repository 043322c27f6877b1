package io.marketpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketpipe.job.config.JobConfig;
import io.marketpipe.job.source.CaptureLine;
import io.marketpipe.localstack.AwsClients;
import io.marketpipe.localstack.LocalStack;
import io.marketpipe.localstack.StackConfig;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The job's Firehose sinks against a real Firehose API (moto's server, which delivers into its own
 * S3): signals, round trips and quarantine records arrive as JSON lines, each exactly the lake's
 * row.
 */
class FirehoseDeliveryITCase {
    private static final long T0 = 1_700_000_040_000L - 1_700_000_040_000L % 60_000;

    @TempDir Path dir;

    @Test
    void signalsRoundTripsAndQuarantineAreDeliveredAsJsonLines() throws Exception {
        assertThat(LocalStack.motoInstalled())
                .as("moto's server is the local Firehose: pip install 'moto[server]'")
                .isTrue();
        List<String> lines = new ArrayList<>();
        String[] closes = {"100", "102", "101", "96.9", "98", "103", "101", "95", "93", "93", "94"};
        long id = 1;
        for (int minute = 0; minute < closes.length; minute++) {
            long t = T0 + minute * 60_000L;
            lines.add(trade(id++, closes[minute], t + 1_000));
            lines.add(trade(id++, closes[minute], t + 50_000));
            if (minute % 4 == 0) {
                lines.add("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\""); // quarantined
            }
        }
        Path capture = dir.resolve("capture.jsonl");
        Files.write(capture, lines);

        try (LocalStack stack =
                LocalStack.start(StackConfig.onFreePortsWithFirehose(dir.resolve("stack")))) {
            StackConfig cfg = stack.config();
            Path lake = dir.resolve("lake");
            Replay.run(CaptureLine.Format.BINANCE, List.of(capture), lake, groups(cfg), 2);

            try (S3Client s3 = AwsClients.firehoseS3(cfg);
                    Connection duck = LakeViews.open(lake);
                    Statement sql = duck.createStatement()) {
                List<JsonNode> signals = delivered(s3, cfg, "signals");
                assertThat(signals).isNotEmpty();
                assertThat(rows(signals, "strategy", "side", "reason", "bar_time", "price"))
                        .containsExactlyInAnyOrderElementsOf(
                                lake(
                                        sql,
                                        "SELECT strategy, side, reason, epoch_ms(bar_time), price FROM signals"));
                List<JsonNode> trips = delivered(s3, cfg, "round_trips");
                assertThat(trips).isNotEmpty();
                assertThat(
                                rows(
                                        trips,
                                        "strategy",
                                        "entry_time",
                                        "exit_time",
                                        "net_pnl",
                                        "exit_reason"))
                        .containsExactlyInAnyOrderElementsOf(
                                lake(
                                        sql,
                                        "SELECT strategy, epoch_ms(entry_time), epoch_ms(exit_time), net_pnl, exit_reason"
                                                + " FROM round_trips"));
                List<JsonNode> quarantine = delivered(s3, cfg, "quarantine");
                assertThat(quarantine)
                        .hasSize(3)
                        .allSatisfy(
                                q -> {
                                    assertThat(q.get("reason").asText()).isEqualTo("MALFORMED");
                                    assertThat(q.get("id").asText()).matches("[0-9a-f]{32}");
                                });
                assertThat(quarantine)
                        .extracting(q -> q.get("id").asText())
                        .as("three inputs, three ids")
                        .doesNotHaveDuplicates();
            }
        }
    }

    private static Map<String, Properties> groups(StackConfig cfg) {
        Properties aws = new Properties();
        aws.setProperty("endpoint.firehose", cfg.firehoseEndpoint().toString());
        aws.setProperty("credentials.access-key-id", StackConfig.ACCESS_KEY);
        aws.setProperty("credentials.secret-key", StackConfig.SECRET_KEY);
        Properties sinks = new Properties();
        for (String table : LocalStack.FIREHOSE_TABLES) {
            sinks.setProperty("firehose." + table + ".stream", StackConfig.firehoseStream(table));
        }
        Properties strategies = new Properties();
        strategies.setProperty("ids", "dip");
        strategies.setProperty("dip.kind", "dip-buy");
        strategies.setProperty("dip.lookback", "3");
        strategies.setProperty("dip.dip.pct", "5");
        strategies.setProperty("dip.take-profit.pct", "4");
        strategies.setProperty("dip.stop-loss.pct", "2");
        Map<String, Properties> groups = new TreeMap<>();
        groups.put(JobConfig.AWS, aws);
        groups.put(JobConfig.SINKS, sinks);
        groups.put(JobConfig.STRATEGIES, strategies);
        return groups;
    }

    /** Every JSON line delivered under firehose/TABLE/ (moto may or may not gzip). */
    private static List<JsonNode> delivered(S3Client s3, StackConfig cfg, String table)
            throws Exception {
        List<JsonNode> records = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (S3Object o :
                s3.listObjectsV2(
                                r ->
                                        r.bucket(cfg.firehoseBucket())
                                                .prefix("firehose/" + table + "/"))
                        .contents()) {
            byte[] bytes =
                    s3.getObjectAsBytes(r -> r.bucket(cfg.firehoseBucket()).key(o.key()))
                            .asByteArray();
            if (bytes.length > 1 && bytes[0] == (byte) 0x1f && bytes[1] == (byte) 0x8b) {
                bytes = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes)).readAllBytes();
            }
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    records.add(json.readTree(line));
                }
            }
        }
        return records;
    }

    private static List<String> rows(List<JsonNode> records, String... columns) {
        List<String> rows = new ArrayList<>();
        for (JsonNode r : records) {
            StringBuilder row = new StringBuilder();
            for (String c : columns) {
                JsonNode v = r.get(c);
                String text =
                        c.endsWith("_time")
                                ? Long.toString(Instant.parse(v.asText()).toEpochMilli())
                                : v.isNumber()
                                        ? v.decimalValue().stripTrailingZeros().toPlainString()
                                        : v.asText();
                row.append(row.length() == 0 ? "" : " ").append(text);
            }
            rows.add(row.toString());
        }
        return rows;
    }

    private static List<String> lake(Statement sql, String query) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery(query)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int c = 1; c <= n; c++) {
                    Object v = rs.getObject(c);
                    String text =
                            v instanceof BigDecimal
                                    ? ((BigDecimal) v).stripTrailingZeros().toPlainString()
                                    : v instanceof java.time.temporal.TemporalAccessor
                                                    || v instanceof java.sql.Timestamp
                                            ? Long.toString(rs.getTimestamp(c).getTime())
                                            : String.valueOf(v);
                    row.append(c == 1 ? "" : " ").append(text);
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static String trade(long id, String price, long time) {
        return "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":"
                + time
                + ",\"s\":\"BTCUSDT\",\"t\":"
                + id
                + ",\"p\":\""
                + price
                + "\",\"q\":\"0.5\",\"T\":"
                + time
                + ",\"m\":false,\"M\":true}}";
    }
}
