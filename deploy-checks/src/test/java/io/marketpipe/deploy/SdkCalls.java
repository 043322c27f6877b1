package io.marketpipe.deploy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The AWS SDK operations compiled code can call: every method reference, in the class files'
 * constant pools, to an AWS service client interface (SDK v2 {@code KinesisAsyncClient}, {@code
 * DynamoDbClient}..., or SDK v1 {@code AmazonKinesis}), relocated or not. An upper bound of what a
 * jar may call; what the job really calls is chosen from it.
 */
final class SdkCalls {
    /** Client interfaces by the IAM service prefix of their operations. */
    private static final Map<String, String> CLIENTS =
            Map.of(
                    "services/kinesis/KinesisAsyncClient", "kinesis",
                    "services/kinesis/KinesisClient", "kinesis",
                    "services/kinesis/AmazonKinesis", "kinesis",
                    "services/dynamodb/DynamoDbAsyncClient", "dynamodb",
                    "services/dynamodb/DynamoDbClient", "dynamodb",
                    "services/firehose/FirehoseAsyncClient", "firehose",
                    "services/firehose/FirehoseClient", "firehose");

    private SdkCalls() {}

    /** IAM-style actions ({@code kinesis:ListShards}) to the classes that call them. */
    static Map<String, Set<String>> in(Path jarOrClasses) throws IOException {
        Map<String, Set<String>> calls = new TreeMap<>();
        if (Files.isDirectory(jarOrClasses)) {
            try (Stream<Path> files = Files.walk(jarOrClasses)) {
                for (Path f :
                        (Iterable<Path>)
                                files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                    try (InputStream in = Files.newInputStream(f)) {
                        scan(in, jarOrClasses.relativize(f).toString(), calls);
                    }
                }
            }
        } else {
            try (ZipFile zip = new ZipFile(jarOrClasses.toFile())) {
                for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                    if (e.getName().endsWith(".class")
                            && !e.getName().startsWith("META-INF/versions")) {
                        try (InputStream in = zip.getInputStream(e)) {
                            scan(in, e.getName(), calls);
                        }
                    }
                }
            }
        }
        return calls;
    }

    /** The SDKs' own classes (and the KCL's) refer to every operation; only their callers count. */
    private static boolean insideAnSdk(String className) {
        return className.contains("software/amazon/awssdk/")
                || className.contains("com/amazonaws/")
                || className.contains("software/amazon/kinesis/");
    }

    private static void scan(InputStream raw, String className, Map<String, Set<String>> calls)
            throws IOException {
        DataInputStream in = new DataInputStream(raw);
        if (in.readInt() != 0xCAFEBABE) {
            return;
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        int[][] refs = new int[count][];
        int[] natNameIndex = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1:
                    utf8[i] = in.readUTF();
                    break;
                case 3:
                case 4:
                    in.readInt();
                    break;
                case 5:
                case 6:
                    in.readLong();
                    i++;
                    break;
                case 7:
                    classNameIndex[i] = in.readUnsignedShort();
                    break;
                case 8:
                case 16:
                case 19:
                case 20:
                    in.readUnsignedShort();
                    break;
                case 9:
                    in.readUnsignedShort();
                    in.readUnsignedShort();
                    break;
                case 10:
                case 11:
                    refs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                    break;
                case 12:
                    natNameIndex[i] = in.readUnsignedShort();
                    in.readUnsignedShort();
                    break;
                case 15:
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                    break;
                case 17:
                case 18:
                    in.readUnsignedShort();
                    in.readUnsignedShort();
                    break;
                default:
                    return; // not a class file we understand: skip it
            }
        }
        for (int i = 1; i < count; i++) {
            if (refs[i] == null) {
                continue;
            }
            String owner = utf8[classNameIndex[refs[i][0]]];
            String method = utf8[natNameIndex[refs[i][1]]];
            if (owner == null || method == null || insideAnSdk(className)) {
                continue;
            }
            for (Map.Entry<String, String> client : CLIENTS.entrySet()) {
                if (owner.endsWith(client.getKey())
                        && Character.isLowerCase(method.charAt(0))
                        && !method.equals("close")
                        && !method.equals("serviceName")
                        && !method.equals("serviceClientConfiguration")
                        && !method.equals("waiter")
                        && !method.startsWith("<")
                        && !method.endsWith("Paginator")
                        && !method.equals("builder")) {
                    String action =
                            client.getValue()
                                    + ":"
                                    + Character.toUpperCase(method.charAt(0))
                                    + method.substring(1);
                    calls.computeIfAbsent(action, k -> new TreeSet<>()).add(className);
                }
            }
        }
    }
}
