package dev.hive.cli.init;

import dev.hive.cli.BuildInfo;
import dev.hive.cli.CliException;
import dev.hive.cli.ExitCode;
import dev.hive.cli.build.TemplateRepository;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.maven.shared.invoker.DefaultInvocationRequest;
import org.apache.maven.shared.invoker.DefaultInvoker;
import org.apache.maven.shared.invoker.InvocationRequest;
import org.apache.maven.shared.invoker.InvocationResult;
import org.apache.maven.shared.invoker.InvokerLogger;
import org.apache.maven.shared.invoker.MavenInvocationException;
import org.apache.maven.shared.invoker.PrintStreamLogger;

/**
 * Installs the test API the CLI carries ({@code hive-bom}, {@code hive-runner-api}, {@code hive-protocol}, in the
 * runner template's version) into the user's local repository as ordinary artifacts: one Maven run, through Maven
 * Invoker, of {@code maven-install-plugin:install-file} for each, so the user's {@code settings.xml} (its {@code
 * localRepository}) decides where they go, as it does for {@code mvn install}.
 */
public final class ApiInstaller {

    /** The artifacts installed, by artifact id; the BOM is a POM only. */
    static final List<String> ARTIFACTS = List.of("hive-bom", "hive-protocol", "hive-runner-api");

    private final BuildInfo build;
    private final Path cacheDir;

    public ApiInstaller(BuildInfo build, Path cacheDir) {
        this.build = build;
        this.cacheDir = cacheDir;
    }

    /**
     * Installs the artifacts with {@code maven}, started in {@code workingDir}; Maven's output goes to {@code verbose}
     * when given.
     *
     * @throws CliException (exit 3) when Maven fails, with its error lines
     */
    public void install(Path maven, Path workingDir, PrintWriter verbose) {
        Path repo = new TemplateRepository(build).unpack(cacheDir);
        Path pom = writeInstallerPom(repo);
        List<String> errors = new ArrayList<>();
        InvocationRequest request = new DefaultInvocationRequest()
                .setPomFile(pom.toFile())
                .setBaseDirectory(pom.getParent().toFile())
                .setGoals(List.of("validate"))
                .setBatchMode(true)
                .setNoTransferProgress(true)
                .setInputStream(new ByteArrayInputStream(new byte[0]));
        request.setTimeoutInSeconds(10 * 60);
        request.setOutputHandler(line -> {
            if (verbose != null) {
                verbose.println(line);
                verbose.flush();
            }
            if (line.startsWith("[ERROR]") && errors.size() < 30) {
                errors.add(line);
            }
        });
        request.setErrorHandler(request.getOutputHandler(null));
        DefaultInvoker invoker = new DefaultInvoker();
        invoker.setMavenExecutable(maven.toFile());
        invoker.setLogger(new PrintStreamLogger(new PrintStream(OutputStream.nullOutputStream()), InvokerLogger.ERROR));
        invoker.setWorkingDirectory(workingDir.toFile());
        InvocationResult result;
        try {
            result = invoker.execute(request);
        } catch (MavenInvocationException e) {
            throw new CliException(ExitCode.BUILD_FAILED, "cannot start Maven (" + maven + "): " + e.getMessage(), e);
        }
        if (result.getExitCode() != 0 || result.getExecutionException() != null) {
            throw new CliException(
                    ExitCode.BUILD_FAILED,
                    "Maven could not install the test API into the local repository (" + pom + "):"
                            + System.lineSeparator() + String.join(System.lineSeparator(), errors)
                            + System.lineSeparator() + "Run with -v to see all of Maven's output.");
        }
    }

    /** A POM whose {@code validate} phase installs the template's API artifacts from {@code repo}. */
    private Path writeInstallerPom(Path repo) {
        String version = build.templateVersion();
        StringBuilder executions = new StringBuilder();
        for (String artifact : ARTIFACTS) {
            Path dir = repo.resolve("dev/hive/" + artifact + "/" + version);
            Path pomFile = dir.resolve(artifact + "-" + version + ".pom");
            boolean bom = artifact.equals("hive-bom");
            Path file = bom ? pomFile : dir.resolve(artifact + "-" + version + ".jar");
            executions.append(
                    """
                            <execution>
                              <id>%s</id>
                              <phase>validate</phase>
                              <goals><goal>install-file</goal></goals>
                              <configuration>
                                <file>%s</file>
                                <pomFile>%s</pomFile>
                                <packaging>%s</packaging>
                              </configuration>
                            </execution>
                    """
                            .formatted(artifact, file, pomFile, bom ? "pom" : "jar"));
        }
        String pom =
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Written by hive init: installs the hive test API %s into the local repository. -->
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>dev.hive.init</groupId>
                  <artifactId>hive-api-installer</artifactId>
                  <version>%s</version>
                  <packaging>pom</packaging>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-install-plugin</artifactId>
                        <version>%s</version>
                        <executions>
                %s        </executions>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """
                        .formatted(version, version, installPluginVersion(), executions);
        Path dir = cacheDir.resolve("init").resolve(version);
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("pom.xml");
            Files.writeString(file, pom, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("pom.xml") + ": " + e.getMessage(), e);
        }
    }

    private static String installPluginVersion() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            properties.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the CLI was built without build.properties", e);
        }
        return properties.getProperty("maven-install-plugin.version");
    }
}
