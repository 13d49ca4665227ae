package dev.hive.monitor.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Runner JARs kept by content: {@code <dataDir>/runners/<sha256>.jar}. A JAR is checked (a ZIP whose manifest
 * names the runner's main class) before it is kept. Plain blocking calls, for a worker executor.
 */
public final class RunnerJars {

    /** The main class every runner JAR built from the runner template names. */
    public static final String RUNNER_MAIN = "dev.hive.runner.Main";

    /** The most bytes a runner's manifest may have uncompressed; a real one has a few hundred. */
    static final int MAX_MANIFEST_BYTES = 64 * 1024;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path directory;

    public RunnerJars(Path dataDir) {
        this.directory = dataDir.resolve("runners");
    }

    /** Whether {@code sha256} is well formed: 64 lower-case hex digits. */
    public static boolean wellFormed(String sha256) {
        return sha256 != null && SHA256.matcher(sha256).matches();
    }

    /** Whether the JAR with this SHA-256 is already kept. */
    public boolean holds(String sha256) {
        return wellFormed(sha256) && Files.isRegularFile(pathOf(sha256));
    }

    /** Where the JAR with this SHA-256 is (or would be) kept. */
    public Path pathOf(String sha256) {
        if (!wellFormed(sha256)) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return directory.resolve(sha256 + ".jar");
    }

    /**
     * Checks the uploaded file and keeps it, moving it where it can; returns its SHA-256.
     *
     * @throws HttpError 400 when it is not a runner JAR
     */
    public String keep(Path upload) {
        try {
            check(upload);
            String sha256 = sha256(upload);
            Path target = pathOf(sha256);
            if (!Files.isRegularFile(target)) {
                Files.createDirectories(directory);
                try {
                    // the upload sits on the data directory's disk too: a rename, no second copy
                    Files.move(upload, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Path temp = Files.createTempFile(directory, sha256, ".part");
                    Files.copy(upload, temp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return sha256;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the runner JAR: " + e.getMessage(), e);
        }
    }

    /**
     * Checks the JAR without extracting anything: every entry's path must stay inside the archive (no absolute
     * path, no {@code ..} segment), and the manifest, read at most {@link #MAX_MANIFEST_BYTES}, must name the
     * runner's main class. Other entries are never inflated here, so a ZIP bomb costs the monitor nothing.
     */
    static void check(Path jar) throws IOException {
        Manifest manifest;
        try (ZipFile file = new ZipFile(jar.toFile())) {
            ZipEntry manifestEntry = null;
            for (var entries = file.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                if (unsafe(entry.getName())) {
                    throw HttpError.badRequest("the runner JAR holds an entry whose path leaves the archive: '"
                            + entry.getName() + "' (absolute or with '..')");
                }
                if (entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                    manifestEntry = entry;
                }
            }
            if (manifestEntry == null) {
                throw HttpError.badRequest("the runner JAR has no META-INF/MANIFEST.MF");
            }
            byte[] bytes;
            try (InputStream in = file.getInputStream(manifestEntry)) {
                bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
            }
            if (bytes.length > MAX_MANIFEST_BYTES) {
                throw HttpError.badRequest(
                        "the runner JAR's manifest is larger than " + MAX_MANIFEST_BYTES + " bytes uncompressed");
            }
            manifest = new Manifest(new ByteArrayInputStream(bytes));
        } catch (ZipException e) {
            throw HttpError.badRequest("the runner is not a JAR: it is not a ZIP file (" + e.getMessage() + ")");
        }
        String main = manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
        if (!RUNNER_MAIN.equals(main)) {
            throw HttpError.badRequest("the runner JAR's manifest names Main-Class "
                    + (main == null ? "nothing" : "'" + main + "'") + ", expected " + RUNNER_MAIN);
        }
    }

    private static boolean unsafe(String name) {
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            return true;
        }
        for (String segment : name.split("[/\\\\]")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
