package dev.hive.cli.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A SHA-256 over everything a runner JAR is built from, so that an unchanged candidate reuses its JAR without
 * starting Maven. The inputs: the CLI's version and the runner template's version, the generated workspace POMs (which
 * name the candidate, its paths, the hive tests' directory and the plugin versions), the {@code -D}/{@code -P} passed
 * through, the path and content of every file of the candidate's reactor that the build reads ({@link ReactorCopy}:
 * every module's POM and main sources, the hive tests and their resources), the reactor's {@code .mvn/}, and the POMs
 * of the candidate's parent chain and the hive tests when they live outside the reactor. Not covered: dependencies
 * that change in a repository under the same version (SNAPSHOTs); {@code hive test --rebuild} is for those.
 */
public final class Fingerprint {

    private Fingerprint() {}

    /** The fingerprint of {@code candidate}'s sources as they are now, as 64 lower-case hex digits. */
    public static String of(Candidate candidate, String cliVersion, String templateVersion, String workspacePoms) {
        return of(
                candidate,
                ReactorCopy.ofReactor(candidate.reactorRoot()),
                ReactorCopy.ofAll(candidate.configDir().resolve(".mvn")),
                cliVersion,
                templateVersion,
                workspacePoms,
                BuildOptions.NONE);
    }

    /** The fingerprint, with the reactor's and {@code .mvn/}'s files already listed. */
    static String of(
            Candidate candidate,
            ReactorCopy reactor,
            ReactorCopy mavenConfig,
            String cliVersion,
            String templateVersion,
            String workspacePoms,
            BuildOptions options) {
        MessageDigest digest = sha256();
        field(digest, "cli", cliVersion);
        field(digest, "template", templateVersion);
        field(digest, "workspace-poms", workspacePoms);
        field(digest, "options", options.describe());
        field(digest, "reactor", candidate.reactorRoot().toString());
        reactor.digest(digest, Map.of());
        field(digest, "mvn-config", candidate.configDir().toString());
        mavenConfig.digest(digest, Map.of());
        for (Path pom : candidate.pomChain()) {
            if (!pom.startsWith(candidate.reactorRoot())) {
                field(digest, "outside-pom", pom.toString());
                digest.update(read(pom));
            }
        }
        for (Path dir : new Path[] {candidate.hiveTests(), candidate.hiveResources()}) {
            if (dir != null && !dir.startsWith(candidate.reactorRoot())) {
                field(digest, "outside-tree", dir.toString());
                ReactorCopy.ofAll(dir).digest(digest, Map.of());
            }
        }
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

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
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
