package io.marketpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Least privilege that is also enough: the actions each role grants are exactly the API calls its
 * code makes, on the right resources of the stack (followed through the wiring, not matched by
 * variable name), and the S3, KMS and Logs grants exactly the ones listed with why. The calls come
 * from the compiled code itself ({@link SdkCalls} reads every SDK client method reference in the
 * connector jars, the job and the forwarder); the few the job's configuration never reaches are
 * listed below with why.
 */
class PolicyTest {
    private static final String RAW = "modules/streaming/aws_kinesis_stream.raw";
    private static final String CONSUMER = "modules/streaming/aws_kinesis_stream_consumer.job";
    private static final String QUARANTINE = "modules/streaming/aws_kinesis_stream.quarantine";
    private static final String TABLES = "modules/storage/aws_dynamodb_table.this";
    private static final String FIREHOSE =
            "modules/delivery/aws_kinesis_firehose_delivery_stream.job";
    private static final String LAKE = "modules/storage/aws_s3_bucket.this[lake]";

    /** The tables the job writes conditionally. */
    private static final Set<String> CONDITIONAL =
            Set.of(
                    TABLES + "[latest-price]",
                    TABLES + "[top-of-book]",
                    TABLES + "[positions]",
                    TABLES + "[signals]");

    private static final Set<String> STACK_KEYS =
            Set.of("modules/streaming/aws_kms_key.this", "modules/storage/aws_kms_key.this");
    private static final String ARTIFACTS = "modules/storage/aws_s3_bucket.this[artifacts]";

    /**
     * What the job calls, and on which resource of the stack (followed through the wiring by {@link
     * Arns}, so a right name wired to the wrong resource fails): the polling source
     * (KinesisStreamProxy), the EFO consumer with a consumer registered by Terraform (KinesisProxy
     * for shards, KinesisProxySyncV2 to describe, KinesisProxyAsyncV2 to subscribe), the quarantine
     * sink, the bars sink, and the job's own conditional writes.
     */
    private static final Map<String, Set<String>> JOB =
            Map.ofEntries(
                    Map.entry("kinesis:ListShards", Set.of(RAW)),
                    Map.entry("kinesis:GetShardIterator", Set.of(RAW)),
                    Map.entry("kinesis:GetRecords", Set.of(RAW)),
                    Map.entry("kinesis:DescribeStream", Set.of(RAW)),
                    Map.entry("kinesis:DescribeStreamSummary", Set.of(RAW)),
                    Map.entry("kinesis:DescribeStreamConsumer", Set.of(CONSUMER)),
                    Map.entry("kinesis:SubscribeToShard", Set.of(CONSUMER)),
                    Map.entry("kinesis:PutRecords", Set.of(QUARANTINE)),
                    Map.entry("dynamodb:BatchWriteItem", Set.of(TABLES + "[bars]")),
                    Map.entry("dynamodb:PutItem", CONDITIONAL),
                    Map.entry("dynamodb:PartiQLUpdate", CONDITIONAL),
                    Map.entry("firehose:PutRecordBatch", Set.of(FIREHOSE)));

    /**
     * The job's S3, KMS and Logs grants, which no SDK client in its jars shows (Managed Flink reads
     * the jar and writes the logs itself; the lake goes through Flink's S3 file system): the jar by
     * object version; the lake's objects under the prefix, written by multipart upload, listed to
     * recover uploads in flight at a restore and deleted by compaction; both stream keys and the
     * lake key; and the job's log group, found by name.
     */
    private static final Map<String, Set<String>> JOB_PLATFORM =
            Map.ofEntries(
                    Map.entry("s3:GetObject", Set.of(ARTIFACTS, LAKE)),
                    Map.entry("s3:GetObjectVersion", Set.of(ARTIFACTS)),
                    Map.entry("s3:PutObject", Set.of(LAKE)),
                    Map.entry("s3:DeleteObject", Set.of(LAKE)),
                    Map.entry("s3:AbortMultipartUpload", Set.of(LAKE)),
                    Map.entry("s3:ListMultipartUploadParts", Set.of(LAKE)),
                    Map.entry("s3:ListBucket", Set.of(LAKE)),
                    Map.entry("s3:ListBucketMultipartUploads", Set.of(LAKE)),
                    Map.entry("kms:Decrypt", STACK_KEYS),
                    Map.entry("kms:GenerateDataKey", STACK_KEYS),
                    Map.entry(
                            "logs:DescribeLogStreams",
                            Set.of("modules/flink-app/aws_cloudwatch_log_group.this")),
                    Map.entry(
                            "logs:PutLogEvents",
                            Set.of("modules/flink-app/aws_cloudwatch_log_group.this")),
                    Map.entry(
                            "logs:DescribeLogGroups",
                            Set.of(
                                    "arn:aws:logs:${data.aws_region.current.region}:"
                                            + "${data.aws_caller_identity.current.account_id}"
                                            + ":log-group:*")));

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
                    "kinesis:ListShards", Set.of(RAW),
                    "kinesis:PutRecords", Set.of(RAW),
                    // the tail read at start (RawStreamTail)
                    "kinesis:GetShardIterator", Set.of(RAW),
                    "kinesis:GetRecords", Set.of(RAW));

    /** The forwarder's key grants: the raw stream's key, to put encrypted and read the tail. */
    private static final Map<String, Set<String>> FORWARDER_PLATFORM =
            Map.of(
                    "kms:GenerateDataKey", Set.of("modules/streaming/aws_kms_key.this"),
                    "kms:Decrypt", Set.of("modules/streaming/aws_kms_key.this"));

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

    /** Every action a role policy document grants, with the stack resources it reaches. */
    private static Map<String, Set<String>> granted(String module, String document)
            throws Exception {
        Map<String, Set<String>> granted = new TreeMap<>();
        for (PolicyResourcesTest.Grant g : PolicyResourcesTest.roleGrants()) {
            if (g.module.equals(module) && g.document.equals(document)) {
                for (Arns.Target t : Arns.resolve(g.module, g.resource)) {
                    granted.computeIfAbsent(g.action, k -> new TreeSet<>()).add(t.address);
                }
            }
        }
        assertThat(granted).as(module + " policy " + document).isNotEmpty();
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
        Map<String, Set<String>> expected = new TreeMap<>(JOB);
        expected.putAll(JOB_PLATFORM);
        assertThat(granted("modules/flink-app", "job")).isEqualTo(expected);
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
        Map<String, Set<String>> expected = new TreeMap<>(FORWARDER);
        expected.putAll(FORWARDER_PLATFORM);
        assertThat(granted("modules/ingest", "task")).isEqualTo(expected);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
