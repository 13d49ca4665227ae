package dev.hive.cli.init;

import dev.hive.cli.CliException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The Maven project (or module) {@code hive init} prepares: its POM as text, for the edit, and as a document, for
 * what the edit needs to know.
 *
 * @param root the directory {@code hive init} was pointed at (where {@code mvnw} may live)
 * @param dir the module's directory
 * @param pom its {@code pom.xml}
 * @param text the POM's text as read
 * @param groupId its group id, possibly inherited from its parent
 */
public record InitProject(Path root, Path dir, Path pom, String text, String groupId) {

    /**
     * Reads the project at {@code path}, or its module {@code module}.
     *
     * @throws CliException (exit 2) with one line naming the file and what to do
     */
    public static InitProject locate(Path path, String module) {
        Path root = path.toAbsolutePath().normalize();
        Path rootPom = root.resolve("pom.xml");
        if (!Files.isRegularFile(rootPom)) {
            throw CliException.usage(rootPom + " does not exist: hive init prepares a Maven project; point it at the"
                    + " directory of its pom.xml (mvn archetype:generate makes one)");
        }
        Element project = parse(rootPom);
        Path dir = root;
        if (module != null) {
            List<String> modules = modules(project);
            dir = root.resolve(module).normalize();
            if (!Files.isRegularFile(dir.resolve("pom.xml"))) {
                throw CliException.usage(dir.resolve("pom.xml") + " does not exist: --module names a directory of "
                        + root + " with a pom.xml"
                        + (modules.isEmpty() ? "" : " (" + String.join(", ", modules) + ")"));
            }
            project = parse(dir.resolve("pom.xml"));
        } else if ("pom".equals(text(project, "packaging"))) {
            throw CliException.usage(rootPom + " is a multi-module project (packaging pom): choose the module that"
                    + " gets hive tests with --module NAME (modules: " + String.join(", ", modules(project)) + ")");
        }
        Path pom = dir.resolve("pom.xml");
        Element parent = child(project, "parent");
        String groupId = text(project, "groupId");
        if (groupId == null && parent != null) {
            groupId = text(parent, "groupId");
        }
        if (groupId == null || groupId.contains("${")) {
            throw CliException.usage(pom + " has no literal groupId: give the project a <groupId>");
        }
        try {
            return new InitProject(root, dir, pom, Files.readString(pom, StandardCharsets.UTF_8), groupId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pom + ": " + e.getMessage(), e);
        }
    }

    /** The module's hive tests' directory. */
    public Path hiveTests() {
        return dir.resolve("src/hive/java");
    }

    static Element parse(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // no "[Fatal Error]" on stderr: the exception says it
            Element project = builder.parse(pom.toFile()).getDocumentElement();
            if (!project.getTagName().equals("project")) {
                throw CliException.usage(pom + " is not a Maven POM (its root element is <" + project.getTagName()
                        + ">, not <project>): fix the file, then run hive init again");
            }
            return project;
        } catch (SAXException e) {
            String where = e instanceof SAXParseException p ? "line " + p.getLineNumber() + ": " : "";
            throw CliException.usage(pom + " does not parse (" + where + oneLine(e.getMessage())
                    + "): fix the XML (mvn validate shows it too), then run hive init again");
        } catch (ParserConfigurationException | IOException e) {
            throw CliException.usage("cannot read " + pom + ": " + oneLine(e.getMessage()));
        }
    }

    private static String oneLine(String message) {
        return message == null ? "no detail" : message.replaceAll("\\s+", " ").strip();
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

    static Element child(Element parent, String name) {
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
}
