package dev.hive.cli.build;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A workspace held by one build at a time: across processes by a lock on its {@code .lock} file; across the threads of
 * one process (the CLI's daemon runs two {@code hive test} of one candidate at once) by a lock per workspace first,
 * since a file lock belongs to the whole process (a second one in the same JVM fails instead of waiting).
 */
final class WorkspaceLock implements AutoCloseable {

    /** The process's locks by workspace: the file locks' in-process side, as process-wide as they are. */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock thread;
    private final FileChannel file;
    private final FileLock lock;

    private WorkspaceLock(ReentrantLock thread, FileChannel file, FileLock lock) {
        this.thread = thread;
        this.file = file;
        this.lock = lock;
    }

    /** Waits until this thread holds the workspace {@code dir}. */
    static WorkspaceLock acquire(Path dir) throws IOException {
        ReentrantLock thread = IN_PROCESS.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new ReentrantLock());
        thread.lock();
        FileChannel file = null;
        try {
            file = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new WorkspaceLock(thread, file, file.lock());
        } catch (IOException | RuntimeException e) {
            if (file != null) {
                file.close();
            }
            thread.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            file.close();
        } finally {
            thread.unlock();
        }
    }
}
