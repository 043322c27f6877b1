package io.marketpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Least privilege that is also enough: the Kinesis, DynamoDB and Firehose actions each role grants
 * are exactly the API calls its code makes, on the right resources. The calls come from the
 * compiled code itself ({@link SdkCalls} reads every SDK client method reference in the connector
 * jars, the job and the forwarder); the few the job's configuration never reaches are listed below
 * with why.
 */
class PolicyTest {
    /**
     * What the job calls, and on which resource (a Terraform variable of the flink-app module): the
     * polling source (KinesisStreamProxy), the EFO consumer with a consumer registered by Terraform
     * (KinesisProxy for shards, KinesisProxySyncV2 to describe, KinesisProxyAsyncV2 to subscribe),
     * the quarantine sink, the bars sink, and the job's own conditional writes.
     */
    private static final Map<String, Set<String>> JOB =
            Map.ofEntries(
                    Map.entry("kinesis:ListShards", Set.of("raw_stream_arn")),
                    Map.entry("kinesis:GetShardIterator", Set.of("raw_stream_arn")),
                    Map.entry("kinesis:GetRecords", Set.of("raw_stream_arn")),
                    Map.entry("kinesis:DescribeStream", Set.of("raw_stream_arn")),
                    Map.entry("kinesis:DescribeStreamSummary", Set.of("raw_stream_arn")),
                    Map.entry("kinesis:DescribeStreamConsumer", Set.of("efo_consumer_arn")),
                    Map.entry("kinesis:SubscribeToShard", Set.of("efo_consumer_arn")),
                    Map.entry("kinesis:PutRecords", Set.of("quarantine_stream_arn")),
                    Map.entry("dynamodb:BatchWriteItem", Set.of("batch_table_arns")),
                    Map.entry("dynamodb:PutItem", Set.of("conditional_table_arns")),
                    Map.entry("dynamodb:PartiQLUpdate", Set.of("conditional_table_arns")),
                    Map.entry("firehose:PutRecordBatch", Set.of("firehose_stream_arns")));

    /** Calls the connectors can make that this deployment never does, and why. */
    private static final Map<String, String> NOT_GRANTED =
            Map.of(
                    "kinesis:RegisterStreamConsumer",
                    "Terraform registers the consumer (source / kinesis.efo.consumer.arn): the job"
                            + " registers nothing",
                    "kinesis:DeregisterStreamConsumer",
                    "likewise: the consumer outlives the job");

    /** What the forwarder calls: the shard map at start, then PutRecords. */
    private static final Map<String, Set<String>> FORWARDER =
            Map.of(
                    "kinesis:ListShards", Set.of("raw_stream_arn"),
                    "kinesis:PutRecords", Set.of("raw_stream_arn"),
                    // the tail read at start (RawStreamTail)
                    "kinesis:GetShardIterator", Set.of("raw_stream_arn"),
                    "kinesis:GetRecords", Set.of("raw_stream_arn"));

    static Path jarOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Map<String, Set<String>> calls(Class<?>... inJarsOf) throws Exception {
        Map<String, Set<String>> calls = new TreeMap<>();
        for (Class<?> c : inJarsOf) {
            SdkCalls.in(jarOf(c))
                    .forEach((a, by) -> calls.computeIfAbsent(a, k -> new TreeSet<>()).addAll(by));
        }
        // IAM has no action for a PartiQL batch: it authorizes each statement by its kind, and the
        // job's batches hold only UPDATEs (DynamoLatestPriceStore, DynamoPositionStore)
        Set<String> partiql = calls.remove("dynamodb:BatchExecuteStatement");
        if (partiql != null) {
            calls.computeIfAbsent("dynamodb:PartiQLUpdate", k -> new TreeSet<>()).addAll(partiql);
        }
        return calls;
    }

    /** Service actions (not S3, KMS or Logs) a policy document grants, with their resources. */
    private static Map<String, Set<String>> granted(String module, String document)
            throws Exception {
        JsonNode doc = null;
        for (JsonNode file : Terraform.modules().get(module)) {
            JsonNode d = file.path("data").path("aws_iam_policy_document").path(document);
            if (!d.isMissingNode()) {
                doc = d.isArray() ? d.get(0) : d;
            }
        }
        assertThat(doc).as(module + " policy " + document).isNotNull();
        Map<String, Set<String>> granted = new TreeMap<>();
        java.util.List<JsonNode> statements = new java.util.ArrayList<>();
        doc.path("statement").forEach(statements::add);
        doc.path("dynamic")
                .path("statement")
                .forEach(d -> d.path("content").forEach(statements::add));
        for (JsonNode statement : statements) {
            String resources = statement.path("resources").toString();
            for (JsonNode action : statement.path("actions")) {
                String a = action.asText();
                if (a.startsWith("kinesis:")
                        || a.startsWith("dynamodb:")
                        || a.startsWith("firehose:")) {
                    Set<String> vars = new TreeSet<>();
                    java.util.regex.Matcher m =
                            java.util.regex.Pattern.compile("var\\.([a-z_]+)").matcher(resources);
                    while (m.find()) {
                        vars.add(m.group(1));
                    }
                    granted.computeIfAbsent(a, k -> new TreeSet<>()).addAll(vars);
                }
            }
        }
        return granted;
    }

    @Test
    void theJobRoleGrantsExactlyTheCallsTheJobMakesOnTheirResources() throws Exception {
        Map<String, Set<String>> possible =
                calls(
                        org.apache.flink.connector.kinesis.source.KinesisStreamsSource.class,
                        org.apache.flink.connector.dynamodb.sink.DynamoDbSink.class,
                        org.apache.flink.connector.firehose.sink.KinesisFirehoseSink.class,
                        io.marketpipe.job.Pipeline.class);
        assertThat(possible.keySet())
                .as("every call granted is one the code can make")
                .containsAll(JOB.keySet())
                .as("every call the code can make is granted or ruled out with a reason")
                .containsOnlyElementsOf(union(JOB.keySet(), NOT_GRANTED.keySet()));
        assertThat(granted("modules/flink-app", "job")).isEqualTo(new TreeMap<>(JOB));
    }

    @Test
    void theJobsOwnCallsAreAllGranted() throws Exception {
        Map<String, Set<String>> own = calls(io.marketpipe.job.Pipeline.class);
        assertThat(own).as("the job's own SDK calls").isNotEmpty();
        assertThat(JOB.keySet()).containsAll(own.keySet());
    }

    @Test
    void theForwarderMayOnlyPutToAndReadTheRawStream() throws Exception {
        assertThat(calls(io.marketpipe.ingest.IngestApp.class).keySet())
                .isEqualTo(FORWARDER.keySet());
        assertThat(granted("modules/ingest", "task")).isEqualTo(new TreeMap<>(FORWARDER));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
