package io.marketpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketpipe.schemas.tables.DynamoTables;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tables Terraform creates are keyed exactly as schemas/ (and so the job) defines them. */
class DynamoTablesTest {
    @Test
    void everyTableIsKeyedAsTheJobWritesIt() throws Exception {
        JsonNode tables = null;
        for (JsonNode block : Terraform.files().get("modules/storage/main.tf").get("locals")) {
            if (block.has("tables")) {
                tables = block.get("tables");
            }
        }
        assertThat(tables).isNotNull();
        assertThat(keys(tables, "latest-price"))
                .containsExactly(DynamoTables.LATEST_PK, "null", "null");
        assertThat(keys(tables, "top-of-book"))
                .containsExactly(DynamoTables.TOP_OF_BOOK_PK, "null", "null");
        assertThat(keys(tables, "bars"))
                .containsExactly(DynamoTables.BARS_PK, DynamoTables.BARS_SK, "N");
        assertThat(keys(tables, "signals"))
                .containsExactly(DynamoTables.SIGNALS_PK, DynamoTables.SIGNALS_SK, "S");
        assertThat(keys(tables, "positions"))
                .containsExactly(DynamoTables.POSITIONS_PK, "null", "null");
        assertThat(tables.size()).as("no table the job does not write").isEqualTo(5);
    }

    private static List<String> keys(JsonNode tables, String table) {
        JsonNode spec = tables.get(table);
        assertThat(spec).as(table).isNotNull();
        return List.of(spec.get(0).asText(), spec.get(1).asText(), spec.get(2).asText());
    }
}
