package io.marketpipe.job.sinks.lake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventDateBucketAssignerTest {
    @Test
    void bucketsByTheUtcDayOfEachRowAndReusesTheIdWithinADay() {
        EventDateBucketAssigner<Long> assigner = new EventDateBucketAssigner<>(t -> t);
        long day = 86_400_000L;
        long t = 1_700_000_000_000L; // 2023-11-14T22:13:20Z
        String first = assigner.getBucketId(t, null);
        assertThat(first).isEqualTo("dt=2023-11-14");
        assertThat(assigner.getBucketId(t + 1_000, null)).isSameAs(first);
        assertThat(assigner.getBucketId(t + 2 * 3_600_000L, null)).isEqualTo("dt=2023-11-15");
        assertThat(assigner.getBucketId(t - day, null)).isEqualTo("dt=2023-11-13");
        assertThat(assigner.getBucketId(0L, null)).isEqualTo("dt=1970-01-01");
        assertThat(assigner.getBucketId(-1L, null)).isEqualTo("dt=1969-12-31");
        assertThat(assigner.getBucketId(day - 1, null)).isEqualTo("dt=1970-01-01");
    }
}
