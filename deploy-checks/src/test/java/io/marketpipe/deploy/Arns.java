package io.marketpipe.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a policy's resource expression stands for once the stack is wired: each {@code var.x} of a
 * module followed to what {@code stack} passes it, each {@code module.m.out} to that module's
 * output, down to the resource whose ARN it is, and from there to the ARN's shape (the resource
 * type of the IAM Service Authorization Reference, such as {@code kinesis:stream} or {@code
 * s3:object}). A grant on a variable of the right name but the wrong resource shows here.
 */
final class Arns {
    private static final String STACK = "stack";

    /** A terraform reference: a variable, a module output, or a resource (never a data source). */
    private static final Pattern REFERENCE =
            Pattern.compile(
                    "(?<![\\w.])(var\\.(\\w+)|module\\.(\\w+)\\.(\\w+)|(aws_\\w+)\\.(\\w+))"
                            + "(\\[\"([\\w-]+)\"\\])?");

    /** Resource type of the AWS provider to the IAM resource type its {@code arn} is. */
    private static final Map<String, String> SHAPES =
            Map.ofEntries(
                    Map.entry("aws_kinesis_stream", "kinesis:stream"),
                    Map.entry("aws_kinesis_stream_consumer", "kinesis:consumer"),
                    Map.entry("aws_dynamodb_table", "dynamodb:table"),
                    Map.entry("aws_s3_bucket", "s3:bucket"),
                    Map.entry("aws_kms_key", "kms:key"),
                    Map.entry("aws_kinesis_firehose_delivery_stream", "firehose:deliverystream"),
                    Map.entry("aws_cloudwatch_log_group", "logs:log-group"),
                    Map.entry("aws_ecr_repository", "ecr:repository"),
                    Map.entry("aws_secretsmanager_secret", "secretsmanager:secret"),
                    Map.entry("aws_sns_topic", "sns:topic"));

    /**
     * One resource a grant reaches: the module and address of the terraform resource (or the
     * literal ARN), what follows its ARN in the grant, and the IAM resource types that covers.
     */
    static final class Target {
        final String address;
        final String suffix;
        final Set<String> shapes;

        Target(String address, String suffix, Set<String> shapes) {
            this.address = address;
            this.suffix = suffix;
            this.shapes = shapes;
        }

        @Override
        public String toString() {
            return address + suffix + " " + shapes;
        }
    }

    private Arns() {}

    /** What {@code expression}, written in {@code module} (e.g. "modules/flink-app"), reaches. */
    static List<Target> resolve(String module, String expression) throws Exception {
        List<Target> out = new ArrayList<>();
        resolve(module, expression, "", null, out, 0);
        return out;
    }

    /**
     * {@code key}: the element a caller picked of a map this expression makes ({@code
     * module.storage.table_arns["bars"]}), which a resource of {@code for_each} then is.
     */
    private static void resolve(
            String module,
            String expression,
            String outerSuffix,
            String key,
            List<Target> out,
            int depth)
            throws Exception {
        if (depth > 10) {
            throw new IllegalStateException("references too deep at " + expression);
        }
        String e = expression.trim();
        if (e.equals("*")) {
            out.add(new Target("*", "", Set.of("*")));
            return;
        }
        if (e.startsWith("arn:")) {
            out.add(new Target(e, "", Set.of(literalShape(e))));
            return;
        }
        // "${ref}rest" is one ARN and what follows it; anything else (a list, a for) is a set
        String scope = e;
        String suffix = outerSuffix;
        if (e.startsWith("${")) {
            int close = closing(e);
            String first = e.substring(2, close);
            if (!first.startsWith("[") && !first.startsWith("{")) {
                scope = first;
                suffix = e.substring(close + 1) + outerSuffix;
            }
        }
        Matcher m = REFERENCE.matcher(scope);
        List<MatchResult> refs = new ArrayList<>();
        while (m.find()) {
            refs.add(new MatchResult(m));
        }
        if (refs.isEmpty()) {
            throw new IllegalStateException("no resource in " + module + ": " + expression);
        }
        for (MatchResult r : refs) {
            if (r.variable != null) {
                JsonNode passed = passedTo(module, r.variable);
                for (String inner : expressions(passed)) {
                    resolve(STACK, inner, suffix, r.key == null ? key : r.key, out, depth + 1);
                }
            } else if (r.module != null) {
                String target = sourceOf(module, r.module);
                JsonNode value = output(target, r.output);
                for (String inner : expressions(value)) {
                    resolve(target, inner, suffix, r.key == null ? key : r.key, out, depth + 1);
                }
            } else {
                out.add(
                        new Target(
                                module
                                        + "/"
                                        + r.type
                                        + "."
                                        + r.name
                                        + (r.key != null
                                                ? "[" + r.key + "]"
                                                : key != null ? "[" + key + "]" : ""),
                                suffix,
                                shapes(r.type, suffix)));
            }
        }
    }

    /** Where the interpolation opened at the start of {@code e} closes. */
    private static int closing(String e) {
        int depth = 0;
        for (int i = 1; i < e.length(); i++) {
            char c = e.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalStateException("unclosed interpolation: " + e);
    }

    /** The IAM resource types an ARN of {@code type} followed by {@code suffix} covers. */
    private static Set<String> shapes(String type, String suffix) {
        String shape = SHAPES.get(type);
        if (shape == null) {
            throw new IllegalStateException("no ARN shape known for " + type + ": add it");
        }
        Set<String> shapes = new TreeSet<>();
        if (type.equals("aws_s3_bucket")) {
            shapes.add(suffix.startsWith("/") ? "s3:object" : "s3:bucket");
        } else if (type.equals("aws_cloudwatch_log_group")) {
            // the group's ARN names the group; with ":*" it matches the group and its streams
            shapes.add("logs:log-group");
            if (suffix.equals(":*")) {
                shapes.add("logs:log-stream");
            }
        } else if (suffix.isEmpty()) {
            shapes.add(shape);
        }
        return shapes;
    }

    /** arn:aws:SERVICE:REGION:ACCOUNT:TYPE[:/]NAME to SERVICE:TYPE. */
    private static String literalShape(String arn) {
        String[] parts = arn.split(":", 6);
        String resource = parts[5];
        int end = resource.length();
        for (char c : new char[] {':', '/'}) {
            int i = resource.indexOf(c);
            if (i >= 0) {
                end = Math.min(end, i);
            }
        }
        return parts[2] + ":" + resource.substring(0, end);
    }

    /** The expressions a JSON value holds: one string, or each string of a list. */
    private static List<String> expressions(JsonNode value) {
        List<String> out = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> out.add(v.asText()));
        } else {
            out.add(value.asText());
        }
        return out;
    }

    /** What the stack passes a module's variable, or its default. */
    private static JsonNode passedTo(String module, String variable) throws Exception {
        if (!module.equals(STACK)) {
            JsonNode stack = Terraform.files().get(STACK + "/main.tf").path("module");
            for (JsonNode blocks : (Iterable<JsonNode>) stack::elements) {
                JsonNode block = blocks.get(0);
                if (block.path("source").asText().replaceFirst("^(\\.\\./)+", "").equals(module)
                        && block.has(variable)) {
                    return block.get(variable);
                }
            }
        }
        for (JsonNode file : Terraform.modules().get(module)) {
            JsonNode v = file.path("variable").path(variable);
            if (!v.isMissingNode()) {
                JsonNode d = v.get(0).path("default");
                if (!d.isMissingNode() && !d.isNull()) {
                    return d;
                }
            }
        }
        throw new IllegalStateException(module + " var." + variable + " is never set");
    }

    /** The module folder a stack's {@code module "name"} block uses. */
    private static String sourceOf(String module, String name) throws Exception {
        for (JsonNode file : Terraform.modules().get(module)) {
            JsonNode block = file.path("module").path(name);
            if (!block.isMissingNode()) {
                String source = block.get(0).path("source").asText();
                return source.replaceFirst("^(\\.\\./)+", "");
            }
        }
        throw new IllegalStateException(module + " has no module " + name);
    }

    private static JsonNode output(String module, String name) throws Exception {
        for (JsonNode file : Terraform.modules().get(module)) {
            JsonNode o = file.path("output").path(name);
            if (!o.isMissingNode()) {
                return o.get(0).path("value");
            }
        }
        throw new IllegalStateException(module + " has no output " + name);
    }

    private static final class MatchResult {
        final String variable;
        final String module;
        final String output;
        final String type;
        final String name;
        final String key;

        MatchResult(Matcher m) {
            this.variable = m.group(2);
            this.module = m.group(3);
            this.output = m.group(4);
            this.type = m.group(5);
            this.name = m.group(6);
            this.key = m.group(8);
        }
    }
}
