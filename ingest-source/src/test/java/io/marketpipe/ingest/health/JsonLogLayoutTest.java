package io.marketpipe.ingest.health;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.junit.jupiter.api.Test;

/** The forwarder's log configuration: one ECS JSON object per line on stdout. */
class JsonLogLayoutTest {
    @Test
    void logsOneEcsJsonObjectPerLine() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        LoggerContext context = new LoggerContext("forwarder-json-test");
        System.setOut(new PrintStream(captured, true, UTF_8));
        try {
            context.start(
                    new XmlConfiguration(
                            context,
                            ConfigurationSource.fromResource(
                                    "marketpipe-forwarder-log4j2.xml",
                                    getClass().getClassLoader())));
            context.getLogger("io.marketpipe.ingest.Forwarder")
                    .info("forwarded {} frames: \"quoted\"\nsecond line", 42);
            context.getLogger("io.marketpipe.ingest.Forwarder")
                    .error("put failed", new IllegalStateException("throttled"));
            context.getLogger("org.java_websocket.Noisy").info("below WARN: not logged");
        } finally {
            context.stop();
            System.setOut(original);
        }

        List<String> lines = captured.toString(UTF_8).lines().toList();
        assertThat(lines).hasSize(2).allMatch(l -> l.startsWith("{") && l.endsWith("}"));
        assertThat(lines.get(0))
                .contains("\"@timestamp\":\"")
                .contains("\"log.level\":\"INFO\"")
                .contains("\"log.logger\":\"io.marketpipe.ingest.Forwarder\"")
                .contains("\"message\":\"forwarded 42 frames: \\\"quoted\\\"\\nsecond line\"");
        assertThat(lines.get(1))
                .contains("\"log.level\":\"ERROR\"")
                .contains("\"error.type\":\"java.lang.IllegalStateException\"")
                .contains("\"error.message\":\"throttled\"")
                .contains("\"error.stack_trace\":\"");
    }
}
