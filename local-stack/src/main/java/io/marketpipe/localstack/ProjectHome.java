package io.marketpipe.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
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

    /**
     * Claims {@code dir} (inside {@code .local/}) for this process until the returned lock is
     * closed, through an OS file lock on {@code dir.lock} beside it, so a second run on the same
     * data (a second {@code ./pipeline local} in another terminal) fails with a clear message
     * instead of deleting the first run's streams, tables and checkpoints under it. The OS drops
     * the lock when the process dies, however it dies.
     */
    public static AutoCloseable lockLocalData(Path dir) throws IOException {
        Path target = insideLocalData(dir);
        Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
        Files.createDirectories(lockFile.getParent());
        FileChannel channel =
                FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = tryLock(channel);
        if (lock == null) {
            channel.close();
            String holder = "";
            try {
                holder = " (process " + Files.readString(lockFile).trim() + ")";
            } catch (IOException e) {
                // the holder's pid is only for the message
            }
            throw new StackException(
                    "another run is using "
                            + target
                            + holder
                            + ": stop it first; running both would mix or delete its data");
        }
        channel.truncate(0);
        channel.write(
                ByteBuffer.wrap(
                        (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
        return () -> {
            lock.release();
            channel.close();
        };
    }

    /** The lock, or null if another process (or this one) holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this process holds it already
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static Path insideLocalData(Path dir) {
        Path local = localData().toAbsolutePath().normalize();
        Path target = dir.toAbsolutePath().normalize();
        if (!target.startsWith(local) || target.equals(local)) {
            throw new IllegalArgumentException(dir + " is not inside " + local);
        }
        return target;
    }

    /** Deletes {@code dir} and everything in it, but only if it lies inside {@code .local/}. */
    public static void deleteLocalData(Path dir) throws IOException {
        Path target = insideLocalData(dir);
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
