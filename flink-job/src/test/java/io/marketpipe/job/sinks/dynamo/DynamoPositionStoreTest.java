package io.marketpipe.job.sinks.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.EquityPoint;
import io.marketpipe.schemas.envelope.Venue;
import io.marketpipe.schemas.tables.DynamoTables;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DynamoPositionStoreTest {
    private static EquityPoint point(String position) {
        EquityPoint p = new EquityPoint();
        p.strategy = "dip";
        p.venue = Venue.BINANCE;
        p.symbol = "BTCUSDT";
        p.barTime = 1_700_000_000_000L;
        p.position = Decimals.parse(position);
        p.averageEntry = p.position == 0 ? 0 : Decimals.parse("97");
        return p;
    }

    /** The batched UPDATE sets what the PutItem writes: an attribute added to one is in both. */
    @Test
    void theUpdateSetsEveryAttributeThePutWrites() {
        List<String> open = new ArrayList<>(DynamoPositionStore.ATTRIBUTES);
        open.add(DynamoTables.POSITIONS_PK);
        assertThat(DynamoPositionStore.item(point("2")).keySet())
                .containsExactlyInAnyOrderElementsOf(open);
        open.remove("average_entry");
        assertThat(DynamoPositionStore.item(point("0")).keySet())
                .as("a flat position: no entry, which the flat UPDATE removes")
                .containsExactlyInAnyOrderElementsOf(open);
        assertThat(DynamoPositionStore.ATTRIBUTES)
                .as("the entry last: the flat UPDATE sets all but the last")
                .last()
                .isEqualTo("average_entry");
    }
}
