package io.marketpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every module has the terraform-aws-modules layout, every variable a type and a description, every
 * output a description, and every reference (variable, local, resource, data source, module output,
 * module argument) exists.
 */
class TerraformStructureTest {
    private static final String NAME = "[a-zA-Z_][a-zA-Z0-9_-]*";
    private static final Pattern VAR = Pattern.compile("\\bvar\\.(" + NAME + ")");
    private static final Pattern LOCAL = Pattern.compile("\\blocal\\.(" + NAME + ")");
    private static final Pattern MODULE =
            Pattern.compile("\\bmodule\\.(" + NAME + ")\\.(" + NAME + ")");
    private static final Pattern DATA = Pattern.compile("\\bdata\\.([a-z0-9_]+)\\.(" + NAME + ")");
    private static final Pattern RESOURCE =
            Pattern.compile("(?<![.\\w])(aws_[a-z0-9_]+)\\.(" + NAME + ")");
    private static final Set<String> META_ARGUMENTS =
            Set.of("source", "version", "providers", "depends_on", "count", "for_each");

    @Test
    void everyModuleAndStackHasTheStandardFiles() throws Exception {
        Map<String, List<JsonNode>> modules = Terraform.modules();
        assertThat(modules.keySet())
                .contains(
                        "stack",
                        "modules/streaming",
                        "modules/storage",
                        "modules/flink-app",
                        "modules/ingest",
                        "modules/delivery",
                        "modules/analytics",
                        "modules/monitoring");
        for (String module : modules.keySet()) {
            for (String file : List.of("main.tf", "variables.tf", "outputs.tf", "versions.tf")) {
                assertThat(Terraform.DIR.resolve(module).resolve(file)).as(module).exists();
            }
            assertThat(Files.readString(Terraform.DIR.resolve(module).resolve("versions.tf")))
                    .as(module + " pins its provider")
                    .contains("hashicorp/aws")
                    .containsPattern("version\\s*=\\s*\"~> 6\\.\\d+\"")
                    .contains("required_version");
        }
    }

    @Test
    void everyVariableIsTypedAndDescribedAndEveryOutputDescribed() throws Exception {
        List<String> problems = new ArrayList<>();
        Terraform.modules()
                .forEach(
                        (module, files) -> {
                            Terraform.blocks(
                                    files,
                                    "variable",
                                    (name, body) -> {
                                        if (!body.has("type")) {
                                            problems.add(
                                                    module + ": variable " + name + " has no type");
                                        }
                                        if (body.path("description").asText().isBlank()) {
                                            problems.add(
                                                    module
                                                            + ": variable "
                                                            + name
                                                            + " has no description");
                                        }
                                    });
                            Terraform.blocks(
                                    files,
                                    "output",
                                    (name, body) -> {
                                        if (body.path("description").asText().isBlank()) {
                                            problems.add(
                                                    module
                                                            + ": output "
                                                            + name
                                                            + " has no description");
                                        }
                                    });
                        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyReferenceResolves() throws Exception {
        Map<String, List<JsonNode>> modules = Terraform.modules();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> module : modules.entrySet()) {
            String where = module.getKey();
            List<JsonNode> files = module.getValue();
            Set<String> variables = names(files, "variable");
            Set<String> outputs = names(files, "output");
            Set<String> locals = locals(files);
            Set<String> resources = new HashSet<>();
            Terraform.resources(
                    files, "resource", (type, name, body) -> resources.add(type + "." + name));
            Set<String> data = new HashSet<>();
            Terraform.resources(files, "data", (type, name, body) -> data.add(type + "." + name));
            Map<String, String> calls = new java.util.HashMap<>();
            Terraform.blocks(
                    files, "module", (name, body) -> calls.put(name, body.path("source").asText()));

            List<String> strings = new ArrayList<>();
            files.forEach(f -> Terraform.strings(f, strings));
            for (String s : strings) {
                check(
                        VAR,
                        s,
                        m -> variables.contains(m.group(1)),
                        where + ": no variable ",
                        problems);
                check(LOCAL, s, m -> locals.contains(m.group(1)), where + ": no local ", problems);
                check(
                        DATA,
                        s,
                        m -> data.contains(m.group(1) + "." + m.group(2)),
                        where + ": no data source ",
                        problems);
                check(
                        RESOURCE,
                        s,
                        m -> resources.contains(m.group(1) + "." + m.group(2)),
                        where + ": no resource ",
                        problems);
                Matcher m = MODULE.matcher(s);
                while (m.find()) {
                    String source = calls.get(m.group(1));
                    if (source == null) {
                        problems.add(where + ": no module " + m.group(1));
                        continue;
                    }
                    String target = resolve(where, source);
                    if (!names(modules.get(target), "output").contains(m.group(2))) {
                        problems.add(
                                where
                                        + ": module "
                                        + m.group(1)
                                        + " ("
                                        + target
                                        + ") has no output "
                                        + m.group(2));
                    }
                }
            }
            Terraform.blocks(
                    files,
                    "module",
                    (name, body) -> {
                        String target = resolve(where, body.path("source").asText());
                        List<JsonNode> targetFiles = modules.get(target);
                        if (targetFiles == null) {
                            problems.add(where + ": module " + name + " sources missing " + target);
                            return;
                        }
                        Set<String> accepted = names(targetFiles, "variable");
                        body.fieldNames()
                                .forEachRemaining(
                                        arg -> {
                                            if (!META_ARGUMENTS.contains(arg)
                                                    && !accepted.contains(arg)) {
                                                problems.add(
                                                        where
                                                                + ": module "
                                                                + name
                                                                + " has no variable "
                                                                + arg);
                                            }
                                        });
                        Terraform.blocks(
                                targetFiles,
                                "variable",
                                (variable, spec) -> {
                                    if (!spec.has("default") && !body.has(variable)) {
                                        problems.add(
                                                where
                                                        + ": module "
                                                        + name
                                                        + " lacks required "
                                                        + variable);
                                    }
                                });
                    });
            assertThat(outputs).as(where + " outputs").isNotNull();
        }
        assertThat(problems).isEmpty();
    }

    private static void check(
            Pattern pattern,
            String s,
            java.util.function.Predicate<Matcher> exists,
            String message,
            List<String> problems) {
        Matcher m = pattern.matcher(s);
        while (m.find()) {
            if (!exists.test(m)) {
                problems.add(message + m.group());
            }
        }
    }

    private static String resolve(String from, String source) {
        return java.nio.file.Path.of(from).resolve(source).normalize().toString();
    }

    private static Set<String> names(List<JsonNode> files, String kind) {
        Set<String> names = new TreeSet<>();
        Terraform.blocks(files, kind, (name, body) -> names.add(name));
        return names;
    }

    private static Set<String> locals(List<JsonNode> files) {
        Set<String> names = new TreeSet<>();
        for (JsonNode file : files) {
            JsonNode locals = file.get("locals");
            if (locals == null) {
                continue;
            }
            for (JsonNode block : locals.isArray() ? locals : List.of(locals)) {
                block.fieldNames().forEachRemaining(names::add);
            }
        }
        return names;
    }
}
