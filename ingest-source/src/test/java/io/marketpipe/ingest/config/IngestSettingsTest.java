package io.marketpipe.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestSettingsTest {
    @Test
    void layersDefaultsThenFileThenEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("forwarder.properties");
        Files.writeString(
                file, "symbols=BTCUSDT,SOLUSDT\nkinesis.stream=from-file\nbatch.linger-ms=20\n");

        IngestSettings s =
                IngestSettings.load(
                        Optional.of(file),
                        Map.of(
                                "MARKETPIPE_KINESIS_STREAM",
                                "from-env",
                                "MARKETPIPE_BATCH_MAX_RECORD_BYTES",
                                "1024"));

        assertThat(s.list("symbols")).containsExactly("BTCUSDT", "SOLUSDT");
        assertThat(s.get("kinesis.stream")).isEqualTo("from-env");
        assertThat(s.number("batch.linger-ms")).isEqualTo(20);
        assertThat(s.number("batch.max-record-bytes")).isEqualTo(1024);
        assertThat(s.get("kinesis.region")).isEqualTo("us-east-1");
        assertThat(IngestSettings.envName("binance.sbe.enabled"))
                .isEqualTo("MARKETPIPE_BINANCE_SBE_ENABLED");
    }

    @Test
    void rejectsUnknownKeysAndSecretsInFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("forwarder.properties");
        Files.writeString(file, "kinesis.streem=x\nbinance.sbe.api-key=abc\nfinnhub.token=def\n");
        assertThatThrownBy(() -> IngestSettings.load(Optional.of(file), Map.of()))
                .hasMessageContaining("unknown key \"kinesis.streem\"")
                .hasMessageContaining("\"binance.sbe.api-key\": secrets come from the environment")
                .hasMessageContaining("\"finnhub.token\": secrets come from the environment")
                .satisfies(
                        e ->
                                assertThat(e.getMessage())
                                        .doesNotContain("abc")
                                        .doesNotContain("def"));
    }

    @Test
    void asksForAMissingSecretByItsVariableName() throws Exception {
        IngestSettings s = IngestSettings.load(Optional.empty(), Map.of());
        assertThatThrownBy(() -> s.secret(IngestSettings.BINANCE_KEY_ENV))
                .hasMessageStartingWith("BINANCE_API_KEY is not set");
    }

    @Test
    void tradeStreamsAreRequired() throws Exception {
        IngestSettings s =
                IngestSettings.load(
                        Optional.empty(),
                        Map.of("MARKETPIPE_BINANCE_JSON_STREAMS", "bookTicker,aggTrade"));
        assertThatThrownBy(() -> io.marketpipe.ingest.IngestApp.config(s, Optional.empty()))
                .hasMessageContaining("binance.json.streams must include trade");
        IngestSettings ok =
                IngestSettings.load(
                        Optional.empty(),
                        Map.of("MARKETPIPE_BINANCE_JSON_STREAMS", "trade,bookTicker"));
        assertThat(
                        io.marketpipe.ingest.IngestApp.config(ok, Optional.empty())
                                .feeds()
                                .get(0)
                                .uri()
                                .getQuery())
                .isEqualTo(
                        "streams=btcusdt@trade/btcusdt@bookTicker/ethusdt@trade/ethusdt@bookTicker");
    }

    @Test
    void symbolsFollowTheJobsRuleAndABadOneFailsTheStartNamingIt() throws Exception {
        IngestSettings unicode =
                IngestSettings.load(
                        Optional.empty(), Map.of("MARKETPIPE_SYMBOLS", "btcusdt,这是测试币456"));
        java.net.URI uri =
                io.marketpipe.ingest.IngestApp.config(unicode, Optional.empty())
                        .feeds()
                        .get(0)
                        .uri();
        assertThat(uri.getQuery()).isEqualTo("streams=btcusdt@trade/这是测试币456@trade");
        assertThat(uri.getRawQuery())
                .as("sent percent-encoded")
                .isEqualTo(
                        "streams=btcusdt@trade/%E8%BF%99%E6%98%AF%E6%B5%8B%E8%AF%95%E5%B8%81456@trade");
        IngestSettings fullwidth =
                IngestSettings.load(Optional.empty(), Map.of("MARKETPIPE_SYMBOLS", "BTCUSDT,ＥＴＨ"));
        assertThatThrownBy(() -> io.marketpipe.ingest.IngestApp.config(fullwidth, Optional.empty()))
                .hasMessageStartingWith("symbols: \"ＥＴＨ\" is not in NFKC form");
    }

    @Test
    void readmeTableListsEveryForwarderSetting() throws Exception {
        List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
        IngestSettings.KEYS.forEach(
                (key, spec) ->
                        assertThat(readme)
                                .as("README row for %s", key)
                                .anyMatch(
                                        line ->
                                                line.startsWith(
                                                        "| " + key + " | " + spec[0] + " |")));
    }
}
