package io.marketpipe.ingest.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.ingest.ForwarderMetrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The REST weight budget a minute, shared by backfill and depth snapshots. */
class RestWeightsTest {
    private final ForwarderMetrics metrics = new ForwarderMetrics();
    private final List<Long> waits = new ArrayList<>();
    private long now = 1_700_000_040_000L + 1_000; // one second into a minute

    private RestWeights budget(int perMinute) {
        return new RestWeights(
                perMinute,
                metrics,
                () -> now,
                millis -> {
                    waits.add(millis);
                    now += millis;
                });
    }

    @Test
    void aResyncStormWaitsForTheNextMinuteInsteadOfSpendingPastTheBudget() throws Exception {
        RestWeights weights = budget(RestWeights.DEFAULT_BUDGET);
        int snapshots = 0;
        // 200 symbols' snapshots at limit 1000, 50 each: 10,000 weight, 110 fit a minute
        for (int i = 0; i < 200; i++) {
            weights.take(RestWeights.depthWeight(1_000));
            snapshots++;
        }

        assertThat(snapshots).isEqualTo(200);
        assertThat(waits).containsExactly(59_000L);
        assertThat(metrics.restWeightWaits.sum()).isEqualTo(1);
        assertThat(weights.usedThisMinute()).isEqualTo((200 - 110) * 50);
    }

    @Test
    void backfillAndSnapshotsShareOneMinute() throws Exception {
        RestWeights weights = budget(100);
        weights.take(50); // a snapshot
        weights.take(25); // a backfill page
        weights.take(25);
        assertThat(waits).isEmpty();

        weights.take(5);

        assertThat(waits).hasSize(1);
        assertThat(weights.usedThisMinute()).isEqualTo(5);
    }

    @Test
    void theDepthWeightFollowsBinancesTable() {
        assertThat(RestWeights.depthWeight(100)).isEqualTo(5);
        assertThat(RestWeights.depthWeight(500)).isEqualTo(25);
        assertThat(RestWeights.depthWeight(1_000)).isEqualTo(50);
        assertThat(RestWeights.depthWeight(5_000)).isEqualTo(250);
    }
}
