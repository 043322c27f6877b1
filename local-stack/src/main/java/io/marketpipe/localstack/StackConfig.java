package io.marketpipe.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/** Ports, names and folders of a local stack. Every default is stated on its builder method. */
public final class StackConfig {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";

    /** Credentials the emulators accept; not secrets. */
    public static final String ACCESS_KEY = "local";

    public static final String SECRET_KEY = "localsecret";

    private final int kinesisPort;
    private final int kinesisTlsPort;
    private final int dynamoDbPort;
    private final int s3Port;
    private final int firehosePort;
    private final boolean persistStreams;
    private final Path dataDir;
    private final String rawStream;
    private final int rawShards;
    private final String quarantineStream;
    private final String latestPriceTable;
    private final String barsTable;
    private final String signalsTable;
    private final String positionsTable;
    private final String lakeBucket;

    private StackConfig(Builder b) {
        this.kinesisPort = b.kinesisPort;
        this.kinesisTlsPort = b.kinesisTlsPort;
        this.dynamoDbPort = b.dynamoDbPort;
        this.s3Port = b.s3Port;
        this.firehosePort = b.firehosePort;
        this.persistStreams = b.persistStreams;
        this.dataDir = Objects.requireNonNull(b.dataDir, "dataDir");
        this.rawStream = b.rawStream;
        this.rawShards = b.rawShards;
        this.quarantineStream = b.quarantineStream;
        this.latestPriceTable = b.latestPriceTable;
        this.barsTable = b.barsTable;
        this.signalsTable = b.signalsTable;
        this.positionsTable = b.positionsTable;
        this.lakeBucket = b.lakeBucket;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A config on fresh free ports with its data under {@code dataDir}, for tests. */
    public static StackConfig onFreePorts(Path dataDir) {
        return freePorts(dataDir).build();
    }

    /** On free ports, with the local Firehose (moto) too. */
    public static StackConfig onFreePortsWithFirehose(Path dataDir) {
        return freePorts(dataDir).firehosePort(Ports.freePort()).build();
    }

    private static Builder freePorts(Path dataDir) {
        return builder()
                .kinesisPort(Ports.freePort())
                .kinesisTlsPort(Ports.freePort())
                .dynamoDbPort(Ports.freePort())
                .s3Port(Ports.freePort())
                .dataDir(dataDir);
    }

    public int kinesisPort() {
        return kinesisPort;
    }

    public int kinesisTlsPort() {
        return kinesisTlsPort;
    }

    public int dynamoDbPort() {
        return dynamoDbPort;
    }

    public int s3Port() {
        return s3Port;
    }

    /** Whether the local Kinesis keeps its streams on disk across restarts (for --keep-data). */
    public boolean persistStreams() {
        return persistStreams;
    }

    /** The local Firehose (moto) port; -1 = not started. */
    public int firehosePort() {
        return firehosePort;
    }

    public URI firehoseEndpoint() {
        return URI.create("http://127.0.0.1:" + firehosePort);
    }

    /** The bucket, in the local Firehose's own S3, that its delivery streams write to. */
    public String firehoseBucket() {
        return "marketpipe-firehose";
    }

    /** The local delivery stream of a lake table. */
    public static String firehoseStream(String table) {
        return "marketpipe-" + table.replace('_', '-');
    }

    public Path dataDir() {
        return dataDir;
    }

    public String rawStream() {
        return rawStream;
    }

    public int rawShards() {
        return rawShards;
    }

    public String quarantineStream() {
        return quarantineStream;
    }

    public String latestPriceTable() {
        return latestPriceTable;
    }

    /** The top-of-book table, named after the latest-price one. */
    public String topOfBookTable() {
        return latestPriceTable.replace("latest-price", "top-of-book")
                + (latestPriceTable.contains("latest-price") ? "" : "-top-of-book");
    }

    public String barsTable() {
        return barsTable;
    }

    public String signalsTable() {
        return signalsTable;
    }

    public String positionsTable() {
        return positionsTable;
    }

    public String lakeBucket() {
        return lakeBucket;
    }

    public URI kinesisEndpoint() {
        return URI.create("http://127.0.0.1:" + kinesisPort);
    }

    public URI dynamoDbEndpoint() {
        return URI.create("http://127.0.0.1:" + dynamoDbPort);
    }

    public URI s3Endpoint() {
        return URI.create("http://127.0.0.1:" + s3Port);
    }

    public static String streamArn(String stream) {
        return "arn:aws:kinesis:" + REGION + ":" + ACCOUNT + ":stream/" + stream;
    }

    /** Where s3proxy keeps the lake bucket: the lake's Parquet files are plain files here. */
    public Path lakeDir() {
        return s3Dir().resolve(lakeBucket);
    }

    Path s3Dir() {
        return dataDir.resolve("s3");
    }

    Path dynamoDbDir() {
        return dataDir.resolve("dynamodb");
    }

    Path logDir() {
        return dataDir.resolve("logs");
    }

    /** Builder; defaults: Kinesis 4568 (TLS 4567), DynamoDB 8000, S3 9000, data in .local/stack. */
    public static final class Builder {
        private int kinesisPort = 4568;
        private int kinesisTlsPort = 4567;
        private int dynamoDbPort = 8000;
        private int s3Port = 9000;
        private int firehosePort = -1;
        private boolean persistStreams;
        private Path dataDir;
        private String rawStream = "marketpipe-raw";
        private int rawShards = 4;
        private String quarantineStream = "marketpipe-quarantine";
        private String latestPriceTable = "marketpipe-latest-price";
        private String barsTable = "marketpipe-bars";
        private String signalsTable = "marketpipe-signals";
        private String positionsTable = "marketpipe-positions";
        private String lakeBucket = "marketpipe-lake";

        private Builder() {}

        public Builder kinesisPort(int port) {
            this.kinesisPort = port;
            return this;
        }

        public Builder kinesisTlsPort(int port) {
            this.kinesisTlsPort = port;
            return this;
        }

        public Builder dynamoDbPort(int port) {
            this.dynamoDbPort = port;
            return this;
        }

        /**
         * Keep the local Kinesis's streams in the data folder (written every second, loaded at
         * start), so a run with kept data resumes where the last one stopped; default off.
         */
        public Builder persistStreams(boolean persist) {
            this.persistStreams = persist;
            return this;
        }

        /** Starts moto's server as the local Firehose on this port; -1 (the default) = none. */
        public Builder firehosePort(int port) {
            this.firehosePort = port;
            return this;
        }

        public Builder s3Port(int port) {
            this.s3Port = port;
            return this;
        }

        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Builder rawStream(String name) {
            this.rawStream = name;
            return this;
        }

        public Builder rawShards(int shards) {
            if (shards < 1) {
                throw new IllegalArgumentException("rawShards must be >= 1, was " + shards);
            }
            this.rawShards = shards;
            return this;
        }

        public Builder quarantineStream(String name) {
            this.quarantineStream = name;
            return this;
        }

        public Builder latestPriceTable(String name) {
            this.latestPriceTable = name;
            return this;
        }

        public Builder barsTable(String name) {
            this.barsTable = name;
            return this;
        }

        public Builder lakeBucket(String name) {
            this.lakeBucket = name;
            return this;
        }

        public StackConfig build() {
            if (dataDir == null) {
                dataDir = ProjectHome.localData().resolve("stack");
            }
            return new StackConfig(this);
        }
    }
}
