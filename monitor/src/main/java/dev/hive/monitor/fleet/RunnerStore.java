package dev.hive.monitor.fleet;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.ObjectStore;
import io.nats.client.api.ObjectInfo;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runner JARs in the hub's object store {@value #BUCKET}, keyed by their SHA-256: the front uploads a JAR once
 * (not again while the store holds it), a rack downloads it once into its runner directory and keeps it only
 * when its SHA-256 is the key.
 */
public final class RunnerStore {

    public static final String BUCKET = "hive-runners";

    private static final Logger LOG = LoggerFactory.getLogger(RunnerStore.class);

    private RunnerStore() {}

    /**
     * Puts {@code jar} under {@code sha256} unless the store holds it already.
     *
     * @return whether it was uploaded now
     */
    public static boolean upload(Connection connection, String sha256, Path jar)
            throws IOException, JetStreamApiException, NoSuchAlgorithmException {
        ObjectStore store = bucket(connection);
        ObjectInfo info = store.getInfo(sha256);
        if (info != null && !info.isDeleted()) {
            return false;
        }
        long started = System.nanoTime();
        try (InputStream in = Files.newInputStream(jar)) {
            store.put(sha256, in);
        }
        LOG.info(
                "runner {} ({} bytes) put into the hub's object store in {} ms",
                sha256,
                Files.size(jar),
                (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    /**
     * The JAR {@code sha256} in {@code directory} as {@code <sha256>.jar}: downloaded from the store when not
     * there yet, and kept only when its content hashes to {@code sha256}.
     *
     * @throws IOException when the store does not hold it, or what came does not match the key
     */
    public static Path download(Connection connection, String sha256, Path directory)
            throws IOException, JetStreamApiException, InterruptedException, NoSuchAlgorithmException {
        Path jar = directory.resolve(sha256 + ".jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Files.createDirectories(directory);
        ObjectStore store = connection.objectStore(BUCKET); // the front creates it: a rack may not
        if (store.getInfo(sha256) == null) {
            throw new IOException("the hub's object store does not hold runner " + sha256);
        }
        Path part = Files.createTempFile(directory, sha256, ".part");
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(part), digest)) {
                store.get(sha256, out);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(sha256)) {
                throw new IOException("runner " + sha256 + " from the hub's object store hashes to " + actual);
            }
            Files.move(part, jar, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("runner {} ({} bytes) fetched from the hub's object store and verified", sha256, Files.size(jar));
            return jar;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Creates the store when the hub does not have it (the front does, see {@link HubResources#setUp}). */
    static void ensureBucket(Connection connection) throws IOException, JetStreamApiException {
        bucket(connection);
    }

    private static ObjectStore bucket(Connection connection) throws IOException, JetStreamApiException {
        try {
            connection.jetStreamManagement().getStreamInfo("OBJ_" + BUCKET);
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() != 404) {
                throw e;
            }
            connection
                    .objectStoreManagement()
                    .create(ObjectStoreConfiguration.builder(BUCKET)
                            .storageType(StorageType.File)
                            .build());
        }
        return connection.objectStore(BUCKET);
    }
}
