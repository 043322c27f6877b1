package io.marketpipe.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of an emulator's own JVM: {@code EmulatorMain dynamodb|s3proxy ARGS...}. It exits
 * when stdin closes (the parent is gone) and pins DynamoDB Local, which has no bind-address option,
 * to 127.0.0.1. The emulators' classes are only on the child's classpath, hence the reflection.
 */
public final class EmulatorMain {
    private static final String LOOPBACK = "127.0.0.1";

    private EmulatorMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: EmulatorMain dynamodb|s3proxy ARGS...");
        }
        exitWhenParentGoes();
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "dynamodb":
                startDynamoDbOnLoopback(rest);
                break;
            case "s3proxy":
                Class.forName("org.gaul.s3proxy.Main")
                        .getMethod("main", String[].class)
                        .invoke(null, (Object) rest);
                break;
            default:
                throw new IllegalArgumentException("unknown emulator " + args[0]);
        }
    }

    private static void startDynamoDbOnLoopback(String[] args) throws Exception {
        Object proxy =
                Class.forName("com.amazonaws.services.dynamodbv2.local.main.ServerRunner")
                        .getMethod("createServerFromCommandLineArgs", String[].class)
                        .invoke(null, (Object) args);
        Field jettyField = proxy.getClass().getDeclaredField("server");
        jettyField.setAccessible(true);
        Object jetty = jettyField.get(proxy);
        Object[] connectors = (Object[]) jetty.getClass().getMethod("getConnectors").invoke(jetty);
        if (connectors.length == 0) {
            throw new IllegalStateException("DynamoDB Local has no connector to bind to loopback");
        }
        for (Object connector : connectors) {
            Method setHost = connector.getClass().getMethod("setHost", String.class);
            setHost.invoke(connector, LOOPBACK);
        }
        proxy.getClass().getMethod("start").invoke(proxy);
    }

    private static void exitWhenParentGoes() {
        Thread watcher =
                new Thread(
                        () -> {
                            byte[] buffer = new byte[256];
                            try (InputStream in = System.in) {
                                while (in.read(buffer) >= 0) {
                                    // nothing is ever sent; we only wait for end-of-file
                                }
                            } catch (IOException ignored) {
                                // a broken pipe means the same thing
                            }
                            System.exit(0);
                        },
                        "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
