package dev.hive.cli.build;

import dev.hive.cli.BuildInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds (or reuses) the runner JAR of a candidate in its workspace, {@code <cache>/workspaces/<hash of the candidate's
 * path>/}: {@code pom.xml} (generated), {@code candidate/pom.xml} (the candidate's POM as its parent), {@code target/} (Maven's build directory), {@code runner.jar} and
 * {@code runner.sha256} (the last good JAR), {@code fingerprint} (of the inputs that JAR was built from). One build at a
 * time per workspace (a file lock).
 */
public final class RunnerBuilder {

    private final BuildInfo build;
    private final Path cacheDir;
    private final Map<String, String> env;

    public RunnerBuilder(BuildInfo build, Path cacheDir, Map<String, String> env) {
        this.build = build;
        this.cacheDir = cacheDir;
        this.env = env;
    }

    /** The workspace directory of {@code candidate}. */
    public Path workspace(Candidate candidate) {
        String key = candidate.pom() + "\0" + candidate.hiveTests();
        return cacheDir.resolve("workspaces").resolve(sha256(key).substring(0, 16));
    }

    /**
     * The candidate's runner JAR.
     *
     * @param rebuild build even when the fingerprint says nothing changed
     * @param say progress messages (what is being built)
     * @param verbose where Maven's output goes, or null to keep it unless the build fails
     */
    public BuiltRunner build(Candidate candidate, boolean rebuild, Consumer<String> say, PrintWriter verbose) {
        long start = System.nanoTime();
        Path workspace = workspace(candidate);
        try {
            Files.createDirectories(workspace);
            try (FileChannel lockFile = FileChannel.open(
                            workspace.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockFile.lock()) {
                Path repo = new TemplateRepository(build).unpack(cacheDir);
                String pom = WorkspacePom.generate(candidate, workspace, repo, build);
                String fingerprint = Fingerprint.of(candidate, build.version(), build.templateVersion(), pom);
                Path jar = workspace.resolve("runner.jar");
                Path shaFile = workspace.resolve("runner.sha256");
                Path fingerprintFile = workspace.resolve("fingerprint");
                if (!rebuild
                        && Files.isRegularFile(jar)
                        && Files.isRegularFile(shaFile)
                        && Files.isRegularFile(fingerprintFile)
                        && Files.readString(fingerprintFile).strip().equals(fingerprint)) {
                    return new BuiltRunner(jar, Files.readString(shaFile).strip(), Files.size(jar), true, since(start));
                }
                Files.deleteIfExists(fingerprintFile);
                Path pomFile = workspace.resolve("pom.xml");
                Files.writeString(pomFile, pom, StandardCharsets.UTF_8);
                Path parentPom = workspace.resolve(WorkspacePom.PARENT_POM);
                Files.createDirectories(parentPom.getParent());
                Files.writeString(
                        parentPom, ParentPom.derive(candidate, parentPom.getParent()), StandardCharsets.UTF_8);
                Path built = workspace.resolve(WorkspacePom.RUNNER_JAR);
                Files.deleteIfExists(built);
                Path maven = MavenLocator.locate(env, candidate.root());
                say.accept("Building the runner of " + candidate.groupId() + ":" + candidate.artifactId() + " with "
                        + MavenBuild.describe(maven) + " in " + workspace);
                MavenBuild.run(maven, candidate.root(), pomFile, verbose);
                if (!Files.isRegularFile(built)) {
                    throw new IllegalStateException("Maven succeeded but did not write " + built);
                }
                Files.copy(built, jar, StandardCopyOption.REPLACE_EXISTING);
                String sha = Fingerprint.ofFile(jar);
                Files.writeString(shaFile, sha + "\n");
                Files.writeString(fingerprintFile, fingerprint + "\n");
                return new BuiltRunner(jar, sha, Files.size(jar), false, since(start));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("runner workspace " + workspace + ": " + e.getMessage(), e);
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
