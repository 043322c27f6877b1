package io.marketpipe.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.ingest.ForwarderMetrics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** Every counter the forwarder keeps reaches /metrics through the Prometheus client. */
class PrometheusMetricsTest {

    @Test
    void everyCounterIsExportedWithItsValue() throws Exception {
        ForwarderMetrics m = new ForwarderMetrics();
        long value = 1;
        for (Field f : ForwarderMetrics.class.getFields()) {
            if (f.getType() == LongAdder.class && !Modifier.isStatic(f.getModifiers())) {
                ((LongAdder) f.get(m)).add(value++);
            }
        }
        m.framesIn("binance-json-0").add(7);
        m.bufferedBytes.set(512);

        String text = new PrometheusMetrics(m, 1024).render();

        for (ForwarderMetrics.Exported c : m.exported()) {
            assertThat(text)
                    .as(c.prometheus())
                    .contains(
                            "marketpipe_" + c.prometheus() + "_total " + c.adder().sum() + ".0\n");
        }
        assertThat(text)
                .contains("marketpipe_frames_received_total{feed=\"binance-json-0\"} 7.0\n")
                .contains("# TYPE marketpipe_kinesis_put_seconds summary\n")
                .contains("marketpipe_kinesis_put_seconds_count " + m.putCalls.sum() + "\n")
                .contains("marketpipe_backpressure_seconds_total ")
                .contains("marketpipe_buffer_bytes 512.0\n")
                .contains("marketpipe_buffer_fill_ratio 0.5\n");
    }

    @Test
    void everyLongAdderFieldIsExportedOnceOrByItsOwnShape() throws Exception {
        ForwarderMetrics m = new ForwarderMetrics();
        for (Field f : ForwarderMetrics.class.getFields()) {
            if (f.getType() != LongAdder.class) {
                continue;
            }
            LongAdder adder = (LongAdder) f.get(m);
            boolean plain = m.exported().stream().anyMatch(e -> e.adder() == adder);
            boolean ownShape =
                    adder == m.framesIn
                            || adder == m.putCalls
                            || adder == m.putNanos
                            || adder == m.backpressureNanos;
            assertThat(plain ^ ownShape).as(f.getName() + " is exported exactly one way").isTrue();
        }
    }
}
