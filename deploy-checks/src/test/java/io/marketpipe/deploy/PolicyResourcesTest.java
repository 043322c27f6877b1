package io.marketpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every action a role is granted is granted on resources of the type AWS authorizes that action on,
 * with each resource followed through the stack's wiring to what it is ({@link Arns}). A grant
 * whose ARN is of another shape is silently never used: the call is denied on the account, and no
 * offline check of names sees it.
 */
class PolicyResourcesTest {
    /**
     * The resource type each granted action is authorized on, from the IAM Service Authorization
     * Reference ("Actions, resources, and condition keys" of each service); "*" where the action
     * takes no resource.
     */
    private static final Map<String, String> AUTHORIZED_ON =
            Map.ofEntries(
                    Map.entry("kinesis:DescribeStream", "kinesis:stream"),
                    Map.entry("kinesis:DescribeStreamSummary", "kinesis:stream"),
                    Map.entry("kinesis:ListShards", "kinesis:stream"),
                    Map.entry("kinesis:GetShardIterator", "kinesis:stream"),
                    Map.entry("kinesis:GetRecords", "kinesis:stream"),
                    Map.entry("kinesis:PutRecords", "kinesis:stream"),
                    Map.entry("kinesis:DescribeStreamConsumer", "kinesis:consumer"),
                    Map.entry("kinesis:SubscribeToShard", "kinesis:consumer"),
                    Map.entry("dynamodb:BatchWriteItem", "dynamodb:table"),
                    Map.entry("dynamodb:PutItem", "dynamodb:table"),
                    Map.entry("dynamodb:PartiQLUpdate", "dynamodb:table"),
                    Map.entry("firehose:PutRecordBatch", "firehose:deliverystream"),
                    Map.entry("s3:GetObject", "s3:object"),
                    Map.entry("s3:GetObjectVersion", "s3:object"),
                    Map.entry("s3:PutObject", "s3:object"),
                    Map.entry("s3:DeleteObject", "s3:object"),
                    Map.entry("s3:AbortMultipartUpload", "s3:object"),
                    Map.entry("s3:ListMultipartUploadParts", "s3:object"),
                    Map.entry("s3:ListBucket", "s3:bucket"),
                    Map.entry("s3:ListBucketMultipartUploads", "s3:bucket"),
                    Map.entry("s3:GetBucketLocation", "s3:bucket"),
                    Map.entry("kms:Decrypt", "kms:key"),
                    Map.entry("kms:GenerateDataKey", "kms:key"),
                    Map.entry("logs:DescribeLogGroups", "logs:log-group"),
                    Map.entry("logs:DescribeLogStreams", "logs:log-group"),
                    Map.entry("logs:CreateLogStream", "logs:log-group"),
                    Map.entry("logs:PutLogEvents", "logs:log-stream"),
                    Map.entry("ecr:BatchGetImage", "ecr:repository"),
                    Map.entry("ecr:GetDownloadUrlForLayer", "ecr:repository"),
                    Map.entry("ecr:GetAuthorizationToken", "*"),
                    Map.entry("secretsmanager:GetSecretValue", "secretsmanager:secret"));

    private static final Pattern DOCUMENT =
            Pattern.compile("data\\.aws_iam_policy_document\\.(\\w+)\\.json");

    /** A granted action and the resource expression it is granted on, in its module. */
    static final class Grant {
        final String module;
        final String document;
        final String action;
        final String resource;

        Grant(String module, String document, String action, String resource) {
            this.module = module;
            this.document = document;
            this.action = action;
            this.resource = resource;
        }

        @Override
        public String toString() {
            return module + " " + document + ": " + action + " on " + resource;
        }
    }

    /**
     * Every grant of every policy a role is given (aws_iam_role_policy), statements and dynamic.
     */
    static List<Grant> roleGrants() throws Exception {
        List<Grant> grants = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> module : Terraform.modules().entrySet()) {
            for (JsonNode file : module.getValue()) {
                for (JsonNode byName :
                        (Iterable<JsonNode>)
                                file.path("resource").path("aws_iam_role_policy")::elements) {
                    Matcher m = DOCUMENT.matcher(byName.get(0).path("policy").asText());
                    assertThat(m.find()).as(module.getKey() + " role policy document").isTrue();
                    grants(module.getKey(), m.group(1), grants);
                }
            }
        }
        return grants;
    }

    private static void grants(String module, String document, List<Grant> out) throws Exception {
        JsonNode doc = null;
        for (JsonNode file : Terraform.modules().get(module)) {
            JsonNode d = file.path("data").path("aws_iam_policy_document").path(document);
            if (!d.isMissingNode()) {
                doc = d.get(0);
            }
        }
        assertThat(doc).as(module + " policy " + document).isNotNull();
        List<JsonNode> statements = new ArrayList<>();
        doc.path("statement").forEach(statements::add);
        doc.path("dynamic")
                .path("statement")
                .forEach(d -> d.path("content").forEach(statements::add));
        for (JsonNode st : statements) {
            assertThat(st.path("effect").asText("Allow")).isEqualTo("Allow");
            List<String> resources = new ArrayList<>();
            JsonNode r = st.path("resources");
            if (r.isArray()) {
                r.forEach(x -> resources.add(x.asText()));
            } else {
                resources.add(r.asText());
            }
            for (JsonNode action : st.path("actions")) {
                for (String resource : resources) {
                    out.add(new Grant(module, document, action.asText(), resource));
                }
            }
        }
    }

    @Test
    void everyGrantIsOnAResourceOfTheTypeItsActionIsAuthorizedOn() throws Exception {
        List<Grant> grants = roleGrants();
        assertThat(grants).as("grants of the four roles").hasSizeGreaterThan(30);
        List<String> problems = new ArrayList<>();
        for (Grant g : grants) {
            String type = AUTHORIZED_ON.get(g.action);
            if (type == null) {
                problems.add(g + ": no authorized resource type known; add it from the reference");
                continue;
            }
            for (Arns.Target t : Arns.resolve(g.module, g.resource)) {
                if (!t.shapes.contains(type)) {
                    problems.add(g + " reaches " + t + ", not a " + type);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theShapesAreReadFromTheWiringNotTheNames() throws Exception {
        // a variable called a stream's ARN that the stack fills with a consumer's is a consumer
        List<Arns.Target> consumer = Arns.resolve("modules/flink-app", "${var.efo_consumer_arn}");
        assertThat(consumer).hasSize(1);
        assertThat(consumer.get(0).address)
                .isEqualTo("modules/streaming/aws_kinesis_stream_consumer.job");
        assertThat(consumer.get(0).shapes).containsExactly("kinesis:consumer");
        List<Arns.Target> objects =
                Arns.resolve("modules/flink-app", "${var.lake_bucket_arn}/${var.lake_prefix}/*");
        assertThat(objects.get(0).address).isEqualTo("modules/storage/aws_s3_bucket.this[lake]");
        assertThat(objects.get(0).shapes).containsExactly("s3:object");
        assertThat(Arns.resolve("modules/flink-app", "${var.lake_bucket_arn}").get(0).shapes)
                .containsExactly("s3:bucket");
        // a log group's ARN without ":*" does not reach its streams
        assertThat(
                        Arns.resolve("modules/flink-app", "${aws_cloudwatch_log_group.this.arn}")
                                .get(0)
                                .shapes)
                .containsExactly("logs:log-group");
        assertThat(Arns.resolve("modules/flink-app", "${var.kms_key_arns}"))
                .extracting(t -> t.address)
                .containsExactly(
                        "modules/streaming/aws_kms_key.this", "modules/storage/aws_kms_key.this");
    }
}
