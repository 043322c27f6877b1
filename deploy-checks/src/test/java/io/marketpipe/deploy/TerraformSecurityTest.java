package io.marketpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The security baseline: encryption at rest everywhere (streams, buckets, tables, logs, topics,
 * images, secrets, Firehose, Athena results), point-in-time recovery, public access blocked, TLS
 * only, no wildcard action or resource without a comment saying why AWS needs it, and secrets only
 * from Secrets Manager.
 */
class TerraformSecurityTest {
    private static final Pattern WILDCARD = Pattern.compile("\"(\\*|[a-z0-9-]+:\\*)\"");

    private final List<String> problems = new ArrayList<>();

    private interface Check {
        void check(String where, JsonNode body);
    }

    private void each(String type, Check check) throws Exception {
        for (Map.Entry<String, List<JsonNode>> module : Terraform.modules().entrySet()) {
            Terraform.resources(
                    module.getValue(),
                    "resource",
                    (t, name, body) -> {
                        if (t.equals(type)) {
                            check.check(module.getKey() + " " + t + "." + name, body);
                        }
                    });
        }
    }

    private void require(boolean ok, String where, String what) {
        if (!ok) {
            problems.add(where + ": " + what);
        }
    }

    private static JsonNode block(JsonNode body, String name) {
        JsonNode b = body.path(name);
        return b.isArray() && b.size() > 0 ? b.get(0) : b;
    }

    @Test
    void everythingIsEncryptedAtRest() throws Exception {
        each(
                "aws_kinesis_stream",
                (w, b) -> {
                    require(
                            b.path("encryption_type").asText().equals("KMS"),
                            w,
                            "encryption_type KMS");
                    require(b.has("kms_key_id"), w, "a customer key");
                });
        each(
                "aws_s3_bucket_server_side_encryption_configuration",
                (w, b) ->
                        require(
                                block(block(b, "rule"), "apply_server_side_encryption_by_default")
                                        .path("sse_algorithm")
                                        .asText()
                                        .equals("aws:kms"),
                                w,
                                "SSE-KMS"));
        each(
                "aws_dynamodb_table",
                (w, b) -> {
                    require(
                            block(b, "server_side_encryption").path("enabled").asBoolean(),
                            w,
                            "SSE");
                    require(
                            block(b, "server_side_encryption").has("kms_key_arn"),
                            w,
                            "a customer key");
                    require(
                            block(b, "point_in_time_recovery").path("enabled").asBoolean(),
                            w,
                            "PITR");
                });
        each("aws_cloudwatch_log_group", (w, b) -> require(b.has("kms_key_id"), w, "a KMS key"));
        each("aws_sns_topic", (w, b) -> require(b.has("kms_master_key_id"), w, "a KMS key"));
        each("aws_secretsmanager_secret", (w, b) -> require(b.has("kms_key_id"), w, "a KMS key"));
        each(
                "aws_ecr_repository",
                (w, b) ->
                        require(
                                block(b, "encryption_configuration")
                                        .path("encryption_type")
                                        .asText()
                                        .equals("KMS"),
                                w,
                                "KMS"));
        each(
                "aws_kinesis_firehose_delivery_stream",
                (w, b) ->
                        require(
                                block(b, "extended_s3_configuration").has("kms_key_arn"),
                                w,
                                "SSE-KMS output"));
        each(
                "aws_athena_workgroup",
                (w, b) -> {
                    JsonNode c = block(b, "configuration");
                    require(
                            c.path("enforce_workgroup_configuration").asBoolean(),
                            w,
                            "enforced settings");
                    require(
                            block(block(c, "result_configuration"), "encryption_configuration")
                                    .path("encryption_option")
                                    .asText()
                                    .equals("SSE_KMS"),
                            w,
                            "SSE_KMS results");
                });
        each(
                "aws_kms_key",
                (w, b) -> require(b.path("enable_key_rotation").asBoolean(), w, "key rotation"));
        assertThat(problems).isEmpty();
    }

    @Test
    void bucketsArePrivateVersionedAndTlsOnly() throws Exception {
        List<String> buckets = new ArrayList<>();
        each("aws_s3_bucket", (w, b) -> buckets.add(w));
        assertThat(buckets).isNotEmpty();
        each(
                "aws_s3_bucket_public_access_block",
                (w, b) -> {
                    for (String flag :
                            List.of(
                                    "block_public_acls",
                                    "block_public_policy",
                                    "ignore_public_acls",
                                    "restrict_public_buckets")) {
                        require(b.path(flag).asBoolean(), w, flag);
                    }
                });
        each(
                "aws_s3_bucket_versioning",
                (w, b) ->
                        require(
                                block(b, "versioning_configuration")
                                        .path("status")
                                        .asText()
                                        .equals("Enabled"),
                                w,
                                "versioning"));
        String storage = Terraform.text(Path.of("modules/storage/main.tf"));
        assertThat(storage)
                .as("a deny of every request without TLS")
                .contains("aws:SecureTransport")
                .contains("effect  = \"Deny\"")
                .contains("aws_s3_bucket_policy")
                .contains("aws_s3_bucket_lifecycle_configuration");
        // every bucket resource has each control, by the same for_each
        for (String control :
                List.of(
                        "aws_s3_bucket_public_access_block",
                        "aws_s3_bucket_server_side_encryption_configuration",
                        "aws_s3_bucket_versioning",
                        "aws_s3_bucket_policy",
                        "aws_s3_bucket_ownership_controls",
                        "aws_s3_bucket_lifecycle_configuration")) {
            assertThat(storage)
                    .containsPattern(
                            "resource \""
                                    + control
                                    + "\" \"this\" \\{\\s+for_each\\s+= local\\.buckets");
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void noWildcardWithoutAReasonInAComment() throws Exception {
        try (Stream<Path> files = Files.walk(Terraform.DIR)) {
            for (Path file :
                    (Iterable<Path>) files.filter(p -> p.toString().endsWith(".tf"))::iterator) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (WILDCARD.matcher(line).find() && !line.contains("#")) {
                        problems.add(
                                Terraform.DIR.relativize(file)
                                        + ":"
                                        + (i + 1)
                                        + ": "
                                        + line.trim());
                    }
                }
            }
        }
        assertThat(problems).as("a wildcard needs a comment saying why AWS requires it").isEmpty();
    }

    /**
     * An AWS-managed key's policy cannot be changed, so no other service may use it: CloudWatch
     * cannot publish to a topic under alias/aws/sns, nor a service read a stream or bucket under
     * one on another's behalf. Every key argument names a customer key of the stack.
     */
    @Test
    void everyKeyArgumentIsACustomerKeyNeverAnAwsManagedOne() throws Exception {
        Pattern keyArgument = Pattern.compile("kms_key_id|kms_key_arn|kms_master_key_id|key_arn");
        List<String> keyed = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> module : Terraform.modules().entrySet()) {
            List<String> strings = new ArrayList<>();
            module.getValue().forEach(f -> Terraform.strings(f, strings));
            for (String text : strings) {
                require(
                        !text.contains("alias/aws/"),
                        module.getKey(),
                        "no AWS-managed key (" + text + ")");
            }
            Terraform.resources(
                    module.getValue(),
                    "resource",
                    (type, name, body) ->
                            walkKeys(
                                    module.getKey() + " " + type + "." + name,
                                    body,
                                    keyArgument,
                                    keyed));
        }
        assertThat(keyed).as("key arguments found").hasSizeGreaterThan(8);
        assertThat(problems).isEmpty();
    }

    private void walkKeys(String where, JsonNode node, Pattern keyArgument, List<String> keyed) {
        node.fields()
                .forEachRemaining(
                        f -> {
                            if (f.getValue().isTextual()
                                    && keyArgument.matcher(f.getKey()).matches()) {
                                String v = f.getValue().asText();
                                keyed.add(where + "." + f.getKey());
                                require(
                                        v.startsWith("${aws_kms_key.") || v.startsWith("${var."),
                                        where + "." + f.getKey(),
                                        "a customer key of the stack (was " + v + ")");
                            } else if (f.getValue().isContainerNode()) {
                                for (JsonNode child :
                                        f.getValue().isArray()
                                                ? f.getValue()
                                                : List.of(f.getValue())) {
                                    walkKeys(where + "." + f.getKey(), child, keyArgument, keyed);
                                }
                            }
                        });
    }

    @Test
    void secretsComeOnlyFromSecretsManager() throws Exception {
        String ingest = Terraform.text(Path.of("modules/ingest/main.tf"));
        assertThat(ingest)
                .as("API keys reach the container from Secrets Manager")
                .contains("secrets      = [for k, s in aws_secretsmanager_secret.this");
        assertThat(Terraform.text(Path.of("modules/ingest/variables.tf")))
                .as("settings that look like secrets are refused")
                .contains("(?i)(key|token|secret|password)");
        for (Map.Entry<String, List<JsonNode>> module : Terraform.modules().entrySet()) {
            Terraform.blocks(
                    module.getValue(),
                    "variable",
                    (name, body) ->
                            require(
                                    !name.matches("(?i).*(token|secret|password|api_key).*")
                                            || body.path("type").asText().contains("bool"),
                                    module.getKey() + " variable " + name,
                                    "secrets are not Terraform variables"));
        }
        assertThat(problems).isEmpty();
    }
}
