package io.marketpipe.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {
    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void appliesDefaultsForKeysNotGiven() {
        JobConfig config =
                JobConfig.fromPropertyGroups(
                        Map.of(JobConfig.SOURCE, props("kinesis.stream.arn", "arn:x")));
        assertThat(config.get(JobConfig.SOURCE, "kinesis.initial.position")).isEqualTo("LATEST");
        assertThat(config.barIntervals()).extracting(Object::toString).containsExactly("1m");
        assertThat(config.optional(JobConfig.SINKS, "lake.path")).isEmpty();
        assertThat(config.aws().connectorProperties(true))
                .containsEntry("aws.credentials.provider", "AUTO")
                .doesNotContainKey("aws.endpoint");
    }

    @Test
    void rejectsUnknownGroupsAndKeysInOneMessage() {
        assertThatThrownBy(
                        () ->
                                JobConfig.fromPropertyGroups(
                                        Map.of(
                                                "sink",
                                                props("x", "1"),
                                                JobConfig.BARS,
                                                props("interval", "1m"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown property group \"sink\"")
                .hasMessageContaining("unknown key \"interval\" in group \"bars\"");
    }

    @Test
    void rejectsBadValuesEarly() {
        assertThatThrownBy(
                        () ->
                                JobConfig.fromPropertyGroups(
                                        Map.of(JobConfig.BARS, props("intervals", "1m,7x"))))
                .hasMessageContaining("7x");
        assertThatThrownBy(
                        () ->
                                JobConfig.fromPropertyGroups(
                                        Map.of(
                                                JobConfig.SOURCE,
                                                props("kinesis.initial.position", "EARLIEST"))))
                .hasMessageContaining("LATEST or TRIM_HORIZON");
        assertThatThrownBy(
                        () ->
                                JobConfig.fromPropertyGroups(
                                        Map.of(
                                                JobConfig.AWS,
                                                props("credentials.access-key-id", "k"))))
                .hasMessageContaining("go together");
        assertThatThrownBy(
                        () ->
                                JobConfig.fromPropertyGroups(
                                        Map.of(JobConfig.BARS, props("allowed-lateness.ms", "-5"))))
                .hasMessageContaining("allowed-lateness.ms");
    }

    @Test
    void readsManagedFlinkShapedJsonFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("props.json");
        Files.writeString(
                file,
                "[{\"PropertyGroupId\":\"source\",\"PropertyMap\":{\"kinesis.stream.arn\":\"arn:aws:kinesis:eu-west-1:1:stream/raw\"}},"
                        + "{\"PropertyGroupId\":\"bars\",\"PropertyMap\":{\"intervals\":\"1s,1m,5m\"}}]");
        JobConfig config = JobConfig.fromPropertyGroups(PropertyGroupsFile.read(file));
        assertThat(config.required(JobConfig.SOURCE, "kinesis.stream.arn")).endsWith("stream/raw");
        assertThat(config.barIntervals())
                .extracting(Object::toString)
                .containsExactly("1s", "1m", "5m");
    }

    @Test
    void kinesisReaderIsPollingOrEfo() {
        Properties source = new Properties();
        source.setProperty("kinesis.reader", "EFO");
        assertThat(
                        JobConfig.fromPropertyGroups(Map.of(JobConfig.SOURCE, source))
                                .get(JobConfig.SOURCE, "kinesis.reader"))
                .isEqualTo("EFO");
        source.setProperty("kinesis.reader", "fanout");
        assertThatThrownBy(() -> JobConfig.fromPropertyGroups(Map.of(JobConfig.SOURCE, source)))
                .hasMessageContaining("kinesis.reader must be POLLING or EFO, was fanout");
    }

    @Test
    void readmeTableListsEveryKeyWithItsDefault() throws Exception {
        List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
        JobConfig.KEYS.forEach(
                (group, keys) ->
                        keys.forEach(
                                (key, spec) -> {
                                    String row =
                                            "| " + group + " | " + key + " | " + spec[0] + " |";
                                    assertThat(readme)
                                            .as("README row for %s/%s", group, key)
                                            .anyMatch(
                                                    line ->
                                                            line.replace("|  |", "| |")
                                                                    .startsWith(
                                                                            row.replace(
                                                                                    "|  |",
                                                                                    "| |")));
                                }));
    }
}
