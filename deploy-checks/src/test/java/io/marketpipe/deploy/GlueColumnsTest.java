package io.marketpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The Glue catalog cannot drift from what the job writes: the analytics module's columns
 * (glue_columns.tf.json) are generated from the Avro schemas in schemas/ and this test regenerates
 * and compares them. {@code mvn -pl deploy-checks test -Dregenerate=true} rewrites the file.
 */
class GlueColumnsTest {
    static final Path FILE = Terraform.DIR.resolve("modules/analytics/glue_columns.tf.json");
    private static final Path AVRO = Terraform.ROOT.resolve("schemas/src/main/avro");

    /** Lake table (bars stands for every bars_<interval>) to its schema file. */
    static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("trades", "trade.avsc");
        TABLES.put("bars", "bar.avsc");
        TABLES.put("quotes", "quote.avsc");
        TABLES.put("quarantine", "quarantine.avsc");
        TABLES.put("signals", "signal.avsc");
        TABLES.put("fills", "fill.avsc");
        TABLES.put("round_trips", "round_trip.avsc");
        TABLES.put("equity", "equity.avsc");
        TABLES.put("gaps", "gap.avsc");
        TABLES.put("book_top", "book_top.avsc");
        TABLES.put("book_gaps", "book_gap.avsc");
        TABLES.put("book_snapshots", "book_snapshot.avsc");
        TABLES.put("agg_trades", "agg_trade.avsc");
        TABLES.put("exchange_klines", "exchange_kline.avsc");
        TABLES.put("reconciliation", "reconciliation.avsc");
    }

    @Test
    void glueColumnsAreTheAvroSchemasColumnForColumn() throws Exception {
        String expected = generate();
        if (Boolean.getBoolean("regenerate")) {
            Files.writeString(FILE, expected);
        }
        assertThat(Files.readString(FILE))
                .as(
                        "%s is stale: run mvn -pl deploy-checks test -Dregenerate=true and commit it",
                        FILE)
                .isEqualTo(expected);
    }

    @Test
    void typesMapExactly() {
        assertThat(
                        hiveType(
                                new Schema.Parser()
                                        .parse(
                                                "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":38,\"scale\":16}")))
                .isEqualTo("decimal(38,16)");
        assertThat(hiveType(new Schema.Parser().parse("[\"null\",\"long\"]"))).isEqualTo("bigint");
        assertThat(
                        hiveType(
                                new Schema.Parser()
                                        .parse(
                                                "{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}")))
                .isEqualTo("timestamp");
        assertThat(hiveType(Schema.create(Schema.Type.BYTES))).isEqualTo("binary");
    }

    static String generate() throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        ObjectNode columns = root.putObject("locals").putObject("glue_columns");
        for (Map.Entry<String, String> table : TABLES.entrySet()) {
            Schema schema = new Schema.Parser().parse(AVRO.resolve(table.getValue()).toFile());
            ArrayNode cols = columns.putArray(table.getKey());
            for (Schema.Field field : schema.getFields()) {
                ObjectNode col = cols.addObject();
                col.put("name", field.name());
                col.put("type", hiveType(field.schema()));
                col.put("comment", field.doc() == null ? "" : field.doc());
            }
        }
        return json.writeValueAsString(root) + "\n";
    }

    static String hiveType(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            for (Schema branch : schema.getTypes()) {
                if (branch.getType() != Schema.Type.NULL) {
                    return hiveType(branch);
                }
            }
        }
        if (schema.getLogicalType() instanceof LogicalTypes.Decimal) {
            LogicalTypes.Decimal d = (LogicalTypes.Decimal) schema.getLogicalType();
            return "decimal(" + d.getPrecision() + "," + d.getScale() + ")";
        }
        if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
                || schema.getLogicalType() instanceof LogicalTypes.TimestampMicros) {
            return "timestamp";
        }
        switch (schema.getType()) {
            case STRING:
                return "string";
            case LONG:
                return "bigint";
            case INT:
                return "int";
            case BOOLEAN:
                return "boolean";
            case DOUBLE:
                return "double";
            case FLOAT:
                return "float";
            case BYTES:
                return "binary";
            default:
                throw new IllegalArgumentException("no Glue type for " + schema);
        }
    }
}
