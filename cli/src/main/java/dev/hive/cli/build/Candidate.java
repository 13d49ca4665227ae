package dev.hive.cli.build;

import dev.hive.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The Maven project under test and its hive tests.
 *
 * @param root the directory {@code hive test} was pointed at (where {@code mvnw} may live)
 * @param dir the candidate module's directory
 * @param pom its {@code pom.xml}
 * @param groupId its group id (possibly inherited)
 * @param artifactId its artifact id
 * @param version its version (possibly inherited)
 * @param hiveTests the directory of the hive tests
 */
public record Candidate(
        Path root, Path dir, Path pom, String groupId, String artifactId, String version, Path hiveTests) {

    /** The hive tests' directory inside a candidate unless {@code --tests} says otherwise. */
    public static final String HIVE_TESTS = "src/hive/java";

    /**
     * Finds the candidate at {@code path}, or its module {@code module}.
     *
     * @param tests the hive tests' directory, or null for {@code src/hive/java} of the module
     * @throws CliException (exit 2) when there is no usable Maven project or no hive tests
     */
    public static Candidate locate(Path path, String module, Path tests) {
        Path root = path.toAbsolutePath().normalize();
        Path rootPom = root.resolve("pom.xml");
        if (!Files.isRegularFile(rootPom)) {
            throw CliException.usage(root + " is not a Maven project: it has no pom.xml");
        }
        Path dir = root;
        Element project = read(rootPom);
        if (module != null) {
            List<String> modules = modules(project);
            dir = root.resolve(module).normalize();
            if (!Files.isRegularFile(dir.resolve("pom.xml"))) {
                throw CliException.usage("--module " + module + ": " + dir + " has no pom.xml"
                        + (modules.isEmpty() ? "" : "; the modules of " + root + " are " + String.join(", ", modules)));
            }
            project = read(dir.resolve("pom.xml"));
        } else if ("pom".equals(text(project, "packaging"))) {
            List<String> modules = modules(project);
            throw CliException.usage(root + " is a multi-module project (packaging pom): pick the candidate with"
                    + " --module NAME" + (modules.isEmpty() ? "" : " (modules: " + String.join(", ", modules) + ")"));
        }
        Path pom = dir.resolve("pom.xml");
        String packaging = text(project, "packaging");
        if (packaging != null && !packaging.equals("jar") && !packaging.equals("bundle")) {
            throw CliException.usage(pom + " has packaging '" + packaging + "'; a candidate is a JAR project");
        }
        Element parent = child(project, "parent");
        String groupId = firstNonNull(text(project, "groupId"), parent == null ? null : text(parent, "groupId"));
        String version = firstNonNull(text(project, "version"), parent == null ? null : text(parent, "version"));
        String artifactId = text(project, "artifactId");
        if (groupId == null || artifactId == null || version == null) {
            throw CliException.usage(pom + " does not say its groupId, artifactId and version");
        }
        if (version.contains("${")) {
            throw CliException.usage(pom + " has the version '" + version
                    + "'; hive test needs a literal version to use the POM as its workspace's parent");
        }
        Path hiveTests = tests != null ? tests.toAbsolutePath().normalize() : dir.resolve(HIVE_TESTS);
        if (!Files.isDirectory(hiveTests)) {
            throw CliException.usage("no hive tests: " + hiveTests + " is not a directory"
                    + (tests == null ? " (put them there, or point --tests at them)" : ""));
        }
        return new Candidate(root, dir, pom, groupId, artifactId, version, hiveTests);
    }

    /** The candidate's POM and the POMs of its parents found on disk, child first. */
    public List<Path> pomChain() {
        List<Path> chain = new ArrayList<>();
        Path current = pom;
        while (current != null && Files.isRegularFile(current) && !chain.contains(current) && chain.size() < 20) {
            chain.add(current);
            Element parent = child(read(current), "parent");
            if (parent == null) {
                break;
            }
            String relative = firstNonNull(text(parent, "relativePath"), "../pom.xml");
            if (relative.isBlank()) {
                break;
            }
            Path next = current.getParent().resolve(relative).normalize();
            current = Files.isDirectory(next) ? next.resolve("pom.xml") : next;
        }
        return chain;
    }

    static Element read(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setNamespaceAware(false);
            Document doc = factory.newDocumentBuilder().parse(pom.toFile());
            return doc.getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException | IllegalArgumentException e) {
            throw CliException.usage("cannot read " + pom + ": " + e.getMessage());
        }
    }

    private static List<String> modules(Element project) {
        List<String> names = new ArrayList<>();
        Element modules = child(project, "modules");
        if (modules != null) {
            for (Node n = modules.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals("module")) {
                    names.add(e.getTextContent().strip());
                }
            }
        }
        return names;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
