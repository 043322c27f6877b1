package io.marketpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalCommandTest {
    @Test
    void jobPropertiesAreGroupedAndALaterValueOfAKeyWins() {
        assertThat(
                        LocalCommand.jobProperties(
                                List.of(
                                        "sinks/dynamodb.latest-price.flush.interval.ms=200",
                                        "source/kinesis.polling.interval.ms=0",
                                        "sinks/dynamodb.latest-price.flush.interval.ms=100",
                                        "bars/intervals=1s,1m")))
                .isEqualTo(
                        Map.of(
                                "sinks",
                                Map.of("dynamodb.latest-price.flush.interval.ms", "100"),
                                "source",
                                Map.of("kinesis.polling.interval.ms", "0"),
                                "bars",
                                Map.of("intervals", "1s,1m")));
    }

    @Test
    void aJobPropertyWithoutGroupKeyAndValueIsAUsageError() {
        for (String bad :
                List.of("kinesis.polling.interval.ms=0", "/key=1", "source/=1", "source/key")) {
            assertThatThrownBy(() -> LocalCommand.jobProperties(List.of(bad)))
                    .as(bad)
                    .isInstanceOf(Args.UsageException.class)
                    .hasMessageContaining("GROUP/KEY=VALUE");
        }
    }
}
