package io.marketpipe.ingest.health;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.junit.jupiter.api.Test;

/**
 * The forwarder's shipped log configuration: stdout, one ECS JSON object per line. Events go
 * through the configured layout directly: console streams are shared JVM-wide, so capturing stdout
 * here would depend on which test logged first.
 */
class JsonLogLayoutTest {
    @Test
    void logsOneEcsJsonObjectPerLineToStdout() throws Exception {
        LoggerContext context = new LoggerContext("forwarder-json-test");
        XmlConfiguration config =
                new XmlConfiguration(
                        context,
                        ConfigurationSource.fromResource(
                                "marketpipe-forwarder-log4j2.xml", getClass().getClassLoader()));
        context.start(config);
        try {
            Appender appender = context.getConfiguration().getAppender("json");
            assertThat(appender).isInstanceOf(ConsoleAppender.class);
            assertThat(((ConsoleAppender) appender).getTarget())
                    .isEqualTo(ConsoleAppender.Target.SYSTEM_OUT);
            assertThat(context.getConfiguration().getRootLogger().getLevel()).isEqualTo(Level.INFO);
            assertThat(context.getConfiguration().getLoggerConfig("org.java_websocket").getLevel())
                    .isEqualTo(Level.WARN);

            Layout<?> layout = appender.getLayout();
            String info =
                    new String(
                            layout.toByteArray(
                                    Log4jLogEvent.newBuilder()
                                            .setLoggerName("io.marketpipe.ingest.Forwarder")
                                            .setLevel(Level.INFO)
                                            .setMessage(
                                                    new ParameterizedMessage(
                                                            "forwarded {} frames: \"quoted\"\nsecond line",
                                                            42))
                                            .build()),
                            UTF_8);
            String error =
                    new String(
                            layout.toByteArray(
                                    Log4jLogEvent.newBuilder()
                                            .setLoggerName("io.marketpipe.ingest.Forwarder")
                                            .setLevel(Level.ERROR)
                                            .setMessage(new ParameterizedMessage("put failed"))
                                            .setThrown(new IllegalStateException("throttled"))
                                            .build()),
                            UTF_8);

            for (String line : new String[] {info, error}) {
                assertThat(line).startsWith("{").endsWith("}\n");
                assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
            }
            assertThat(info)
                    .contains("\"@timestamp\":\"")
                    .contains("\"log.level\":\"INFO\"")
                    .contains("\"log.logger\":\"io.marketpipe.ingest.Forwarder\"")
                    .contains("\"message\":\"forwarded 42 frames: \\\"quoted\\\"\\nsecond line\"");
            assertThat(error)
                    .contains("\"log.level\":\"ERROR\"")
                    .contains("\"error.type\":\"java.lang.IllegalStateException\"")
                    .contains("\"error.message\":\"throttled\"")
                    .contains("\"error.stack_trace\":\"");
        } finally {
            context.stop();
        }
    }
}
