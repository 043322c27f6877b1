package io.marketpipe.localstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starts each emulator as a child process bound to 127.0.0.1. */
final class Emulators {
    static final int MIN_NODE_MAJOR = 18;
    private static final Pattern NODE_VERSION = Pattern.compile("v(\\d+)\\.");

    /** How often kinesis-mock saves its streams while it runs, when they are kept. */
    static final String PERSIST_INTERVAL = "5m";

    /** How long kinesis-mock may take to save its streams as it exits. */
    private static final Duration PERSIST_AT_EXIT = Duration.ofSeconds(60);

    private final Path home;
    private final StackConfig config;

    Emulators(Path home, StackConfig config) {
        this.home = home;
        this.config = config;
    }

    /**
     * Fails with a one-line message unless Node.js >= 18 is on the PATH and kinesis-local is
     * installed.
     */
    void requireNode() {
        String version;
        try {
            Process node =
                    new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            version =
                    new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            node.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new StackException(
                    "Node.js is not on the PATH: install Node.js "
                            + MIN_NODE_MAJOR
                            + " or newer (e.g. apt-get install nodejs npm), then rerun");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while checking Node.js");
        }
        Matcher m = NODE_VERSION.matcher(version);
        if (!m.find() || Integer.parseInt(m.group(1)) < MIN_NODE_MAJOR) {
            throw new StackException(
                    "Node.js "
                            + version
                            + " is too old: the local Kinesis needs Node.js "
                            + MIN_NODE_MAJOR
                            + " or newer");
        }
        ProjectHome.requireExisting(
                kinesisPackage().resolve("main.js"),
                "run `npm ci` in " + home + " (./pipeline does it for you)");
    }

    ChildProcess startKinesis() {
        Path launcher = writeResource("kinesis-launcher.js");
        Map<String, String> env = new HashMap<>();
        env.put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(config.kinesisPort()));
        env.put("KINESIS_MOCK_TLS_PORT", Integer.toString(config.kinesisTlsPort()));
        env.put("AWS_REGION", StackConfig.REGION);
        env.put("AWS_ACCOUNT_ID", StackConfig.ACCOUNT);
        env.put("SHARD_LIMIT", "10000");
        env.put("LOG_LEVEL", "WARN");
        if (config.persistStreams()) {
            env.put("SHOULD_PERSIST_DATA", "true");
            env.put("LOAD_DATA_IF_EXISTS", "true");
            env.put(
                    "PERSIST_PATH",
                    config.dataDir().resolve("kinesis").toAbsolutePath().toString());
            // kinesis-mock writes its whole state as one JSON file on its only thread: each second,
            // that held a 50-symbol run's GetRecords up to seconds and took 1.5 cores of two after
            // two minutes. It also writes as it exits (when its stdin closes), so the interval
            // only bounds what a crash loses.
            env.put("PERSIST_INTERVAL", PERSIST_INTERVAL);
        }
        for (String op :
                List.of(
                        "CREATE_STREAM",
                        "DELETE_STREAM",
                        "REGISTER_STREAM_CONSUMER",
                        "DEREGISTER_STREAM_CONSUMER",
                        "MERGE_SHARDS",
                        "SPLIT_SHARD",
                        "START_STREAM_ENCRYPTION",
                        "STOP_STREAM_ENCRYPTION",
                        "UPDATE_SHARD_COUNT")) {
            env.put(op + "_DURATION", "0ms");
        }
        List<String> command =
                List.of(
                        "node",
                        launcher.toString(),
                        kinesisPackage().resolve("main.js").toString());
        return ChildProcess.start(
                "kinesis-mock",
                command,
                kinesisPackage(),
                env,
                config.logDir().resolve("kinesis.log"),
                config.persistStreams() ? PERSIST_AT_EXIT : ChildProcess.GRACE);
    }

    /** moto's server on the PATH (the pip package moto, with its server extra), or null. */
    static Path motoServer() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "moto_server");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The local Firehose: moto's server, which delivers into its own S3 on the same port. */
    ChildProcess startFirehose(Path motoServer) throws IOException {
        return ChildProcess.start(
                "moto (Firehose)",
                List.of(
                        motoServer.toString(),
                        "-H",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(config.firehosePort())),
                home,
                Map.of(),
                config.logDir().resolve("moto.log"));
    }

    ChildProcess startDynamoDb() throws IOException {
        Path lib =
                ProjectHome.requireExisting(
                        home.resolve("emulators/dynamodb-local/target/lib"),
                        "build it with ./pipeline build (or mvn -pl emulators/dynamodb-local package)");
        Files.createDirectories(config.dynamoDbDir());
        List<String> command = javaCommand(lib);
        command.add(0, "-Djava.library.path=" + lib);
        command.add(1, "-Dsqlite4java.library.path=" + lib);
        command.add(0, javaBinary());
        command.add(EmulatorMain.class.getName());
        command.add("dynamodb");
        command.add("-port");
        command.add(Integer.toString(config.dynamoDbPort()));
        command.add("-dbPath");
        command.add(config.dynamoDbDir().toString());
        command.add("-sharedDb");
        command.add("-disableTelemetry");
        return ChildProcess.start(
                "DynamoDB Local", command, home, Map.of(), config.logDir().resolve("dynamodb.log"));
    }

    ChildProcess startS3() throws IOException {
        Path lib =
                ProjectHome.requireExisting(
                        home.resolve("emulators/s3proxy/target/lib"),
                        "build it with ./pipeline build (or mvn -pl emulators/s3proxy package)");
        Files.createDirectories(config.s3Dir());
        Properties props = new Properties();
        props.setProperty("s3proxy.endpoint", config.s3Endpoint().toString());
        props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        props.setProperty("s3proxy.identity", StackConfig.ACCESS_KEY);
        props.setProperty("s3proxy.credential", StackConfig.SECRET_KEY);
        props.setProperty("jclouds.provider", "filesystem");
        props.setProperty("jclouds.filesystem.basedir", config.s3Dir().toString());
        Path propsFile = config.dataDir().resolve("s3proxy.properties");
        try (var out = Files.newBufferedWriter(propsFile)) {
            props.store(out, "written by local-stack");
        }
        Path logback = writeResource("s3proxy-logback.xml");
        List<String> command = javaCommand(lib);
        command.add(0, "-Dlogback.configurationFile=" + logback);
        command.add(0, javaBinary());
        command.add(EmulatorMain.class.getName());
        command.add("s3proxy");
        command.add("--properties");
        command.add(propsFile.toString());
        return ChildProcess.start(
                "s3proxy", command, home, Map.of(), config.logDir().resolve("s3proxy.log"));
    }

    private Path kinesisPackage() {
        return home.resolve("node_modules/kinesis-local");
    }

    private static List<String> javaCommand(Path lib) {
        List<String> command = new ArrayList<>();
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(ownClasspath() + File.pathSeparator + lib + File.separator + "*");
        return command;
    }

    private static String javaBinary() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Where EmulatorMain was loaded from: a jar or a classes folder. */
    private static String ownClasspath() {
        try {
            return Paths.get(
                            EmulatorMain.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path writeResource(String name) {
        Path target = config.dataDir().resolve("bin").resolve(name);
        try (InputStream in = Emulators.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(
                        "resource " + name + " is missing from local-stack");
            }
            Files.createDirectories(target.getParent());
            Files.write(target, in.readAllBytes());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
