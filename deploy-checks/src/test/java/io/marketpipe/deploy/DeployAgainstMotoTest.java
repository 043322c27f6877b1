package io.marketpipe.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./pipeline deploy} and {@code teardown} end to end against moto's server, with the AWS CLI
 * really calling it for every step moto answers (the jar's S3 object version, the image repository
 * and its digest, the forwarder's secrets, Managed Flink's describe), and {@code terraform}, {@code
 * docker} and {@code mvn} stand-ins on the PATH ({@code src/test/resources/fake-tools}) that record
 * their calls and make in moto what the real ones would. Checks that the stack is applied with the
 * very version and digest the account holds, that a secret without a value stops the deploy, that a
 * second deploy pushes no image it has already, and that teardown can run twice.
 */
class DeployAgainstMotoTest {
    private static final String IMAGE_ID =
            "4f2a6c1e9b0d3a5c7e8f1b2d4a6c8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d";
    private static final String KEY = "flink-job/flink-job-0.1.0-SNAPSHOT-job.jar";
    private static final String BUCKET = "marketpipe-dev-artifacts-e2e";
    private static final String STATE = "marketpipe-tfstate-e2e";
    private static final String INIT =
            "terraform -chdir=terraform/stack init -input=false -reconfigure"
                    + " -backend-config=bucket="
                    + STATE
                    + " -backend-config=key=marketpipe/dev/terraform.tfstate"
                    + " -backend-config=region=ap-northeast-1 -backend-config=encrypt=true"
                    + " -backend-config=use_lockfile=true";
    private static final String WITH =
            "-var-file=../envs/dev/terraform.tfvars -var environment=dev";

    private static Process moto;
    private static int port;

    @TempDir static Path dir;

    private static Path home;
    private static Path calls;
    private static Path bin;

    @BeforeAll
    static void start() throws Exception {
        Path motoServer = onPath("moto_server");
        assumeTrue(
                motoServer != null && onPath("aws") != null,
                "needs moto's server (pip install 'moto[server]') and the AWS CLI on the PATH");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        moto =
                new ProcessBuilder(motoServer.toString(), "-H", "127.0.0.1", "-p", "" + port)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("moto.log").toFile())
                        .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!answers()) {
            assertThat(moto.isAlive()).as("moto's server is running").isTrue();
            assertThat(System.nanoTime()).as("moto's server answers").isLessThan(deadline);
            Thread.sleep(100);
        }
        // a checkout of its own: the script, the stack's folder with its tfvars, the stand-ins
        home = Files.createDirectories(dir.resolve("checkout"));
        Files.copy(Terraform.ROOT.resolve("pipeline"), home.resolve("pipeline"));
        home.resolve("pipeline").toFile().setExecutable(true);
        Files.createDirectories(home.resolve("terraform/stack"));
        Path env = Files.createDirectories(home.resolve("terraform/envs/dev"));
        Files.writeString(
                env.resolve("terraform.tfvars"),
                "region = \"ap-northeast-1\"\n"
                        + "state_bucket_name = \""
                        + STATE
                        + "\"\nartifacts_bucket_name = \""
                        + BUCKET
                        + "\"\nlake_bucket_name = \"lake-e2e\"\n");
        bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("terraform", "docker", "mvn")) {
            Path fake = bin.resolve(tool);
            Files.copy(
                    Terraform.ROOT.resolve("deploy-checks/src/test/resources/fake-tools/" + tool),
                    fake);
            fake.toFile().setExecutable(true);
        }
        calls = dir.resolve("calls.txt");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (moto != null) {
            moto.destroy();
            moto.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static boolean answers() {
        try {
            HttpURLConnection c =
                    (HttpURLConnection)
                            URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.getResponseCode();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path onPath(String tool) {
        for (String d : System.getenv("PATH").split(File.pathSeparator)) {
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** The result of one command: its exit code and its output, both streams together. */
    private static final class Run {
        final int exit;
        final String output;

        Run(int exit, String output) {
            this.exit = exit;
            this.output = output;
        }
    }

    private static Run run(Map<String, String> extraEnv, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        Map<String, String> env = pb.environment();
        env.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + port);
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_DEFAULT_REGION", "ap-northeast-1");
        env.put("AWS_CONFIG_FILE", dir.resolve("no-aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-aws-credentials").toString());
        env.remove("AWS_PROFILE");
        env.remove("BINANCE_API_KEY");
        env.put("FAKE_CALLS", calls.toString());
        env.put("FAKE_IMAGE_ID", IMAGE_ID);
        env.putAll(extraEnv);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return new Run(p.exitValue(), new String(out, UTF_8));
    }

    private static String aws(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("aws");
        command.addAll(List.of(args));
        Run r = run(Map.of(), command.toArray(new String[0]));
        assertThat(r.exit).as(r.output).isZero();
        return r.output.trim();
    }

    /** What {@code query} makes of the artifacts bucket's object versions, as text. */
    private static String jarVersions(String query) throws Exception {
        return aws(
                "s3api",
                "list-object-versions",
                "--bucket",
                BUCKET,
                "--query",
                query,
                "--output",
                "text");
    }

    private static List<String> takeCalls() throws IOException {
        if (!Files.exists(calls)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(calls);
        Files.delete(calls);
        return lines;
    }

    /** The value of {@code -var NAME=...} in the last call that has it. */
    private static String lastVar(List<String> calls, String name) {
        String value = null;
        for (String call : calls) {
            int i = call.indexOf("-var " + name + "=");
            if (i >= 0) {
                String rest = call.substring(i + name.length() + 6);
                value = rest.split(" ")[0];
            }
        }
        return value;
    }

    @Test
    void deployAppliesWhatTheAccountHoldsRefusesAnEmptySecretAndTeardownRunsTwice()
            throws Exception {
        // a secret no one filled: the forwarder could not start, so the deploy stops before the
        // stack
        Run refused = run(Map.of(), "./pipeline", "deploy", "--env", "dev");
        assertThat(refused.exit).as(refused.output).isNotZero();
        assertThat(refused.output).contains("secret BINANCE_API_KEY has no value");
        List<String> before = takeCalls();
        assertThat(before.get(0)).as("the environment's state, locked, in S3").isEqualTo(INIT);
        assertThat(before).anyMatch(c -> c.contains(WITH + " -target=module.storage"));
        assertThat(
                        aws(
                                "s3api",
                                "get-bucket-versioning",
                                "--bucket",
                                STATE,
                                "--query",
                                "Status",
                                "--output",
                                "text"))
                .as("the state bucket, made by the first deploy, keeps every state")
                .isEqualTo("Enabled");
        assertThat(before)
                .as("no full apply after the refusal")
                .noneMatch(c -> c.contains("ingest_image_digest"));
        assertThat(jarVersions("length(Versions || `[]`)"))
                .as("and no jar uploaded for it")
                .isEqualTo("0");

        Map<String, String> withKey = Map.of("BINANCE_API_KEY", "the-api-key");
        Run first = run(withKey, "./pipeline", "deploy", "--env", "dev");
        assertThat(first.exit).as(first.output).isZero();
        List<String> firstCalls = takeCalls();
        String version = lastVar(firstCalls, "jar_object_version");
        String digest = lastVar(firstCalls, "ingest_image_digest");
        assertThat(version)
                .as("the jar's version as S3 holds it")
                .isEqualTo(jarVersions("Versions[?IsLatest].VersionId"));
        assertThat(digest)
                .as("the image's digest as ECR holds it")
                .startsWith("sha256:")
                .isEqualTo(
                        aws(
                                "ecr",
                                "describe-images",
                                "--repository-name",
                                "marketpipe-dev-ingest",
                                "--query",
                                "imageDetails[0].imageDigest",
                                "--output",
                                "text"));
        assertThat(
                        aws(
                                "secretsmanager",
                                "get-secret-value",
                                "--secret-id",
                                "marketpipe-dev/BINANCE_API_KEY",
                                "--query",
                                "SecretString",
                                "--output",
                                "text"))
                .isEqualTo("the-api-key");
        assertThat(firstCalls)
                .as("tagged by content, pushed once")
                .contains(
                        "docker tag marketpipe-ingest-source:build "
                                + pushedRepository(firstCalls)
                                + ":content-"
                                + IMAGE_ID.substring(0, 32))
                .filteredOn(c -> c.startsWith("docker push"))
                .hasSize(1);

        // the second deploy: a new jar version, the same image, not pushed again
        Run second = run(withKey, "./pipeline", "deploy", "--env", "dev");
        assertThat(second.exit).as(second.output).isZero();
        assertThat(second.output).contains("is in the repository already");
        List<String> secondCalls = takeCalls();
        assertThat(secondCalls).noneMatch(c -> c.startsWith("docker push"));
        assertThat(lastVar(secondCalls, "ingest_image_digest")).isEqualTo(digest);
        String version2 = lastVar(secondCalls, "jar_object_version");
        assertThat(version2).isNotEqualTo(version);
        assertThat(jarVersions("length(Versions)"))
                .as("the earlier version stays for a rollback")
                .isEqualTo("2");

        // teardown: no application in moto's Managed Flink, so nothing to stop; twice, both fine
        for (int i = 0; i < 2; i++) {
            Run down = run(Map.of(), "./pipeline", "teardown", "--env", "dev");
            assertThat(down.exit).as(down.output).isZero();
            assertThat(down.output).contains("nothing to stop");
            assertThat(takeCalls())
                    .containsExactly(
                            INIT,
                            "terraform -chdir=terraform/stack destroy -input=false -auto-approve "
                                    + WITH);
        }
    }

    /** The repository URL the deploy tagged its image for. */
    private static String pushedRepository(List<String> calls) {
        for (String c : calls) {
            if (c.startsWith("docker push ")) {
                String ref = c.substring("docker push ".length());
                return ref.substring(0, ref.lastIndexOf(':'));
            }
        }
        return "<no push>";
    }
}
