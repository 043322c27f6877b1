package io.marketpipe.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * terraform/ as a real HCL parser reads it: every file parsed once per test JVM by {@code
 * src/test/node/hcl2json.js} (@cdktf/hcl2json, HashiCorp's HCL library as WebAssembly).
 */
final class Terraform {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path DIR = ROOT.resolve("terraform");
    private static Map<String, JsonNode> parsed;

    private Terraform() {}

    /** Relative path (e.g. {@code modules/storage/main.tf}) to its parsed JSON. */
    static synchronized Map<String, JsonNode> files() throws IOException, InterruptedException {
        if (parsed == null) {
            Path script = ROOT.resolve("deploy-checks/src/test/node/hcl2json.js");
            Process node =
                    new ProcessBuilder("node", script.toString(), DIR.toString())
                            .directory(ROOT.toFile())
                            .redirectErrorStream(false)
                            .start();
            byte[] out = node.getInputStream().readAllBytes();
            String err = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0) {
                throw new IllegalStateException(
                        "hcl2json failed (run npm ci at the repository root): " + err);
            }
            Map<String, JsonNode> files = new LinkedHashMap<>();
            new ObjectMapper()
                    .readTree(out)
                    .fields()
                    .forEachRemaining(e -> files.put(e.getKey(), e.getValue()));
            parsed = files;
        }
        return parsed;
    }

    /** The folders that are modules or stacks: module name (e.g. "modules/storage") to files. */
    static Map<String, List<JsonNode>> modules() throws IOException, InterruptedException {
        Map<String, List<JsonNode>> modules = new LinkedHashMap<>();
        files().forEach(
                        (file, json) ->
                                modules.computeIfAbsent(
                                                file.substring(0, file.lastIndexOf('/')),
                                                k -> new ArrayList<>())
                                        .add(json));
        return modules;
    }

    /** Calls {@code each} with (name, body) for every block of a kind ("variable", "output"...). */
    static void blocks(List<JsonNode> files, String kind, BiConsumer<String, JsonNode> each) {
        for (JsonNode file : files) {
            JsonNode blocks = file.get(kind);
            if (blocks == null) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = blocks.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                each.accept(
                        e.getKey(), e.getValue().isArray() ? e.getValue().get(0) : e.getValue());
            }
        }
    }

    /**
     * Calls {@code each} with (type, name, body) for every resource or data source: {@code kind} is
     * "resource" or "data".
     */
    static void resources(List<JsonNode> files, String kind, TriConsumer each) {
        blocks(
                files,
                kind,
                (type, byName) ->
                        byName.fields()
                                .forEachRemaining(
                                        e ->
                                                each.accept(
                                                        type,
                                                        e.getKey(),
                                                        e.getValue().isArray()
                                                                ? e.getValue().get(0)
                                                                : e.getValue())));
    }

    /** Every string anywhere in {@code node}, for reference scanning. */
    static void strings(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isContainerNode()) {
            node.fieldNames().forEachRemaining(out::add); // keys may be expressions too
            node.forEach(child -> strings(child, out));
        }
    }

    static String text(Path relative) throws IOException {
        return Files.readString(DIR.resolve(relative));
    }

    /** (type, name, body). */
    @FunctionalInterface
    interface TriConsumer {
        void accept(String type, String name, JsonNode body);
    }
}
