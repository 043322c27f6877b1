package io.marketpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a first deploy, a second deploy and a teardown on a real account need of the stack, each a
 * failure the other offline checks passed: a region Binance serves, images by digest, secrets that
 * exist before the service needs them, a way out of a snapshot that no longer fits, and a teardown
 * that can finish.
 */
class DeploymentTest {
    private static JsonNode file(String path) throws Exception {
        return Terraform.files().get(path);
    }

    private static JsonNode variable(String stackFile, String name) throws Exception {
        return file(stackFile).path("variable").path(name).get(0);
    }

    private static JsonNode resource(String file, String type, String name) throws Exception {
        return file(file).path("resource").path(type).path(name).get(0);
    }

    @Test
    void theDefaultRegionIsOneBinanceServesAndTheReadmeSaysWhy() throws Exception {
        JsonNode region = variable("stack/variables.tf", "region");
        assertThat(region.path("default").asText())
                .as("Binance answers HTTP 451 to US addresses")
                .doesNotStartWith("us-")
                .isEqualTo("ap-northeast-1");
        assertThat(region.path("validation").toString()).contains("us-");
        String readme = Terraform.text(java.nio.file.Path.of("README.md"));
        assertThat(readme).contains("451").contains("ap-northeast-1");
    }

    @Test
    void theForwarderRunsItsImageByDigestAndTheDeployWaitsForItToRun() throws Exception {
        String image =
                resource("modules/ingest/main.tf", "aws_ecs_task_definition", "this")
                        .path("container_definitions")
                        .asText();
        assertThat(image)
                .as("an immutable tag that does not change fails the second push")
                .contains("@${var.image_digest}")
                .doesNotContain(":${var.image_tag}");
        JsonNode service = resource("modules/ingest/main.tf", "aws_ecs_service", "this");
        assertThat(service.path("wait_for_steady_state").asBoolean()).isTrue();
        assertThat(service.path("depends_on").toString())
                .as("the service starts after its roles' policies exist")
                .contains("aws_iam_role_policy.task")
                .contains("aws_iam_role_policy.execution");
        String pipeline = Files.readString(Terraform.ROOT.resolve("pipeline"));
        assertThat(pipeline).contains("ingest_image_digest").contains("imageDigest");
    }

    @Test
    void onlyTheSecretsTheFeedsReadAreCreatedAndTheDeployFillsOrRefuses() throws Exception {
        JsonNode secret = resource("modules/ingest/main.tf", "aws_secretsmanager_secret", "this");
        assertThat(secret.path("for_each").asText())
                .as("a secret no feed reads stays empty, and its task can never start")
                .contains("local.secret_names");
        String pipeline = Files.readString(Terraform.ROOT.resolve("pipeline"));
        assertThat(pipeline).contains("put-secret-value").contains("has no value");
    }

    @Test
    void aSnapshotThatNoLongerFitsHasAWayOut() throws Exception {
        JsonNode flink =
                resource("modules/flink-app/main.tf", "aws_kinesisanalyticsv2_application", "this");
        assertThat(flink.toString())
                .contains("\"allow_non_restored_state\":\"${var.allow_non_restored_state}\"");
        assertThat(
                        variable("stack/variables.tf", "allow_non_restored_state")
                                .path("description")
                                .asText())
                .contains("kinesis_reader")
                .contains("bar interval");
        assertThat(file("stack/main.tf").path("module").path("flink_app").get(0).toString())
                .contains("var.allow_non_restored_state");
        assertThat(flink.path("depends_on").toString())
                .as("the first start waits for the role's policy")
                .contains("aws_iam_role_policy");
    }

    @Test
    void firehoseMayWriteEveryPrefixItWritesErrorsIncluded() throws Exception {
        JsonNode delivery = file("modules/delivery/main.tf");
        String objects = "";
        for (JsonNode st :
                delivery.path("data")
                        .path("aws_iam_policy_document")
                        .path("this")
                        .get(0)
                        .path("statement")) {
            if (st.path("actions").toString().contains("s3:PutObject")) {
                objects = st.path("resources").toString();
            }
        }
        java.util.List<String> prefixes = new java.util.ArrayList<>();
        delivery.path("resource")
                .path("aws_kinesis_firehose_delivery_stream")
                .forEach(
                        byName ->
                                byName.forEach(
                                        s -> {
                                            JsonNode c = s.path("extended_s3_configuration").get(0);
                                            prefixes.add(c.path("prefix").asText());
                                            prefixes.add(c.path("error_output_prefix").asText());
                                        }));
        assertThat(prefixes).hasSizeGreaterThanOrEqualTo(4);
        for (String prefix : prefixes) {
            String top = prefix.substring(0, prefix.indexOf('/'));
            assertThat(objects).as(prefix).contains("${var.bucket_arn}/" + top + "/*");
        }
    }

    @Test
    void theFanOutConsumerIsRegisteredAndGrantedOnlyForTheFanOutReader() throws Exception {
        JsonNode consumer =
                resource("modules/streaming/main.tf", "aws_kinesis_stream_consumer", "job");
        assertThat(consumer.path("count").asText())
                .as("a consumer is billed per shard-hour even when nothing reads it")
                .contains("var.efo_consumer");
        JsonNode stack = file("stack/main.tf").path("module");
        assertThat(stack.path("streaming").get(0).path("efo_consumer").asText())
                .isEqualTo("${var.kinesis_reader == \"EFO\"}");
        assertThat(stack.path("flink_app").get(0).path("efo_reader").asText())
                .isEqualTo("${var.kinesis_reader == \"EFO\"}");
        JsonNode job =
                file("modules/flink-app/main.tf")
                        .path("data")
                        .path("aws_iam_policy_document")
                        .path("job")
                        .get(0);
        assertThat(job.path("statement").toString())
                .as("no consumer grant outside the EFO reader's dynamic statement")
                .doesNotContain("SubscribeToShard");
        JsonNode fanOut = job.path("dynamic").path("statement").get(0);
        assertThat(fanOut.path("for_each").asText()).contains("var.efo_reader");
        assertThat(fanOut.path("content").toString()).contains("kinesis:SubscribeToShard");
    }

    /**
     * Kinesis allows 5 GetRecords a second a shard over all its readers, and the raw archive's
     * Firehose makes one a second: the polling job must leave it room, or each throttles the other.
     */
    @Test
    void thePollingReaderAndTheArchiveFitTheShardsReadsTogether() throws Exception {
        JsonNode source =
                file("stack/main.tf")
                        .path("locals")
                        .get(0)
                        .path("job_property_groups")
                        .path("source");
        String pace = source.path("kinesis.polling.interval.ms").asText();
        long millis;
        if (pace.isEmpty()) {
            millis =
                    Long.parseLong(
                            io.marketpipe.job.config.JobConfig.KEYS.get(
                                            io.marketpipe.job.config.JobConfig.SOURCE)
                                    .get("kinesis.polling.interval.ms")[0]);
        } else {
            assertThat(pace).contains("var.polling_interval_ms");
            JsonNode variable = variable("stack/variables.tf", "polling_interval_ms");
            millis = variable.path("default").asLong();
            assertThat(variable.path("validation").toString())
                    .as("no value that overruns the shard")
                    .contains("var.polling_interval_ms >= 250");
        }
        int archiveReadsPerSecond = 1;
        assertThat(1_000.0 / millis + archiveReadsPerSecond)
                .as("GetRecords a second a shard at a pace of " + millis + " ms")
                .isLessThanOrEqualTo(5.0);
        assertThat(file("modules/delivery/main.tf").toString())
                .as("the archive reads the raw stream")
                .contains("kinesis_source_configuration");
    }

    @Test
    void theJarsARollbackNeedsOutliveTheNoncurrentExpiry() throws Exception {
        JsonNode expiry =
                resource(
                        "modules/storage/main.tf", "aws_s3_bucket_lifecycle_configuration", "this");
        JsonNode kept = null;
        for (JsonNode rule : expiry.path("rule")) {
            JsonNode e = rule.path("noncurrent_version_expiration");
            if (!e.isMissingNode()) {
                kept = e.get(0).path("newer_noncurrent_versions");
            }
        }
        assertThat(kept)
                .as("every replaced jar expires after noncurrent_version_days otherwise")
                .isNotNull();
        assertThat(kept.asText()).contains("artifacts").contains("var.rollback_versions");
        JsonNode versions = variable("modules/storage/variables.tf", "rollback_versions");
        assertThat(versions.path("default").asInt()).isGreaterThanOrEqualTo(10);
        assertThat(Terraform.text(java.nio.file.Path.of("README.md")))
                .as("the README promises no more than the bucket keeps")
                .doesNotContain("keeps every")
                .contains("last 10 deploys");
    }

    @Test
    void steadyWriteTablesCanBeProvisionedWithAutoScalingOnBothCapacities() throws Exception {
        JsonNode table = resource("modules/storage/main.tf", "aws_dynamodb_table", "this");
        assertThat(table.path("billing_mode").asText())
                .contains("var.provisioned_tables")
                .contains("PROVISIONED")
                .contains("PAY_PER_REQUEST");
        assertThat(table.path("lifecycle").toString())
                .as("auto scaling moves the capacity; an apply must not move it back")
                .contains("write_capacity")
                .contains("read_capacity");
        JsonNode scaled = file("modules/storage/main.tf").path("locals");
        assertThat(scaled.toString())
                .contains("dynamodb:table:WriteCapacityUnits")
                .contains("dynamodb:table:ReadCapacityUnits");
        JsonNode policy = resource("modules/storage/main.tf", "aws_appautoscaling_policy", "table");
        assertThat(policy.path("policy_type").asText()).isEqualTo("TargetTrackingScaling");
        assertThat(policy.path("resource_id").asText()).contains("aws_appautoscaling_target.table");
        assertThat(file("stack/main.tf").path("module").path("storage").get(0).toString())
                .contains("var.dynamodb_provisioned_tables");
    }

    @Test
    void theJobBuildsOperatorsForTheStreamsTheForwarderSubscribesAndNoMore() throws Exception {
        JsonNode stack = file("stack/main.tf");
        String streams =
                stack.path("locals")
                        .get(0)
                        .path("job_property_groups")
                        .path("source")
                        .path("market-streams")
                        .asText();
        assertThat(streams).contains("local.market_streams").contains("\"none\"");
        String derived = stack.path("locals").get(0).path("market_streams").asText();
        assertThat(derived)
                .contains("var.binance_streams")
                .contains("depth")
                .contains("aggTrade")
                .contains("kline");
        assertThat(stack.path("module").path("ingest").get(0).path("settings").toString())
                .contains("binance.json.streams")
                .contains("var.binance_streams");
        assertThat(variable("stack/variables.tf", "binance_streams").path("default").toString())
                .as("the forwarder's own default, so a default stack runs the leanest job")
                .isEqualTo("[\"trade\"]");
    }

    @Test
    void theJobMayFindItsLogGroup() throws Exception {
        String job =
                file("modules/flink-app/main.tf")
                        .path("data")
                        .path("aws_iam_policy_document")
                        .path("job")
                        .toString();
        assertThat(job).contains("logs:DescribeLogGroups").contains(":log-group:*");
    }

    @Test
    void teardownCanDeleteEverythingItMadeAndTheSameEnvironmentCanComeBack() throws Exception {
        assertThat(
                        resource("modules/ingest/main.tf", "aws_ecr_repository", "this")
                                .path("force_delete")
                                .asText())
                .isEqualTo("${var.force_destroy}");
        assertThat(
                        resource("modules/ingest/main.tf", "aws_secretsmanager_secret", "this")
                                .path("recovery_window_in_days")
                                .asText())
                .contains("var.force_destroy")
                .contains("0");
        assertThat(
                        resource("modules/analytics/main.tf", "aws_athena_workgroup", "this")
                                .path("force_destroy")
                                .asText())
                .isEqualTo("${var.force_destroy}");
        for (String module : List.of("storage", "ingest", "analytics")) {
            assertThat(file("stack/main.tf").path("module").path(module).get(0).toString())
                    .as(module)
                    .contains("var.allow_destroy");
        }
        String pipeline = Files.readString(Terraform.ROOT.resolve("pipeline"));
        assertThat(pipeline)
                .as("teardown waits for the application to stop, and a second teardown goes on")
                .contains("describe-application")
                .contains("READY");
    }

    @Test
    void eachEnvironmentsStateIsRemoteAndLockedAndEnvironmentsDifferOnlyInValues()
            throws Exception {
        JsonNode terraform = file("stack/versions.tf").path("terraform").get(0);
        assertThat(terraform.path("backend").path("s3").isMissingNode())
                .as("a local state is lost with the machine, and two applies can race")
                .isFalse();
        assertThat(terraform.path("required_version").asText())
                .as("the S3 backend's lock file (use_lockfile) needs 1.10")
                .isEqualTo(">= 1.10.0");
        String pipeline = Files.readString(Terraform.ROOT.resolve("pipeline"));
        assertThat(pipeline)
                .contains("-backend-config=use_lockfile=true")
                .contains("-backend-config=\"key=marketpipe/$env/terraform.tfstate\"")
                .contains("put-bucket-versioning --bucket \"$name\"");
        java.util.Set<String> declared = new java.util.TreeSet<>();
        file("stack/variables.tf").path("variable").fieldNames().forEachRemaining(declared::add);
        java.util.Map<String, java.util.Set<String>> keys = new java.util.TreeMap<>();
        for (String env : List.of("dev", "prod")) {
            java.nio.file.Path dir = Terraform.DIR.resolve("envs/" + env);
            try (java.util.stream.Stream<java.nio.file.Path> files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .as(env + " holds values only, no terraform of its own")
                        .allMatch(n -> n.startsWith("terraform.tfvars"));
            }
            String example = Files.readString(dir.resolve("terraform.tfvars.example"));
            java.util.Set<String> set = new java.util.TreeSet<>();
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("(?m)^([a-z_]+)\\s*=").matcher(example);
            while (m.find()) {
                set.add(m.group(1));
            }
            assertThat(declared).as(env + "'s values are the stack's variables").containsAll(set);
            assertThat(example).contains("environment           = \"" + env + "\"");
            keys.put(env, set);
        }
        assertThat(keys.get("prod")).containsAll(keys.get("dev"));
    }

    @Test
    void stateAndSecretsOfTerraformStayOutOfGit() throws Exception {
        List<String> ignored = Files.readAllLines(Terraform.ROOT.resolve(".gitignore"));
        assertThat(ignored).contains("*.tfstate", "*.tfstate.*", ".terraform/", "terraform.tfvars");
        assertThat(Files.readString(Terraform.ROOT.resolve("pipeline")))
                .as("the README's test command checks terraform fmt")
                .contains("terraform fmt -check -recursive");
    }
}
