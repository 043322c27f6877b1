package io.marketpipe.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketpipe.ingest.ForwarderMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CloudWatch embedded metric format lines: what CloudWatch Logs needs to make them metrics. */
class EmbeddedMetricsTest {
    private final ForwarderMetrics metrics = new ForwarderMetrics();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final EmbeddedMetrics emf =
            new EmbeddedMetrics(
                    metrics,
                    "Marketpipe/Forwarder",
                    new PrintStream(bytes, true, StandardCharsets.UTF_8),
                    () -> 1_700_000_000_000L);

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            out.add(new ObjectMapper().readTree(line));
        }
        return out;
    }

    @Test
    void eachLineDeclaresItsMetricsAndCarriesWhatGrewSinceTheLast() throws Exception {
        metrics.reconnects.add(3);
        metrics.framesIn.add(1_000);
        metrics.backpressureNanos.add(2_500_000_000L);
        metrics.bufferedBytes.set(4096);
        emf.report();
        metrics.reconnects.add(1);
        emf.report();

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(2);
        JsonNode first = lines.get(0);
        JsonNode aws = first.get("_aws");
        assertThat(aws.get("Timestamp").asLong()).isEqualTo(1_700_000_000_000L);
        JsonNode directive = aws.get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("Marketpipe/Forwarder");
        assertThat(directive.get("Dimensions").get(0).get(0).asText()).isEqualTo("Service");
        assertThat(first.get("Service").asText()).isEqualTo("ingest-source");
        List<String> declared = new ArrayList<>();
        directive
                .get("Metrics")
                .forEach(
                        m -> {
                            declared.add(m.get("Name").asText());
                            assertThat(first.has(m.get("Name").asText()))
                                    .as("a value for " + m.get("Name"))
                                    .isTrue();
                        });
        assertThat(declared)
                .contains(
                        "reconnects",
                        "unrecoverable_gaps",
                        "backpressure_ms",
                        "frames_in",
                        "buffered_bytes");
        assertThat(first.get("reconnects").asLong()).isEqualTo(3);
        assertThat(first.get("backpressure_ms").asLong()).isEqualTo(2_500);
        assertThat(first.get("buffered_bytes").asLong()).isEqualTo(4096);
        assertThat(lines.get(1).get("reconnects").asLong())
                .as("the growth, not the total")
                .isEqualTo(1);
        assertThat(lines.get(1).get("frames_in").asLong()).isZero();
    }

    @Test
    void closingReportsWhatIsLeft() throws Exception {
        metrics.gaps.add(2);
        emf.close();
        assertThat(lines().get(0).get("gaps").asLong()).isEqualTo(2);
    }

    @Test
    void refusesANamespaceCloudWatchWouldNot() {
        assertThatThrownBy(
                        () ->
                                new EmbeddedMetrics(
                                        metrics,
                                        "bad namespace\"",
                                        System.out,
                                        System::currentTimeMillis))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
