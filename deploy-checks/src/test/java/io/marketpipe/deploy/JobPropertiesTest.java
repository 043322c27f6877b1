package io.marketpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketpipe.job.config.JobConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The runtime properties Terraform hands the job are keys the job knows: a typo in a group or key
 * fails the build here, not the application at start in AWS.
 */
class JobPropertiesTest {
    @Test
    void everyPropertyGroupAndKeyOfTheStackIsAJobSetting() throws Exception {
        JsonNode groups =
                Terraform.files()
                        .get("stack/main.tf")
                        .get("locals")
                        .get(0)
                        .get("job_property_groups");
        List<String> problems = new ArrayList<>();
        groups.fields()
                .forEachRemaining(
                        group -> {
                            Map<String, String[]> keys = JobConfig.KEYS.get(group.getKey());
                            if (keys == null) {
                                problems.add("unknown group " + group.getKey());
                                return;
                            }
                            group.getValue()
                                    .fieldNames()
                                    .forEachRemaining(
                                            key -> {
                                                if (!keys.containsKey(key)) {
                                                    problems.add(
                                                            "unknown key "
                                                                    + group.getKey()
                                                                    + " / "
                                                                    + key);
                                                }
                                            });
                        });
        assertThat(groups.size()).as("groups in stack/main.tf").isGreaterThanOrEqualTo(4);
        assertThat(groups.get("source").has("kinesis.stream.arn")).as("the required key").isTrue();
        assertThat(problems).isEmpty();
    }

    @Test
    void theExampleStrategiesAreValidStrategyKeys() throws Exception {
        String example = Terraform.text(java.nio.file.Path.of("envs/dev/terraform.tfvars.example"));
        int start = example.indexOf("strategies = {");
        String block = example.substring(start, example.indexOf("}", start));
        java.util.Properties strategies = new java.util.Properties();
        Matcher kv = Pattern.compile("\"([^\"]+)\"\\s*=\\s*\"([^\"]*)\"").matcher(block);
        while (kv.find()) {
            strategies.setProperty(kv.group(1), kv.group(2));
        }
        assertThat(strategies).isNotEmpty();
        // the job's own parser: unknown keys, parameters of other kinds and bad values throw
        JobConfig config = JobConfig.fromPropertyGroups(Map.of(JobConfig.STRATEGIES, strategies));
        assertThat(config.strategies()).isNotEmpty();
    }
}
