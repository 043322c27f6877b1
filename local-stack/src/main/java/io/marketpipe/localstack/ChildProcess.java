package io.marketpipe.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An emulator running as a child process. Its stdin stays open for as long as this JVM lives: the
 * child's launcher exits on end-of-file, so it never outlives us, even after a SIGKILL. Output goes
 * to a log file under {@code .local/logs}.
 */
final class ChildProcess implements AutoCloseable {
    /** How long a child may take to exit by itself, and then after SIGTERM, unless told longer. */
    static final Duration GRACE = Duration.ofSeconds(5);

    private static final int LOG_TAIL_LINES = 15;

    private final String name;
    private final Process process;
    private final OutputStream lifeline;
    private final Path log;
    private final long graceMillis;

    private ChildProcess(String name, Process process, Path log, Duration grace) {
        this.name = name;
        this.process = process;
        this.lifeline = process.getOutputStream();
        this.log = log;
        this.graceMillis = grace.toMillis();
    }

    public static ChildProcess start(
            String name, List<String> command, Path workDir, Map<String, String> env, Path log) {
        return start(name, command, workDir, env, log, GRACE);
    }

    /**
     * As {@link #start(String, List, Path, Map, Path)}, for a child that may need up to {@code
     * grace} to exit once its stdin closes, and again after SIGTERM (one that saves its data).
     */
    public static ChildProcess start(
            String name,
            List<String> command,
            Path workDir,
            Map<String, String> env,
            Path log,
            Duration grace) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .directory(workDir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().putAll(env);
            return new ChildProcess(name, builder.start(), log, grace);
        } catch (IOException e) {
            throw new StackException(
                    "could not start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Throws with the tail of the log if the process has exited. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new StackException(
                    name
                            + " exited with code "
                            + process.exitValue()
                            + "; last lines of "
                            + log
                            + ":\n"
                            + logTail());
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(
                    "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL, as a crash: no shutdown hooks, no cleanup. */
    public void kill() {
        process.destroyForcibly();
    }

    /** Closes the lifeline, then escalates to SIGTERM and SIGKILL; waits for the whole tree. */
    @Override
    public void close() {
        try {
            lifeline.close();
        } catch (IOException ignored) {
            // the child already went away
        }
        if (!waitFor(graceMillis)) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!waitFor(graceMillis)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                waitFor(GRACE.toMillis());
            }
        }
    }

    private boolean waitFor(long millis) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
