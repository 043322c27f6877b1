package io.marketpipe.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;

/**
 * Where this checkout lives: {@code -Dmarketpipe.home}, then {@code MARKETPIPE_HOME}, then the
 * directory recorded when local-stack was built. The emulators and node_modules are found from it.
 */
public final class ProjectHome {
    private static final String PROPERTY = "marketpipe.home";
    private static final String ENV = "MARKETPIPE_HOME";

    private ProjectHome() {}

    public static Path get() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENV);
        }
        if (configured == null || configured.isBlank()) {
            configured = builtHome();
        }
        return Paths.get(configured).toAbsolutePath().normalize();
    }

    /** The checkout's {@code .local/} folder, gitignored, where all local data lives. */
    public static Path localData() {
        return get().resolve(".local");
    }

    /** Deletes {@code dir} and everything in it, but only if it lies inside {@code .local/}. */
    public static void deleteLocalData(Path dir) throws IOException {
        Path local = localData().toAbsolutePath().normalize();
        Path target = dir.toAbsolutePath().normalize();
        if (!target.startsWith(local) || target.equals(local)) {
            throw new IllegalArgumentException(
                    dir + " is not inside " + local + ": not deleting it");
        }
        if (!Files.exists(target)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(target)) {
            for (Path p :
                    (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    static Path requireExisting(Path path, String whatToDo) {
        if (!Files.exists(path)) {
            throw new StackException(path + " is missing: " + whatToDo);
        }
        return path;
    }

    private static String builtHome() {
        try (InputStream in = ProjectHome.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                throw new StackException(
                        "local-stack was built without build.properties: rebuild with ./pipeline build");
            }
            Properties props = new Properties();
            props.load(in);
            return props.getProperty(PROPERTY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
