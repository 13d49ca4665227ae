package dev.hive.cli.build;

import dev.hive.cli.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * The Maven project under test and its hive tests.
 *
 * @param root the directory {@code hive test} was pointed at (where {@code mvnw} may live)
 * @param reactorRoot the top of the multi-module build {@code root} belongs to: {@code root} itself, or the
 *     directory above it whose POM lists it as a module, and so on up; the runner is built in a copy of it
 * @param dir the candidate module's directory
 * @param pom its {@code pom.xml}
 * @param groupId its group id (possibly inherited)
 * @param artifactId its artifact id
 * @param declaredVersion its version as the POM writes it (possibly inherited, possibly {@code ${revision}})
 * @param version that version with its properties resolved
 * @param hiveTests the directory of the hive tests
 */
public record Candidate(
        Path root,
        Path reactorRoot,
        Path dir,
        Path pom,
        String groupId,
        String artifactId,
        String declaredVersion,
        String version,
        Path hiveTests) {

    /** The hive tests' directory inside a candidate unless {@code --tests} says otherwise. */
    public static final String HIVE_TESTS = "src/hive/java";

    /** How far up a reactor is looked for. */
    private static final int MAX_REACTOR_DEPTH = 10;

    /** {@link #locate(Path, String, Path, Map)} without {@code -D} properties. */
    public static Candidate locate(Path path, String module, Path tests) {
        return locate(path, module, tests, Map.of());
    }

    /**
     * Finds the candidate at {@code path}, or its module {@code module}.
     *
     * @param tests the hive tests' directory, or null for {@code src/hive/java} of the module
     * @param userProperties the {@code -D} properties given to {@code hive test} (for a CI-friendly version)
     * @throws CliException (exit 2) when there is no usable Maven project or no hive tests
     */
    public static Candidate locate(Path path, String module, Path tests, Map<String, String> userProperties) {
        Path root = path.toAbsolutePath().normalize();
        Path rootPom = root.resolve("pom.xml");
        if (!Files.isRegularFile(rootPom)) {
            throw CliException.usage(root + " is not a Maven project: it has no pom.xml (run hive in the project's"
                    + " directory or give its path; hive init makes a Maven project ready for hive tests)");
        }
        Path dir = root;
        Element project = PomXml.read(rootPom);
        if (module != null) {
            List<String> modules = PomXml.modules(project);
            dir = root.resolve(module).normalize();
            if (!Files.isRegularFile(dir.resolve("pom.xml"))) {
                throw CliException.usage("--module " + module + ": " + dir + " has no pom.xml"
                        + (modules.isEmpty()
                                ? "; " + rootPom + " lists no modules"
                                : "; the modules of " + rootPom + " are " + String.join(", ", modules)));
            }
            project = PomXml.read(dir.resolve("pom.xml"));
        } else if ("pom".equals(PomXml.text(project, "packaging"))) {
            List<String> modules = PomXml.modules(project);
            throw CliException.usage(root + " is a multi-module project (packaging pom): pick the candidate with"
                    + " --module NAME" + (modules.isEmpty() ? "" : " (modules: " + String.join(", ", modules) + ")"));
        }
        Path pom = dir.resolve("pom.xml");
        String packaging = PomXml.text(project, "packaging");
        if (packaging != null && !packaging.equals("jar") && !packaging.equals("bundle")) {
            throw CliException.usage(pom + " has packaging '" + packaging + "'; a candidate is a JAR project");
        }
        Element parent = PomXml.child(project, "parent");
        String groupId =
                firstNonNull(PomXml.text(project, "groupId"), parent == null ? null : PomXml.text(parent, "groupId"));
        String declared =
                firstNonNull(PomXml.text(project, "version"), parent == null ? null : PomXml.text(parent, "version"));
        String artifactId = PomXml.text(project, "artifactId");
        if (groupId == null || artifactId == null || declared == null) {
            throw CliException.usage(pom + " does not say its groupId, artifactId and version");
        }
        Path reactorRoot = reactorRoot(root);
        String version = declared.contains("${")
                ? CiFriendlyVersion.resolve(
                        declared,
                        pom,
                        pomChain(pom),
                        userProperties,
                        CiFriendlyVersion.mavenConfig(configDir(root, reactorRoot)))
                : declared;
        Path hiveTests = tests != null ? tests.toAbsolutePath().normalize() : dir.resolve(HIVE_TESTS);
        if (!Files.isDirectory(hiveTests)) {
            throw CliException.usage("no hive tests: " + hiveTests + " is not a directory"
                    + (tests == null ? " (put them there, point --tests at them, or run hive init)" : ""));
        }
        return new Candidate(root, reactorRoot, dir, pom, groupId, artifactId, declared, version, hiveTests);
    }

    /** The candidate's POM and the POMs of its parents found on disk, child first. */
    public List<Path> pomChain() {
        return pomChain(pom);
    }

    /**
     * Where the hive tests' resources are: {@code src/hive/resources} beside {@code src/hive/java} (for any tests
     * directory named {@code java}, its sibling {@code resources}); null when the tests directory is named otherwise.
     */
    public Path hiveResources() {
        Path name = hiveTests.getFileName();
        return name != null && name.toString().equals("java") ? hiveTests.resolveSibling("resources") : null;
    }

    /** The directory whose {@code .mvn/} Maven reads for this candidate: the nearest one from its root up. */
    public Path configDir() {
        return configDir(root, reactorRoot);
    }

    private static Path configDir(Path root, Path reactorRoot) {
        for (Path d = root; d != null && d.startsWith(reactorRoot); d = d.getParent()) {
            if (Files.isDirectory(d.resolve(".mvn"))) {
                return d;
            }
        }
        return reactorRoot;
    }

    private static Path reactorRoot(Path root) {
        Path top = root;
        for (int i = 0; i < MAX_REACTOR_DEPTH; i++) {
            Path up = top.getParent();
            if (up == null || !Files.isRegularFile(up.resolve("pom.xml"))) {
                break;
            }
            Path upPom = up.resolve("pom.xml");
            Path current = top;
            boolean listed;
            try {
                listed = PomXml.modules(PomXml.read(upPom)).stream()
                        .anyMatch(m -> PomXml.moduleDir(up, m).equals(current));
            } catch (CliException unreadable) {
                listed = false; // a broken POM above the project is not part of its build
            }
            if (!listed) {
                break;
            }
            top = up;
        }
        return top;
    }

    private static List<Path> pomChain(Path pom) {
        List<Path> chain = new ArrayList<>();
        Path current = pom;
        while (current != null && Files.isRegularFile(current) && !chain.contains(current) && chain.size() < 20) {
            chain.add(current);
            Element parent = PomXml.child(PomXml.read(current), "parent");
            if (parent == null) {
                break;
            }
            String relative = firstNonNull(PomXml.text(parent, "relativePath"), "../pom.xml");
            if (relative.isBlank()) {
                break;
            }
            Path next = current.getParent().resolve(relative).normalize();
            current = Files.isDirectory(next) ? next.resolve("pom.xml") : next;
        }
        return chain;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
