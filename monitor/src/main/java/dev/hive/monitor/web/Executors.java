package dev.hive.monitor.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;

/**
 * The named worker executors of the HTTP surface: database reads, database writes (one thread, so writes
 * never interleave), and file work (hashing and checking uploaded JARs, rack queries).
 */
public final class Executors implements AutoCloseable {

    private final WorkerExecutor reads;
    private final WorkerExecutor writes;
    private final WorkerExecutor files;

    public Executors(Vertx vertx) {
        this.reads = vertx.createSharedWorkerExecutor("hive-db-read", 4);
        this.writes = vertx.createSharedWorkerExecutor("hive-db-write", 1);
        this.files = vertx.createSharedWorkerExecutor("hive-files", 2);
    }

    public <T> Future<T> read(Callable<T> work) {
        return reads.executeBlocking(work, false);
    }

    public <T> Future<T> write(Callable<T> work) {
        return writes.executeBlocking(work, true);
    }

    public <T> Future<T> file(Callable<T> work) {
        return files.executeBlocking(work, false);
    }

    @Override
    public void close() {
        reads.close();
        writes.close();
        files.close();
    }
}
