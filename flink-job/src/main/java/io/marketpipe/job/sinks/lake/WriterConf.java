package io.marketpipe.job.sinks.lake;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * The Hadoop configuration the Parquet writers get: no default resources, and Parquet's own class
 * loader rather than the thread's. Parquet caches compression codecs statically with the
 * configuration they were first made with; one that held a job's class loader made the next job in
 * the same JVM fail ("Trying to access closed classloader") when it compressed a page.
 */
final class WriterConf {
    private WriterConf() {}

    static Configuration create() {
        Configuration conf = new Configuration(false);
        conf.setClassLoader(ParquetWriter.class.getClassLoader());
        return conf;
    }
}
