package dev.hive.cli.build;

import dev.hive.cli.BuildInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds (or reuses) the runner JAR of a candidate in its workspace, {@code <cache>/workspaces/<hash of the candidate's
 * path>/} ({@link Workspace}): the generated POMs, a copy of the candidate's reactor and {@code .mvn/}, Maven's build
 * directory, {@code runner.jar} and {@code runner.sha256} (the last good JAR), {@code fingerprint} (of the inputs that
 * JAR was built from). One build at a time per workspace (a file lock).
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

    /** {@link #build(Candidate, BuildOptions, boolean, Consumer, PrintWriter)} with nothing passed to Maven. */
    public BuiltRunner build(Candidate candidate, boolean rebuild, Consumer<String> say, PrintWriter verbose) {
        return build(candidate, BuildOptions.NONE, rebuild, say, verbose);
    }

    /**
     * The candidate's runner JAR.
     *
     * @param options {@code -D} and {@code -P} for Maven
     * @param rebuild build even when the fingerprint says nothing changed
     * @param say progress messages (what is being built)
     * @param verbose where Maven's output goes, or null to keep it unless the build fails
     */
    public BuiltRunner build(
            Candidate candidate, BuildOptions options, boolean rebuild, Consumer<String> say, PrintWriter verbose) {
        long start = System.nanoTime();
        Workspace workspace = new Workspace(workspace(candidate), candidate);
        Path dir = workspace.dir();
        try {
            Files.createDirectories(dir);
            try (WorkspaceLock lock = WorkspaceLock.acquire(dir)) {
                Path repo = new TemplateRepository(build).unpack(cacheDir);
                String aggregator = WorkspacePom.aggregator(workspace);
                String runnerPom = WorkspacePom.generate(workspace, repo, build);
                String parentPom =
                        ParentPom.derive(candidate, workspace.parentPom().getParent(), workspace.reactorCopy());
                ReactorCopy reactor = ReactorCopy.ofReactor(candidate.reactorRoot());
                ReactorCopy mavenConfig =
                        ReactorCopy.ofAll(candidate.configDir().resolve(".mvn"));
                String fingerprint = Fingerprint.of(
                        candidate,
                        reactor,
                        mavenConfig,
                        build.version(),
                        build.templateVersion(),
                        aggregator + runnerPom + parentPom,
                        options);
                Path jar = dir.resolve("runner.jar");
                Path shaFile = dir.resolve("runner.sha256");
                Path fingerprintFile = dir.resolve("fingerprint");
                if (!rebuild
                        && Files.isRegularFile(jar)
                        && Files.isRegularFile(shaFile)
                        && Files.isRegularFile(fingerprintFile)
                        && Files.readString(fingerprintFile).strip().equals(fingerprint)) {
                    return new BuiltRunner(jar, Files.readString(shaFile).strip(), Files.size(jar), true, since(start));
                }
                Files.deleteIfExists(fingerprintFile);
                reactor.syncTo(workspace.reactorCopy(), ReactorPoms.rewrites(candidate, workspace.reactorCopy()));
                mavenConfig.syncTo(workspace.mavenConfigCopy(), Map.of());
                write(workspace.aggregatorPom(), aggregator);
                write(workspace.parentPom(), parentPom);
                write(workspace.runnerPom(), runnerPom);
                Path built = workspace.shadedJar();
                Files.deleteIfExists(built);
                Path maven = MavenLocator.locate(env, candidate.root(), candidate.reactorRoot());
                say.accept("Building the runner of " + candidate.groupId() + ":" + candidate.artifactId() + " with "
                        + MavenBuild.describe(maven) + " in " + dir);
                MavenBuild.run(
                        maven,
                        env,
                        candidate.root(),
                        workspace.aggregatorPom(),
                        WorkspacePom.runnerModule(candidate),
                        options,
                        verbose);
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
            throw new UncheckedIOException("runner workspace " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
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
