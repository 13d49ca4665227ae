package dev.hive.cli.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.Set;

/**
 * The CLI's files in the user's config directory: {@code config.properties} ({@code url}, {@code ca-cert},
 * {@code insecure}) and {@code credentials} ({@code token}), the latter created with mode 0600 before the token is
 * written to it, so the token is never readable by others, not even for a moment.
 */
public final class ConfigStore {

    static final String CONFIG_FILE = "config.properties";
    static final String CREDENTIALS_FILE = "credentials";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path dir;

    public ConfigStore(Path dir) {
        this.dir = dir;
    }

    public Path configFile() {
        return dir.resolve(CONFIG_FILE);
    }

    public Path credentialsFile() {
        return dir.resolve(CREDENTIALS_FILE);
    }

    /** The stored settings, or {@link StoredConfig#EMPTY} when there is no config file. */
    public StoredConfig load() {
        Properties p = read(configFile());
        String caCert = blankToNull(p.getProperty("ca-cert"));
        return new StoredConfig(
                blankToNull(p.getProperty("url")),
                caCert == null ? null : Path.of(caCert),
                Boolean.parseBoolean(p.getProperty("insecure", "false")));
    }

    /** The stored API token, or null. */
    public String token() {
        return blankToNull(read(credentialsFile()).getProperty("token"));
    }

    /** Replaces the stored settings. */
    public void save(StoredConfig config) {
        Properties p = new Properties();
        if (config.url() != null) {
            p.setProperty("url", config.url());
        }
        if (config.caCert() != null) {
            p.setProperty("ca-cert", config.caCert().toAbsolutePath().toString());
        }
        if (config.insecure()) {
            p.setProperty("insecure", "true");
        }
        write(configFile(), p, "hive CLI settings (written by hive connect)");
    }

    /** Replaces the stored API token; the file is readable and writable by its owner only. */
    public void saveToken(String token) {
        Properties p = new Properties();
        p.setProperty("token", token);
        Path file = credentialsFile();
        createDir();
        try {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException e) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("cannot restrict " + file + " to its owner on this file system", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        write(file, p, "hive CLI API token: keep this file private");
    }

    private void createDir() {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, OWNER_DIR);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    private void write(Path file, Properties p, String comment) {
        createDir();
        try (Writer w = Files.newBufferedWriter(
                file,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            p.store(w, comment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static Properties read(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return p;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
