package io.marketpipe.job;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Faults in every AWS SDK v2 client of this JVM (registered globally through {@code
 * software/amazon/awssdk/global/handlers/execution.interceptors} on the test class path), while
 * {@link #enable} is in force: every {@code every}-th attempt of a write to DynamoDB or Kinesis
 * gets the next of a throttling answer, a 500, a connection reset or a 300 ms latency spike.
 * Throttling and 500s replace the answer of a request the emulator did carry out, as when a
 * response is lost: the retry writes again, so the sinks' idempotence is what is tested. Off, it
 * does nothing.
 */
public final class FaultInjector implements ExecutionInterceptor {
    /** The faults, injected in this order. */
    public enum Fault {
        THROTTLE,
        SERVER_ERROR,
        RESET,
        LATENCY
    }

    private static final Set<String> WRITES =
            Set.of("BatchWriteItem", "PutItem", "UpdateItem", "PutRecords", "PutRecord");
    private static final ExecutionAttribute<Fault> FAULT = new ExecutionAttribute<>("fault");
    private static final AtomicLong ATTEMPTS = new AtomicLong();
    private static final Map<Fault, AtomicLong> INJECTED = new EnumMap<>(Fault.class);
    private static volatile int every;

    static {
        for (Fault f : Fault.values()) {
            INJECTED.put(f, new AtomicLong());
        }
    }

    /** Faults every {@code n}-th write attempt from now on; 0 turns them off. */
    public static void enable(int n) {
        ATTEMPTS.set(0);
        INJECTED.values().forEach(c -> c.set(0));
        every = n;
    }

    public static void disable() {
        every = 0;
    }

    /** How many faults of a kind were injected since {@link #enable}. */
    public static long injected(Fault fault) {
        return INJECTED.get(fault).get();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attrs) {
        attrs.putAttribute(FAULT, null);
        int n = every;
        if (n == 0 || !WRITES.contains(attrs.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            return;
        }
        long attempt = ATTEMPTS.incrementAndGet();
        if (attempt % n != 0) {
            return;
        }
        Fault fault = Fault.values()[(int) ((attempt / n) % Fault.values().length)];
        INJECTED.get(fault).incrementAndGet();
        if (fault == Fault.LATENCY) {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        // the rest act on the answer: nothing is thrown here, since an exception out of an
        // interceptor on an async client's retry is lost with its future (SDK 2.20), which no
        // real fault does
        attrs.putAttribute(FAULT, fault);
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(
            Context.ModifyHttpResponse context, ExecutionAttributes attrs) {
        Fault fault = attrs.getAttribute(FAULT);
        if (fault == null) {
            return context.httpResponse();
        }
        if (fault == Fault.RESET) {
            // the body will break off: no checksum of it can match, as on a real reset
            return context.httpResponse().toBuilder().removeHeader("x-amz-crc32").build();
        }
        byte[] body = errorBody(fault, attrs);
        return context.httpResponse().toBuilder()
                .statusCode(fault == Fault.THROTTLE ? 400 : 500)
                .statusText(fault == Fault.THROTTLE ? "Bad Request" : "Internal Server Error")
                .removeHeader("x-amz-crc32") // the real answer's checksum, not this one's
                .putHeader("Content-Length", Integer.toString(body.length))
                .putHeader("x-amzn-ErrorType", shortName(errorType(fault, attrs)))
                .build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(
            Context.ModifyHttpResponse context, ExecutionAttributes attrs) {
        Fault fault = attrs.getAttribute(FAULT);
        if (fault == null) {
            return context.responseBody();
        }
        context.responseBody()
                .ifPresent(
                        body -> {
                            try {
                                body.readAllBytes(); // the real answer, lost
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
        if (fault == Fault.RESET) {
            return Optional.of(
                    new InputStream() {
                        @Override
                        public int read() throws IOException {
                            throw new IOException("Connection reset (injected)");
                        }
                    });
        }
        return Optional.of(new ByteArrayInputStream(errorBody(fault, attrs)));
    }

    @Override
    public Optional<Publisher<ByteBuffer>> modifyAsyncHttpResponseContent(
            Context.ModifyHttpResponse context, ExecutionAttributes attrs) {
        Fault fault = attrs.getAttribute(FAULT);
        if (fault == null) {
            return context.responsePublisher();
        }
        if (fault == Fault.RESET) {
            return Optional.of(
                    subscriber ->
                            subscriber.onSubscribe(
                                    new org.reactivestreams.Subscription() {
                                        private boolean done;

                                        @Override
                                        public void request(long n) {
                                            if (!done) {
                                                done = true;
                                                subscriber.onError(
                                                        new IOException(
                                                                "Connection reset (injected)"));
                                            }
                                        }

                                        @Override
                                        public void cancel() {
                                            done = true;
                                        }
                                    }));
        }
        return Optional.of(AsyncRequestBody.fromBytes(errorBody(fault, attrs)));
    }

    private static String errorType(Fault fault, ExecutionAttributes attrs) {
        boolean dynamo = "DynamoDb".equals(attrs.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
        if (fault == Fault.THROTTLE) {
            return dynamo
                    ? "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException"
                    : "ProvisionedThroughputExceededException";
        }
        return dynamo ? "com.amazonaws.dynamodb.v20120810#InternalServerError" : "InternalFailure";
    }

    /** The error code as the x-amzn-ErrorType header carries it: no namespace. */
    private static String shortName(String type) {
        return type.substring(type.lastIndexOf('#') + 1);
    }

    private static byte[] errorBody(Fault fault, ExecutionAttributes attrs) {
        return ("{\"__type\":\""
                        + errorType(fault, attrs)
                        + "\",\"message\":\"injected "
                        + fault
                        + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
