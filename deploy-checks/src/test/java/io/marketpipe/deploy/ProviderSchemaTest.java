package io.marketpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every resource and data source argument and nested block in terraform/ exists in the AWS
 * provider's schema, as the generated code of @cdktf/provider-aws has it (extracted by {@code
 * src/test/node/provider-schema.js} into {@code aws-provider-schema.json}). What {@code terraform
 * validate} would say about names, offline.
 */
class ProviderSchemaTest {
    private static final Set<String> META =
            Set.of("count", "for_each", "depends_on", "lifecycle", "provider", "provisioner");

    @Test
    void everyArgumentAndBlockIsInTheProviderSchema() throws Exception {
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream("/aws-provider-schema.json")) {
            schema = new ObjectMapper().readTree(in);
        }
        assertThat(schema.path("provider").asText()).startsWith("hashicorp/aws 6.");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, List<JsonNode>> module : Terraform.modules().entrySet()) {
            for (String kind : List.of("resource", "data")) {
                List<int[]> count = new ArrayList<>();
                Terraform.resources(
                        module.getValue(),
                        kind,
                        (type, name, body) -> {
                            JsonNode typeSchema = schema.path("types").path(kind + ":" + type);
                            String where = module.getKey() + " " + type + "." + name;
                            if (typeSchema.isMissingNode()) {
                                problems.add(
                                        where + ": type not in the schema file (regenerate it)");
                                return;
                            }
                            count.add(new int[1]);
                            check(where, body, typeSchema, problems);
                        });
                checked += count.size();
            }
        }
        assertThat(checked).as("resources checked").isGreaterThan(50);
        assertThat(problems).isEmpty();
    }

    @Test
    void aMisspelledArgumentIsCaught() throws Exception {
        JsonNode stream =
                new ObjectMapper()
                        .readTree(
                                "{\"attributes\":[\"name\"],\"blocks\":{\"stream_mode_details\":"
                                        + "{\"attributes\":[\"stream_mode\"],\"blocks\":{}}}}");
        List<String> problems = new ArrayList<>();
        check(
                "t",
                new ObjectMapper()
                        .readTree(
                                "{\"nmae\":\"x\",\"stream_mode_details\":[{\"stream_mod\":\"y\"}]}"),
                stream,
                problems);
        assertThat(problems)
                .containsExactly(
                        "t: no argument or block nmae",
                        "t.stream_mode_details: no argument or block stream_mod");
    }

    static void check(String where, JsonNode body, JsonNode schema, List<String> problems) {
        Set<String> attributes = new java.util.HashSet<>();
        schema.path("attributes").forEach(a -> attributes.add(a.asText()));
        JsonNode blocks = schema.path("blocks");
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (META.contains(name)) {
                continue;
            }
            if (name.equals("dynamic")) {
                value.fields()
                        .forEachRemaining(
                                d -> {
                                    JsonNode block = blocks.path(d.getKey());
                                    if (block.isMissingNode()) {
                                        problems.add(
                                                where + ": no block " + d.getKey() + " (dynamic)");
                                        return;
                                    }
                                    for (JsonNode occurrence : d.getValue()) {
                                        for (JsonNode content : occurrence.path("content")) {
                                            check(
                                                    where + "." + d.getKey(),
                                                    content,
                                                    block,
                                                    problems);
                                        }
                                    }
                                });
                continue;
            }
            if (blocks.has(name)) {
                for (JsonNode occurrence : value.isArray() ? value : List.of(value)) {
                    if (occurrence.isObject()) {
                        check(where + "." + name, occurrence, blocks.get(name), problems);
                    }
                }
            } else if (!attributes.contains(name)) {
                problems.add(where + ": no argument or block " + name);
            }
        }
    }
}
