package io.marketpipe.localstack;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProjectHomeTest {
    private final Path dir = ProjectHome.localData().resolve("test-claim-" + UUID.randomUUID());

    @AfterEach
    void cleanUp() throws Exception {
        ProjectHome.deleteLocalData(dir);
        Files.deleteIfExists(dir.resolveSibling(dir.getFileName() + ".lock"));
    }

    @Test
    void aRunInAnotherProcessKeepsItsDataFromASecondRun() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("stream"), "the first run's data");
        Process holder =
                new ProcessBuilder(
                                Paths.get(System.getProperty("java.home"), "bin", "java")
                                        .toString(),
                                "-Dmarketpipe.home=" + ProjectHome.get(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                Holder.class.getName(),
                                dir.toString())
                        .redirectErrorStream(true)
                        .start();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(holder.getInputStream(), UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("claimed");

            assertThatThrownBy(() -> ProjectHome.lockLocalData(dir))
                    .isInstanceOf(StackException.class)
                    .hasMessageContaining("another run is using " + dir)
                    .hasMessageContaining("process " + holder.pid());
            assertThat(Files.readString(dir.resolve("stream"))).isEqualTo("the first run's data");

            holder.getOutputStream().close(); // the holder ends, and the OS drops its lock
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            holder.destroyForcibly();
        }
        try (AutoCloseable claim = ProjectHome.lockLocalData(dir)) {
            ProjectHome.deleteLocalData(dir);
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void thisProcessCannotClaimTheSameDataTwiceAndCanAgainOnceItLetGo() throws Exception {
        try (AutoCloseable first = ProjectHome.lockLocalData(dir)) {
            assertThatThrownBy(() -> ProjectHome.lockLocalData(dir))
                    .isInstanceOf(StackException.class)
                    .hasMessageContaining("another run is using");
        }
        try (AutoCloseable again = ProjectHome.lockLocalData(dir)) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void onlyDataInsideLocalCanBeClaimedOrDeleted() {
        for (Path outside : List.of(ProjectHome.localData(), ProjectHome.get().resolve("src"))) {
            assertThatThrownBy(() -> ProjectHome.lockLocalData(outside))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ProjectHome.deleteLocalData(outside))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Claims the folder given, says so, and holds it until its standard input ends. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            try (AutoCloseable claim = ProjectHome.lockLocalData(Paths.get(args[0]))) {
                System.out.println("claimed");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the end of input
                }
            }
        }
    }
}
