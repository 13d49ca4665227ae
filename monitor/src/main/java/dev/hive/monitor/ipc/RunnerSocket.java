package dev.hive.monitor.ipc;

import dev.hive.protocol.ipc.IpcWriter;
import dev.hive.protocol.ipc.Refused;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongPredicate;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket file a run's runner connects to, and who may connect. Any local process that can reach the run's
 * directory could connect, so the file is the owner's only and a connection is accepted only from the process
 * the monitor started for the run (the peer's pid, from the socket's credentials); anyone else hears
 * {@code refused} and is logged. Keeping the socket's life (bind, accept, delete) here leaves the link the
 * conversation.
 */
final class RunnerSocket implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunnerSocket.class);

    /**
     * A connection from the run's runner.
     *
     * @param socket the connection
     * @param pid the runner's pid
     */
    record Peer(AFUNIXSocket socket, long pid) {}

    private final Path path;
    private final String runId;
    private final LongPredicate isOurRunner;
    private final AFUNIXServerSocket server;

    private RunnerSocket(Path path, String runId, LongPredicate isOurRunner, AFUNIXServerSocket server) {
        this.path = path;
        this.runId = runId;
        this.isOurRunner = isOurRunner;
        this.server = server;
    }

    /**
     * Binds the socket file (replacing a stale one), readable and writable by the owner only, with accepts
     * that wait 200 ms at a time.
     *
     * @param path the socket file
     * @param runId the run's id, for the log
     * @param isOurRunner whether a peer's pid is the run's runner (or a descendant)
     * @throws IOException when the socket cannot be bound; the file is gone then
     */
    static RunnerSocket bind(Path path, String runId, LongPredicate isOurRunner) throws IOException {
        Objects.requireNonNull(path, "path");
        Files.deleteIfExists(path);
        AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
        try {
            server.bind(AFUNIXSocketAddress.of(path));
            try {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system; the run directory's permissions still apply
            }
            server.setSoTimeout(200);
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(path);
            throw e;
        }
        return new RunnerSocket(path, runId, isOurRunner, server);
    }

    /** The socket file. */
    Path path() {
        return path;
    }

    /**
     * Accepts one connection: the runner's, or empty when another process connected (it was refused).
     *
     * @throws java.net.SocketTimeoutException when nobody connected within 200 ms
     * @throws IOException when accepting failed (also once the socket is closed)
     */
    Optional<Peer> accept() throws IOException {
        AFUNIXSocket socket = server.accept();
        long pid = peerPid(socket);
        if (pid <= 0 || !isOurRunner.test(pid)) {
            LOG.warn("run {}: refused a connection to {} from pid {}, which is not the run's runner", runId, path, pid);
            refuse(socket, "this socket serves another process");
            return Optional.empty();
        }
        return Optional.of(new Peer(socket, pid));
    }

    /** Stops accepting; connections accepted before stay open. */
    @Override
    public void close() {
        closeQuietly(server);
    }

    /** Deletes the socket file; a failure is logged. */
    void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("run {}: could not delete {}: {}", runId, path, e.toString());
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }

    private static long peerPid(AFUNIXSocket socket) {
        try {
            AFUNIXSocketCredentials credentials = socket.getPeerCredentials();
            return credentials == null ? -1 : credentials.getPid();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void refuse(AFUNIXSocket socket, String reason) {
        try {
            socket.setSoTimeout(200);
            new IpcWriter(socket.getOutputStream()).write(Refused.of(reason));
        } catch (IOException | RuntimeException e) {
            // the peer is not ours; whether it hears why does not matter
        } finally {
            closeQuietly(socket);
        }
    }
}
