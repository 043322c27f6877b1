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
 * src/test/node/provider-schema.js} into {@code aws-provider-schema.json}), every required argument
 * and block is given, and every literal is of its argument's type. What {@code terraform validate}
 * would say about names, required arguments and literal types, offline.
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
        List<String> problems = new ArrayList<>();
        check(
                "t",
                new ObjectMapper()
                        .readTree(
                                "{\"name\":\"s\",\"timeouts\":[{}],\"nmae\":\"x\",\"stream_mode_details\":"
                                        + "[{\"stream_mode\":\"ON_DEMAND\",\"stream_mod\":\"y\"}]}"),
                STREAM,
                problems);
        assertThat(problems)
                .containsExactly(
                        "t: no argument or block nmae",
                        "t.stream_mode_details: no argument or block stream_mod");
    }

    /** A cut of the provider's aws_kinesis_stream, as the schema file has it. */
    private static final JsonNode STREAM =
            json(
                    "{\"attributes\":{\"name\":{\"type\":\"string\",\"required\":true},"
                            + "\"shard_count\":{\"type\":\"number\",\"required\":false},"
                            + "\"enforce_consumer_deletion\":{\"type\":\"bool\",\"required\":false},"
                            + "\"shard_level_metrics\":{\"type\":\"list\",\"required\":false},"
                            + "\"tags\":{\"type\":\"map\",\"required\":false}},"
                            + "\"blocks\":{\"stream_mode_details\":{\"required\":false,"
                            + "\"attributes\":{\"stream_mode\":{\"type\":\"string\",\"required\":true}},"
                            + "\"blocks\":{}},"
                            + "\"timeouts\":{\"required\":true,\"attributes\":{},\"blocks\":{}}}}");

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aMissingRequiredArgumentOrBlockIsCaught() {
        List<String> problems = new ArrayList<>();
        check("t", json("{\"shard_count\":1,\"stream_mode_details\":[{}]}"), STREAM, problems);
        assertThat(problems)
                .containsExactlyInAnyOrder(
                        "t: required argument name missing",
                        "t: required block timeouts missing",
                        "t.stream_mode_details: required argument stream_mode missing");
    }

    @Test
    void aLiteralOfTheWrongTypeIsCaughtAndAnExpressionIsLeftToTerraform() {
        List<String> problems = new ArrayList<>();
        check(
                "t",
                json(
                        "{\"name\":\"s\",\"timeouts\":[{}],\"shard_count\":\"four\","
                                + "\"enforce_consumer_deletion\":\"yes\",\"shard_level_metrics\":"
                                + "\"IncomingBytes\",\"tags\":[\"a\"]}"),
                STREAM,
                problems);
        assertThat(problems)
                .containsExactly(
                        "t.shard_count: \"four\" is no number",
                        "t.enforce_consumer_deletion: \"yes\" is no bool",
                        "t.shard_level_metrics: \"IncomingBytes\" is no list",
                        "t.tags: [\"a\"] is no map");
        problems.clear();
        check(
                "t",
                json(
                        "{\"name\":\"${var.name}\",\"timeouts\":[{}],\"shard_count\":\"${var.n}\","
                                + "\"enforce_consumer_deletion\":true,\"shard_level_metrics\":"
                                + "[\"IncomingBytes\"],\"tags\":\"${var.tags}\"}"),
                STREAM,
                problems);
        assertThat(problems).isEmpty();
    }

    static void check(String where, JsonNode body, JsonNode schema, List<String> problems) {
        JsonNode attributes = schema.path("attributes");
        JsonNode blocks = schema.path("blocks");
        Set<String> given = new java.util.HashSet<>();
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
                                    given.add(d.getKey());
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
            given.add(name);
            if (blocks.has(name)) {
                for (JsonNode occurrence : value.isArray() ? value : List.of(value)) {
                    if (occurrence.isObject()) {
                        check(where + "." + name, occurrence, blocks.get(name), problems);
                    }
                }
            } else if (!attributes.has(name)) {
                problems.add(where + ": no argument or block " + name);
            } else {
                String fault = typeFault(attributes.get(name).path("type").asText(), value);
                if (fault != null) {
                    problems.add(where + "." + name + ": " + fault);
                }
            }
        }
        attributes
                .fields()
                .forEachRemaining(
                        a -> {
                            if (a.getValue().path("required").asBoolean()
                                    && !given.contains(a.getKey())) {
                                problems.add(
                                        where + ": required argument " + a.getKey() + " missing");
                            }
                        });
        blocks.fields()
                .forEachRemaining(
                        b -> {
                            if (b.getValue().path("required").asBoolean()
                                    && !given.contains(b.getKey())) {
                                problems.add(where + ": required block " + b.getKey() + " missing");
                            }
                        });
    }

    /**
     * Why a literal cannot be of {@code type}, or null; an expression ({@code ${...}}) is left to
     * Terraform, and strings that Terraform converts (a number or a bool in quotes) pass.
     */
    static String typeFault(String type, JsonNode value) {
        if (value.isTextual() && value.asText().contains("${")) {
            return null;
        }
        switch (type) {
            case "number":
                if (value.isNumber()) {
                    return null;
                }
                if (value.isTextual()) {
                    try {
                        new java.math.BigDecimal(value.asText());
                        return null;
                    } catch (NumberFormatException e) {
                        return value + " is no number";
                    }
                }
                return value + " is no number";
            case "bool":
                if (value.isBoolean()
                        || (value.isTextual()
                                && (value.asText().equals("true")
                                        || value.asText().equals("false")))) {
                    return null;
                }
                return value + " is no bool";
            case "string":
                return value.isValueNode() ? null : value + " is no string";
            case "list":
                return value.isArray() ? null : value + " is no list";
            case "map":
                return value.isObject() ? null : value + " is no map";
            default:
                return null;
        }
    }
}
