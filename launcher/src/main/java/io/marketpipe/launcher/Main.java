package io.marketpipe.launcher;

import io.marketpipe.localstack.StackException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/** Entry point of the {@code ./pipeline} commands that run on the JVM. */
public final class Main {
    private Main() {}

    public static void main(String[] argv) {
        PrintStream out = System.out;
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicInteger signals = new AtomicInteger();
        sun.misc.SignalHandler onSignal =
                s -> {
                    if (signals.incrementAndGet() > 1) {
                        System.err.println("aborting");
                        System.exit(130);
                    }
                    interrupted.countDown();
                };
        Signal.handle(new Signal("INT"), onSignal);
        Signal.handle(new Signal("TERM"), onSignal);

        int code;
        try {
            code = run(argv, out, interrupted);
        } catch (Args.UsageException e) {
            System.err.println("pipeline: " + e.getMessage());
            System.err.println("usage: ./pipeline " + LocalCommand.USAGE);
            System.err.println(
                    "       ./pipeline cluster [the local options] [--from-savepoint PATH] [--ha]"
                            + " [--kpu] [--taskmanager-cpus LIST]");
            System.err.println("       ./pipeline " + SoakCommand.USAGE);
            System.err.println("       ./pipeline " + ChaosCommand.USAGE);
            System.err.println("       ./pipeline " + ReplayCommand.USAGE);
            System.err.println("       ./pipeline " + BacktestCommand.USAGE);
            System.err.println("       ./pipeline " + FetchHistoryCommand.USAGE);
            System.err.println("       ./pipeline " + QueryCommand.USAGE);
            System.err.println("       ./pipeline " + CostCommand.USAGE);
            code = 2;
        } catch (StackException e) {
            System.err.println("pipeline: " + e.getMessage());
            code = 1;
        } catch (Exception e) {
            System.err.println("pipeline: failed: " + e + " (details in .local/logs/pipeline.log)");
            org.slf4j.LoggerFactory.getLogger(Main.class).error("failed", e);
            code = 1;
        }
        System.exit(code);
    }

    static int run(String[] argv, PrintStream out, CountDownLatch interrupted) throws Exception {
        if (argv.length == 0) {
            throw new Args.UsageException("no command");
        }
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        switch (argv[0]) {
            case "local":
                return new LocalCommand(out).run(rest, interrupted);
            case "cluster":
                return new LocalCommand(out).run(rest, interrupted, true);
            case "soak":
                return new SoakCommand(out).run(rest, interrupted);
            case "chaos":
                return new ChaosCommand(out).run(rest, interrupted);
            case "replay":
                return new ReplayCommand(out).run(rest);
            case "backtest":
                return new BacktestCommand(out).run(rest);
            case "fetch-history":
                return new FetchHistoryCommand(out).run(rest);
            case "query":
                return new QueryCommand(out).run(rest);
            case "cost":
                return new CostCommand(out).run(rest);
            default:
                throw new Args.UsageException("unknown command " + argv[0]);
        }
    }
}
