package dev.hive.cli.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A SHA-256 over everything a runner JAR is built from, so that an unchanged candidate reuses its JAR without
 * starting Maven. The inputs: the CLI's version and the runner template's version, the generated workspace POM (which
 * names the candidate, its paths, the hive tests' directory and the plugin versions), every POM of the candidate's
 * parent chain found on disk, the candidate root's {@code .mvn/} configuration, and the path and content of every file
 * under the candidate's {@code src/main/java}, {@code src/main/resources} and the hive tests' directory. Not covered:
 * dependencies that change in a repository under the same version (SNAPSHOTs); {@code hive test --rebuild} is for
 * those.
 */
public final class Fingerprint {

    private Fingerprint() {}

    /** The fingerprint, as 64 lower-case hex digits. */
    public static String of(Candidate candidate, String cliVersion, String templateVersion, String workspacePom) {
        MessageDigest digest = sha256();
        field(digest, "cli", cliVersion);
        field(digest, "template", templateVersion);
        field(digest, "workspace-pom", workspacePom);
        for (Path pom : candidate.pomChain()) {
            file(digest, "pom", pom, pom);
        }
        tree(digest, "mvn-config", candidate.root().resolve(".mvn"));
        tree(digest, "main", candidate.dir().resolve("src/main/java"));
        tree(digest, "resources", candidate.dir().resolve("src/main/resources"));
        tree(digest, "hive-tests", candidate.hiveTests());
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The SHA-256 of a text's UTF-8 bytes, as 64 lower-case hex digits. */
    public static String ofText(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The SHA-256 of a file, as 64 lower-case hex digits. */
    public static String ofFile(Path file) {
        MessageDigest digest = sha256();
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void tree(MessageDigest digest, String label, Path dir) {
        if (!Files.isDirectory(dir)) {
            field(digest, label, "(none)");
            return;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        files.sort(null);
        field(digest, label, dir.toString());
        for (Path file : files) {
            file(digest, label, dir.relativize(file), file);
        }
    }

    private static void file(MessageDigest digest, String label, Path name, Path file) {
        try {
            field(digest, label, name.toString());
            byte[] content = Files.readAllBytes(file);
            field(digest, "length", Integer.toString(content.length));
            digest.update(content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void field(MessageDigest digest, String label, String value) {
        digest.update(label.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(value.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
