package io.marketpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.health.EmbeddedMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The alarms watch metrics that exist, say so when data stops, and reach someone. Each alarm's
 * namespace, metric and dimension names are checked against what that namespace publishes (the AWS
 * documentation's metric tables, and the forwarder's own embedded-metric lines), since an alarm on
 * a metric with one dimension too few or too many matches no data and never fires.
 */
class AlarmsTest {
    /** What each AWS namespace publishes, metric to its dimension names, from AWS's pages. */
    private static final Map<String, Map<String, Set<String>>> PUBLISHED = new LinkedHashMap<>();

    private static void publishes(String namespace, Set<String> dimensions, String... metrics) {
        for (String m : metrics) {
            PUBLISHED.computeIfAbsent(namespace, k -> new LinkedHashMap<>()).put(m, dimensions);
        }
    }

    static {
        // docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html (stream level)
        publishes(
                "AWS/Kinesis",
                Set.of("StreamName"),
                "IncomingRecords",
                "IncomingBytes",
                "WriteProvisionedThroughputExceeded",
                "ReadProvisionedThroughputExceeded",
                "GetRecords.IteratorAgeMilliseconds",
                "GetRecords.Records",
                "PutRecords.SuccessfulRecords");
        publishes(
                "AWS/Kinesis",
                Set.of("StreamName", "ConsumerName"),
                "SubscribeToShard.MillisBehindLatest",
                "SubscribeToShardEvent.MillisBehindLatest");
        // docs.aws.amazon.com/managed-flink/latest/java/metrics-dimensions.html (application level)
        publishes(
                "AWS/KinesisAnalytics",
                Set.of("Application"),
                "uptime",
                "downtime",
                "fullRestarts",
                "numberOfFailedCheckpoints",
                "lastCheckpointDuration",
                "lastCheckpointSize",
                "cpuUtilization",
                "heapMemoryUtilization",
                "containerCPUUtilization",
                "containerMemoryUtilization",
                "threadsCount");
        // amazondynamodb/latest/developerguide/metrics-dimensions.html
        publishes(
                "AWS/DynamoDB",
                Set.of("TableName"),
                "WriteThrottleEvents",
                "ReadThrottleEvents",
                "ConsumedWriteCapacityUnits",
                "ConsumedReadCapacityUnits");
        publishes(
                "AWS/DynamoDB",
                Set.of("TableName", "Operation"),
                "ThrottledRequests",
                "SuccessfulRequestLatency",
                "SystemErrors");
        // firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
        publishes(
                "AWS/Firehose",
                Set.of("DeliveryStreamName"),
                "DeliveryToS3.DataFreshness",
                "DeliveryToS3.Success",
                "DeliveryToS3.Records",
                "IncomingRecords",
                "ThrottledRecords");
        // AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html (service level)
        publishes(
                "ECS/ContainerInsights",
                Set.of("ClusterName", "ServiceName"),
                "RunningTaskCount",
                "DesiredTaskCount",
                "PendingTaskCount",
                "CpuUtilized",
                "MemoryUtilized");
    }

    private static final String FORWARDER = "${var.forwarder_namespace}";

    /** One alarm's metric as the Terraform states it. */
    private record Watched(
            String alarm,
            String namespace,
            String metric,
            Set<String> dimensions,
            String missing) {}

    private static JsonNode monitoring() throws Exception {
        return Terraform.files().get("modules/monitoring/main.tf");
    }

    /** The forwarder's metric names and dimensions, read off one of its embedded-metric lines. */
    private static Map<String, Set<String>> forwarderPublishes() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            new EmbeddedMetrics(new ForwarderMetrics(), "Marketpipe/Forwarder", out, () -> 0L)
                    .report();
        }
        JsonNode line = new ObjectMapper().readTree(bytes.toString(StandardCharsets.UTF_8));
        JsonNode def = line.path("_aws").path("CloudWatchMetrics").get(0);
        Set<String> dims = new TreeSet<>();
        def.path("Dimensions").get(0).forEach(d -> dims.add(d.asText()));
        Map<String, Set<String>> out = new LinkedHashMap<>();
        def.path("Metrics").forEach(m -> out.put(m.path("Name").asText(), dims));
        return out;
    }

    /** Every metric an alarm of the monitoring module watches, by a metric name it states. */
    private static List<Watched> watched() throws Exception {
        JsonNode tf = monitoring();
        List<Watched> out = new ArrayList<>();
        JsonNode alarms = tf.path("locals").get(0).path("alarms");
        alarms.fields()
                .forEachRemaining(
                        e ->
                                out.add(
                                        new Watched(
                                                e.getKey(),
                                                e.getValue().path("namespace").asText(),
                                                e.getValue().path("metric").asText(),
                                                names(e.getValue().path("dimensions")),
                                                e.getValue().path("missing").asText())));
        tf.path("resource")
                .path("aws_cloudwatch_metric_alarm")
                .fields()
                .forEachRemaining(
                        e -> {
                            JsonNode a = e.getValue().get(0);
                            String missing = a.path("treat_missing_data").asText();
                            if (!a.path("metric_name").asText().startsWith("${")
                                    && a.has("metric_name")) {
                                out.add(
                                        new Watched(
                                                e.getKey(),
                                                a.path("namespace").asText(),
                                                a.path("metric_name").asText(),
                                                names(a.path("dimensions")),
                                                missing));
                            }
                            for (JsonNode q : a.path("metric_query")) {
                                JsonNode m = q.path("metric");
                                if (m.isArray() && m.size() > 0) {
                                    out.add(
                                            new Watched(
                                                    e.getKey(),
                                                    m.get(0).path("namespace").asText(),
                                                    m.get(0).path("metric_name").asText(),
                                                    names(m.get(0).path("dimensions")),
                                                    missing));
                                }
                            }
                        });
        return out;
    }

    private static Set<String> names(JsonNode dimensions) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = dimensions.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void everyAlarmWatchesAMetricItsNamespacePublishesWithExactlyThoseDimensions()
            throws Exception {
        Map<String, Set<String>> forwarder = forwarderPublishes();
        List<String> problems = new ArrayList<>();
        List<Watched> watched = watched();
        assertThat(watched).hasSizeGreaterThan(10);
        for (Watched w : watched) {
            Map<String, Set<String>> metrics =
                    w.namespace().equals(FORWARDER) ? forwarder : PUBLISHED.get(w.namespace());
            Set<String> dims = metrics == null ? null : metrics.get(w.metric());
            if (dims == null) {
                problems.add(w.alarm() + ": " + w.namespace() + " publishes no " + w.metric());
            } else if (!dims.equals(w.dimensions())) {
                problems.add(
                        w.alarm()
                                + ": "
                                + w.metric()
                                + " comes with dimensions "
                                + new TreeSet<>(dims)
                                + ", the alarm names "
                                + w.dimensions());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void tableThrottlesAreTheEventsATableHasNotThrottledRequestsWithoutAnOperation()
            throws Exception {
        String text = Terraform.text(java.nio.file.Path.of("modules/monitoring/main.tf"));
        JsonNode throttles =
                monitoring()
                        .path("resource")
                        .path("aws_cloudwatch_metric_alarm")
                        .path("table_throttles");
        assertThat(throttles.isMissingNode()).isFalse();
        String forEach = throttles.get(0).path("for_each").asText();
        assertThat(forEach).contains("WriteThrottleEvents").contains("ReadThrottleEvents");
        assertThat(text.replaceAll("(?m)#.*$", "")).doesNotContain("\"ThrottledRequests\"");
    }

    @Test
    void aCounterSinceStartIsAlarmedOnItsRateAndTheJobsLagOnItsOwnReader() throws Exception {
        JsonNode resources = monitoring().path("resource").path("aws_cloudwatch_metric_alarm");
        List<String> problems = new ArrayList<>();
        resources
                .fields()
                .forEachRemaining(
                        e -> {
                            JsonNode a = e.getValue().get(0);
                            boolean rated = false;
                            boolean counts = false;
                            for (JsonNode q : a.path("metric_query")) {
                                rated |= q.path("expression").asText().matches("(RATE|DIFF)\\(.*");
                                counts |=
                                        q.path("metric")
                                                .path(0)
                                                .path("metric_name")
                                                .asText()
                                                .matches("numberOfFailedCheckpoints|fullRestarts");
                            }
                            if (counts && !rated) {
                                problems.add(e.getKey() + " alarms on a count since start");
                            }
                        });
        for (Watched w : watched()) {
            if (w.metric().matches("numberOfFailedCheckpoints|fullRestarts")
                    && !resources.path(w.alarm()).path(0).has("metric_query")) {
                problems.add(w.alarm() + " alarms on " + w.metric() + " itself, not its rate");
            }
            if (w.metric().equals("GetRecords.IteratorAgeMilliseconds")) {
                problems.add(
                        w.alarm()
                                + ": the iterator age is the archive's when the job reads by"
                                + " fan-out; the job's lag is its millisBehindLatest");
            }
        }
        assertThat(problems).isEmpty();
        String lag =
                resources
                        .path("job_behind")
                        .path(0)
                        .path("metric_query")
                        .path(0)
                        .path("expression")
                        .asText();
        assertThat(lag).contains("millisBehindLatest").contains("\"AWS/KinesisAnalytics\"");
    }

    @Test
    void silenceAlarmsWhereSilenceIsTheFailure() throws Exception {
        List<Watched> watched = watched();
        for (String[] m :
                new String[][] {
                    {"AWS/Kinesis", "IncomingRecords"},
                    {"ECS/ContainerInsights", "RunningTaskCount"},
                    {"AWS/KinesisAnalytics", "uptime"},
                }) {
            assertThat(watched)
                    .as("an alarm on %s that treats missing data as breaching", m[1])
                    .anyMatch(
                            w ->
                                    w.namespace().equals(m[0])
                                            && w.metric().equals(m[1])
                                            && w.missing().equals("breaching"));
        }
        for (String metric :
                List.of(
                        "DeliveryToS3.DataFreshness",
                        "lastCheckpointDuration",
                        "heapMemoryUtilization",
                        "cpuUtilization")) {
            assertThat(watched)
                    .as("an alarm on " + metric)
                    .anyMatch(w -> w.metric().equals(metric));
        }
        // RunningTaskCount exists only with Container Insights on the cluster
        JsonNode cluster =
                Terraform.files()
                        .get("modules/ingest/main.tf")
                        .path("resource")
                        .path("aws_ecs_cluster")
                        .path("this")
                        .get(0);
        assertThat(cluster.path("setting").toString())
                .contains("containerInsights")
                .contains("enabled");
    }

    @Test
    void alarmsReachSomeoneThroughATopicCloudWatchMayUse() throws Exception {
        JsonNode tf = monitoring();
        JsonNode topic = tf.path("resource").path("aws_sns_topic").path("this").get(0);
        String key = topic.path("kms_master_key_id").asText();
        assertThat(key)
                .as("the AWS-managed alias/aws/sns key cannot let CloudWatch publish")
                .doesNotStartWith("alias/aws/")
                .startsWith("${aws_kms_key.");
        String keyPrefix = "${aws_kms_key.";
        String keyName = key.substring(keyPrefix.length(), key.indexOf('.', keyPrefix.length()));
        String policy =
                tf.path("resource")
                        .path("aws_kms_key")
                        .path(keyName)
                        .get(0)
                        .path("policy")
                        .asText();
        String doc =
                policy.substring(
                        "${data.aws_iam_policy_document.".length(), policy.lastIndexOf('.'));
        JsonNode statements =
                tf.path("data").path("aws_iam_policy_document").path(doc).get(0).path("statement");
        assertThat(statements.toString()).contains("cloudwatch.amazonaws.com");
        boolean grants = false;
        for (JsonNode s : statements) {
            if (s.path("principals").toString().contains("cloudwatch.amazonaws.com")) {
                grants =
                        s.path("actions").toString().contains("kms:GenerateDataKey")
                                && s.path("actions").toString().contains("kms:Decrypt");
            }
        }
        assertThat(grants).as("the key lets CloudWatch make and read data keys").isTrue();
        JsonNode topicPolicy = tf.path("resource").path("aws_sns_topic_policy").path("this");
        assertThat(topicPolicy.isMissingNode()).as("a topic policy").isFalse();
        String topicDoc = topicPolicy.get(0).path("policy").asText();
        String topicDocName =
                topicDoc.substring(
                        "${data.aws_iam_policy_document.".length(), topicDoc.lastIndexOf('.'));
        String publish =
                tf.path("data").path("aws_iam_policy_document").path(topicDocName).toString();
        assertThat(publish).contains("sns:Publish").contains("cloudwatch.amazonaws.com");
        // the subscription is documented and output
        JsonNode outputs = Terraform.files().get("stack/outputs.tf").path("output");
        assertThat(outputs.has("alarm_topic_arn")).isTrue();
        assertThat(
                        Terraform.files()
                                .get("stack/variables.tf")
                                .path("variable")
                                .path("alarm_email")
                                .get(0)
                                .path("description")
                                .asText())
                .isNotBlank();
    }
}
