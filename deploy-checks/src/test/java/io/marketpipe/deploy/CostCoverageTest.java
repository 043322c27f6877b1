package io.marketpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every resource type terraform/ creates is priced by a line of {@code ./pipeline cost} or said to
 * be free, with why ({@code launcher/src/main/resources/cost-coverage.properties}): a module that
 * starts creating something new cannot leave the bill short without failing here.
 */
class CostCoverageTest {
    @Test
    void everyResourceTypeOfTheStackIsPricedOrSaidToBeFree() throws Exception {
        Set<String> types = new TreeSet<>();
        for (List<com.fasterxml.jackson.databind.JsonNode> files : Terraform.modules().values()) {
            Terraform.resources(files, "resource", (type, name, body) -> types.add(type));
        }
        assertThat(types).contains("aws_kinesis_stream", "aws_appautoscaling_target");
        Properties coverage = new Properties();
        try (Reader in =
                Files.newBufferedReader(
                        Terraform.ROOT.resolve(
                                "launcher/src/main/resources/cost-coverage.properties"))) {
            coverage.load(in);
        }
        List<String> missing = new ArrayList<>();
        for (String type : types) {
            String line = coverage.getProperty(type);
            if (line == null || line.isBlank() || line.equals("free:")) {
                missing.add(type);
            }
        }
        assertThat(missing).as("resource types ./pipeline cost does not account for").isEmpty();
        assertThat(types)
                .as("no coverage entry for a type the stack no longer has")
                .containsAll(coverage.stringPropertyNames());
    }
}
