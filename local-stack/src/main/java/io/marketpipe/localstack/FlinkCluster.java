package io.marketpipe.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real multi-process Flink 1.19 standalone session cluster on 127.0.0.1, from the distribution
 * {@code emulators/flink-cluster} assembles out of Maven jars: a JobManager and TaskManagers, each
 * its own JVM, the dashboard and REST API on {@code restPort}, the S3 filesystem as a plugin, as
 * Managed Flink runs it. Jobs are uploaded and run over REST, as a user would.
 */
public final class FlinkCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkCluster.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> JAVA_17_FLAGS =
            List.of(
                    "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final Path dist;
    private final Path dir;
    private final int restPort;
    private final Optional<String> taskManagerCpus;
    private final List<ChildProcess> taskManagers = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ChildProcess jobManager;
    private ChildProcess zooKeeper;

    /** If this JVM exits without closing the cluster, its JVMs go too. */
    private final Thread shutdownHook = new Thread(this::stopProcesses, "flink-cluster-shutdown");

    private FlinkCluster(Path dist, Path dir, int restPort, Optional<String> taskManagerCpus) {
        this.dist = dist;
        this.dir = dir;
        this.restPort = restPort;
        this.taskManagerCpus = taskManagerCpus;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The distribution's folder (lib/, plugins/), built by {@code emulators/flink-cluster}. */
    public static Path distribution() {
        return ProjectHome.get().resolve("emulators/flink-cluster/target/flink");
    }

    /**
     * Starts a JobManager and {@code taskManagers} TaskManagers (2 slots each) with their state,
     * logs and temporary files under {@code dir}; {@code conf} adds to the cluster's config.yaml
     * (e.g. the S3 filesystem's endpoint). Returns once every TaskManager has registered.
     */
    public static FlinkCluster start(
            Path dir, int restPort, int taskManagers, Map<String, String> conf) throws IOException {
        return start(dir, restPort, taskManagers, conf, false, Optional.empty());
    }

    /**
     * As {@link #start(Path, int, int, Map)}; with {@code highAvailability}, the JobManager keeps
     * its jobs, their jars and their latest checkpoints in HA storage under {@code dir/ha} with
     * ZooKeeper (its own JVM on 127.0.0.1, from the same jars) electing the leader, so a JobManager
     * started again after a crash ({@link #restartJobManager}) recovers every running job from its
     * latest checkpoint, as Managed Flink's does. With {@code taskManagerCpus} (a CPU list as
     * {@code taskset -c} takes it, e.g. "1"), every TaskManager JVM runs on those CPUs only, also
     * after a restart: a job measured on one core, as one Managed Flink KPU has.
     */
    public static FlinkCluster start(
            Path dir,
            int restPort,
            int taskManagers,
            Map<String, String> conf,
            boolean highAvailability,
            Optional<String> taskManagerCpus)
            throws IOException {
        Path dist = distribution();
        if (!Files.isDirectory(dist.resolve("lib"))) {
            throw new StackException(
                    dist
                            + " is missing: build it with mvn package -pl emulators/flink-cluster"
                            + " (./pipeline does it for you)");
        }
        Ports.requireFree(restPort, "the Flink cluster's dashboard", "--ui-port");
        if (taskManagerCpus.isPresent()) {
            requireTaskset(taskManagerCpus.get());
        }
        FlinkCluster cluster = new FlinkCluster(dist, dir, restPort, taskManagerCpus);
        try {
            Map<String, String> all = new LinkedHashMap<>(conf);
            if (highAvailability) {
                all.putAll(cluster.startZooKeeper());
            }
            cluster.writeConfig(all);
            cluster.jobManager = cluster.startProcess("jobmanager", 0);
            for (int n = 1; n <= taskManagers; n++) {
                cluster.taskManagers.add(cluster.startProcess("taskmanager", n));
            }
            Poll.until(
                    "the Flink cluster's " + taskManagers + " TaskManagers to register",
                    START_TIMEOUT,
                    () -> {
                        cluster.requireAlive();
                        return cluster.registeredTaskManagers() == taskManagers;
                    });
            LOG.info("Flink cluster up: {} ({} TaskManagers)", cluster.rest(), taskManagers);
            return cluster;
        } catch (RuntimeException | IOException e) {
            cluster.close();
            throw e;
        }
    }

    public URI rest() {
        return URI.create("http://127.0.0.1:" + restPort);
    }

    private void writeConfig(Map<String, String> extra) throws IOException {
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf);
        Files.createDirectories(dir.resolve("tmp"));
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jobmanager.rpc.address", "127.0.0.1");
        c.put("jobmanager.rpc.port", Integer.toString(Ports.freePort()));
        c.put("jobmanager.bind-host", "127.0.0.1");
        c.put("jobmanager.memory.process.size", "1024m");
        c.put("taskmanager.host", "127.0.0.1");
        c.put("taskmanager.bind-host", "127.0.0.1");
        c.put("taskmanager.numberOfTaskSlots", "2");
        c.put("taskmanager.memory.process.size", "1280m");
        c.put("taskmanager.memory.managed.fraction", "0.2");
        c.put("parallelism.default", "2");
        c.put("cluster.evenly-spread-out-slots", "true");
        c.put("rest.address", "127.0.0.1");
        c.put("rest.bind-address", "127.0.0.1");
        c.put("rest.port", Integer.toString(restPort));
        c.put("blob.server.port", "0");
        c.put("web.submit.enable", "true");
        c.put("web.upload.dir", dir.resolve("tmp/web-upload").toString());
        // a metric fetch from a dead TaskManager would otherwise block the dashboard for 10 minutes
        c.put("web.timeout", "10000");
        c.put("io.tmp.dirs", dir.resolve("tmp").toString());
        c.put("blob.storage.directory", dir.resolve("tmp/blob").toString());
        c.put("heartbeat.interval", "2000");
        c.put("heartbeat.timeout", "10000");
        c.put("state.backend.type", "rocksdb");
        c.put("state.backend.incremental", "true");
        c.put("state.checkpoints.dir", dir.resolve("checkpoints").toUri().toString());
        c.put("state.savepoints.dir", dir.resolve("savepoints").toUri().toString());
        c.put(
                "execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION");
        c.put("restart-strategy.type", "fixed-delay");
        c.put("restart-strategy.fixed-delay.attempts", "20");
        c.put("restart-strategy.fixed-delay.delay", "2 s");
        c.put("jobmanager.execution.failover-strategy", "region");
        c.putAll(extra);
        StringBuilder yaml = new StringBuilder("# written by FlinkCluster\n");
        c.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
        Files.writeString(conf.resolve("config.yaml"), yaml);
        writeLogConfig(conf);
    }

    private static void writeLogConfig(Path conf) throws IOException {
        // "Name collision: ... 'pendingCommittables'" is logged for every FileSink committer at
        // every checkpoint: Flink 1.19's committer registers that gauge again per checkpoint and
        // the
        // registry keeps the first. Only the gauge's value is stale; no committable is affected.
        Files.writeString(
                conf.resolve("log4j.properties"),
                "rootLogger.level = INFO\nrootLogger.appenderRef.file.ref = MainAppender\n"
                        + "logger.metricgroup.name = org.apache.flink.metrics.MetricGroup\n"
                        + "logger.metricgroup.level = ERROR\n"
                        + "appender.main.name = MainAppender\nappender.main.type = File\n"
                        + "appender.main.fileName = ${sys:log.file}\nappender.main.layout.type = PatternLayout\n"
                        + "appender.main.layout.pattern = %d{HH:mm:ss.SSS} %-5level %c{1} - %msg%n\n");
    }

    /**
     * Starts a standalone ZooKeeper on a free loopback port (Flink's own quorum peer class, as
     * flink-dist's start-zookeeper-quorum.sh runs it) and returns the cluster's HA settings.
     */
    private Map<String, String> startZooKeeper() throws IOException {
        int port = Ports.freePort();
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf);
        Files.createDirectories(dir.resolve("log"));
        Path zooCfg = conf.resolve("zoo.cfg");
        Files.writeString(
                zooCfg,
                "tickTime=1000\ninitLimit=10\nsyncLimit=5\n"
                        + "dataDir="
                        + dir.resolve("zookeeper")
                        + "\nclientPort="
                        + port
                        + "\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\n"
                        + "maxSessionTimeout=30000\n");
        List<String> command =
                List.of(
                        javaBinary(),
                        "-Xmx128m",
                        "-Dzookeeper.admin.enableServer=false",
                        "-Dlog.file=" + dir.resolve("log/zookeeper.log"),
                        "-Dlog4j.configurationFile=file:" + conf.resolve("log4j.properties"),
                        "-cp",
                        dist.resolve("lib") + "/*",
                        "org.apache.flink.runtime.zookeeper.FlinkZooKeeperQuorumPeer",
                        "--zkConfigFile",
                        zooCfg.toString(),
                        "--peerId",
                        "1");
        writeLogConfig(conf);
        zooKeeper =
                ChildProcess.start(
                        "ZooKeeper", command, dir, Map.of(), dir.resolve("log/zookeeper.out"));
        Poll.until(
                "ZooKeeper to listen on 127.0.0.1:" + port,
                START_TIMEOUT,
                () -> {
                    zooKeeper.requireAlive();
                    return Ports.accepting(port);
                });
        Map<String, String> ha = new LinkedHashMap<>();
        ha.put("high-availability.type", "zookeeper");
        ha.put("high-availability.zookeeper.quorum", "127.0.0.1:" + port);
        ha.put("high-availability.storageDir", dir.resolve("ha").toUri().toString());
        ha.put("high-availability.cluster-id", "/marketpipe-local");
        // a killed JobManager's leadership ends with its ZooKeeper session: 60 s by default
        ha.put("high-availability.zookeeper.client.session-timeout", "10000");
        ha.put("high-availability.zookeeper.client.connection-timeout", "5000");
        return ha;
    }

    private ChildProcess startProcess(String role, int n) throws IOException {
        boolean jm = role.equals("jobmanager");
        String name = jm ? "jobmanager" : "taskmanager-" + n;
        List<String> resources =
                bashJavaUtils(jm ? "GET_JM_RESOURCE_PARAMS" : "GET_TM_RESOURCE_PARAMS");
        List<String> command = new ArrayList<>();
        if (!jm && taskManagerCpus.isPresent()) {
            // taskset execs the JVM: the child process is the TaskManager itself
            command.addAll(List.of("taskset", "-c", taskManagerCpus.get()));
        }
        command.add(javaBinary());
        command.addAll(List.of(resources.get(0).trim().split("\\s+")));
        command.addAll(JAVA_17_FLAGS);
        command.add("-Dlog.file=" + dir.resolve("log/" + name + ".log"));
        command.add("-Dlog4j.configurationFile=file:" + dir.resolve("conf/log4j.properties"));
        command.add("-cp");
        command.add(dist.resolve("lib") + "/*");
        command.add(
                jm
                        ? "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint"
                        : "org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
        command.add("--configDir");
        command.add(dir.resolve("conf").toString());
        if (jm) {
            command.add("--executionMode");
            command.add("cluster");
        } else {
            command.add("-D");
            command.add("taskmanager.resource-id=tm-" + n);
        }
        for (String token : resources.get(1).trim().split("\\s+")) {
            if (!token.isEmpty()) {
                command.add(token);
            }
        }
        return ChildProcess.start(
                "Flink " + name,
                command,
                dir,
                Map.of(
                        "FLINK_PLUGINS_DIR", dist.resolve("plugins").toString(),
                        "FLINK_CONF_DIR", dir.resolve("conf").toString()),
                dir.resolve("log/" + name + ".out"));
    }

    /** Fails with the reason unless {@code taskset -c cpus} works on this machine. */
    private static void requireTaskset(String cpus) throws IOException {
        if (!cpus.matches("[0-9]+([-,][0-9]+)*")) {
            throw new StackException(
                    "TaskManager CPUs \"" + cpus + "\" are not a list like 1 or 0-1,3");
        }
        String out;
        int exit;
        try {
            Process p =
                    new ProcessBuilder("taskset", "-c", cpus, "true")
                            .redirectErrorStream(true)
                            .start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            exit = p.waitFor();
        } catch (IOException e) {
            throw new StackException(
                    "pinning TaskManagers to CPUs needs taskset (util-linux): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checking taskset", e);
        }
        if (exit != 0) {
            throw new StackException("taskset -c " + cpus + " fails here: " + out);
        }
    }

    /** Memory flags and -D properties for a process, as flink-dist's scripts get them. */
    private List<String> bashJavaUtils(String command) throws IOException {
        Process p =
                new ProcessBuilder(
                                javaBinary(),
                                "-cp",
                                dist.resolve("lib") + "/*",
                                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                                command,
                                "--configDir",
                                dir.resolve("conf").toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        List<String> results = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:")) {
                results.add(line.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()));
            }
        }
        if (results.size() < 2) {
            throw new StackException("BashJavaUtils " + command + " failed: " + out);
        }
        return results;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void requireAlive() {
        jobManager.requireAlive();
        taskManagers.forEach(ChildProcess::requireAlive);
    }

    private int registeredTaskManagers() {
        try {
            return get("/overview").path("taskmanagers").asInt();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Uploads a job jar; returns its id for {@link #run}. */
    public String uploadJar(Path jar) throws IOException {
        String boundary = "marketpipe-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + jar.getFileName()
                                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode answer =
                send(
                        HttpRequest.newBuilder(rest().resolve("/jars/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        String file = answer.path("filename").asText();
        return Path.of(file).getFileName().toString();
    }

    /** Runs an uploaded jar; returns the job id. */
    public String run(
            String jarId,
            String entryClass,
            List<String> args,
            int parallelism,
            Optional<String> fromSavepoint)
            throws IOException {
        ObjectNode request = JSON.createObjectNode();
        request.put("entryClass", entryClass);
        request.put("parallelism", parallelism);
        args.forEach(request.putArray("programArgsList")::add);
        fromSavepoint.ifPresent(
                sp -> {
                    request.put("savepointPath", sp);
                    request.put("allowNonRestoredState", false);
                });
        return send(HttpRequest.newBuilder(rest().resolve("/jars/" + jarId + "/run"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(request.toString())))
                .path("jobid")
                .asText();
    }

    /** The job's state: RUNNING, RESTARTING, FINISHED, FAILED... */
    public String jobState(String jobId) throws IOException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** The job's user accumulators, by name. */
    public Map<String, Object> accumulators(String jobId) throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (JsonNode acc :
                get("/jobs/" + jobId + "/accumulators").path("user-task-accumulators")) {
            try {
                values.put(acc.path("name").asText(), Long.parseLong(acc.path("value").asText()));
            } catch (NumberFormatException notACount) {
                values.put(acc.path("name").asText(), acc.path("value").asText());
            }
        }
        return values;
    }

    /** Whether every task of the job is running (a savepoint needs them all). */
    /** How many times the job restarted (its {@code numRestarts} metric). */
    public long restarts(String jobId) throws IOException {
        for (JsonNode metric : get("/jobs/" + jobId + "/metrics?get=numRestarts")) {
            return Long.parseLong(metric.path("value").asText("0"));
        }
        return 0;
    }

    public boolean allTasksRunning(String jobId) throws IOException {
        JsonNode job = get("/jobs/" + jobId);
        if (!job.path("state").asText().equals("RUNNING")) {
            return false;
        }
        for (JsonNode vertex : job.path("vertices")) {
            if (!vertex.path("status").asText().equals("RUNNING")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stops the job with a savepoint in {@code directory}; returns the savepoint's path. A trigger
     * that fails because tasks are (re)starting is tried again until {@code timeout}.
     */
    public String stopWithSavepoint(String jobId, Path directory, Duration timeout)
            throws IOException {
        return stopWithSavepoint(jobId, directory, timeout, false);
    }

    /**
     * As {@link #stopWithSavepoint(String, Path, Duration)}; with {@code drain}, the sources end
     * first, so every window fires and every sink flushes what it buffered (for a job that stops
     * for good, not one to be resumed).
     */
    public String stopWithSavepoint(String jobId, Path directory, Duration timeout, boolean drain)
            throws IOException {
        ObjectNode request = JSON.createObjectNode();
        request.put("targetDirectory", directory.toUri().toString());
        request.put("drain", drain);
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastFailure = "none";
        while (System.nanoTime() < deadline) {
            String trigger =
                    send(HttpRequest.newBuilder(rest().resolve("/jobs/" + jobId + "/stop"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(request.toString())))
                            .path("request-id")
                            .asText();
            JsonNode operation = null;
            while (System.nanoTime() < deadline) {
                JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
                if (status.path("status").path("id").asText().equals("COMPLETED")) {
                    operation = status.path("operation");
                    break;
                }
                sleep(200);
            }
            if (operation == null) {
                break;
            }
            if (!operation.has("failure-cause")) {
                return operation.path("location").asText();
            }
            lastFailure =
                    operation
                            .path("failure-cause")
                            .path("stack-trace")
                            .asText()
                            .lines()
                            .findFirst()
                            .orElse("?");
            LOG.warn("stop with savepoint of {} failed, trying again: {}", jobId, lastFailure);
            sleep(2_000);
        }
        throw new IOException(
                "no savepoint of job " + jobId + " within " + timeout + ": " + lastFailure);
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Kills the JobManager as a crash would: SIGKILL, no shutdown. */
    public void killJobManager() {
        jobManager.kill();
    }

    /**
     * Starts the JobManager again after it died, as a supervisor would, and waits until it leads
     * and every TaskManager has registered with it. With high availability it then recovers the
     * jobs that were running from HA storage; without, they are gone.
     */
    public void restartJobManager() throws IOException {
        ChildProcess old = jobManager;
        Poll.until(name(old) + " to be gone", Duration.ofSeconds(30), () -> !old.isAlive());
        jobManager = startProcess("jobmanager", 0);
        Poll.until(
                "the new JobManager to lead with every TaskManager registered",
                START_TIMEOUT,
                () -> {
                    jobManager.requireAlive();
                    return registeredTaskManagers() == taskManagers.size();
                });
    }

    /** Kills TaskManager n (1-based) as a crash would: SIGKILL, no shutdown. */
    public void killTaskManager(int n) {
        taskManagers.get(n - 1).kill();
    }

    /**
     * Starts TaskManager n (1-based) again after it died, under its old resource id, as a
     * supervisor would, and waits until every TaskManager is registered.
     */
    public void restartTaskManager(int n) throws IOException {
        ChildProcess old = taskManagers.get(n - 1);
        Poll.until(name(old) + " to be gone", Duration.ofSeconds(30), () -> !old.isAlive());
        taskManagers.set(n - 1, startProcess("taskmanager", n));
        Poll.until(
                "every TaskManager registered again",
                START_TIMEOUT,
                () -> registeredTaskManagers() == taskManagers.size());
    }

    /** Whether TaskManager n (1-based) runs. */
    public boolean taskManagerAlive(int n) {
        return taskManagers.get(n - 1).isAlive();
    }

    private static String name(ChildProcess process) {
        return process.name();
    }

    private JsonNode get(String path) throws IOException {
        return send(HttpRequest.newBuilder(rest().resolve(path)).GET());
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException {
        try {
            HttpResponse<String> response =
                    http.send(
                            request.timeout(Duration.ofSeconds(60)).build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IOException(
                        "Flink REST answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        stopProcesses();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException exiting) {
            // the JVM is shutting down: the hook runs anyway
        }
    }

    private void stopProcesses() {
        for (ChildProcess tm : taskManagers) {
            tm.close();
        }
        if (jobManager != null) {
            jobManager.close();
        }
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }
}
