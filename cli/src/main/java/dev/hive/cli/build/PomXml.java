package dev.hive.cli.build;

import dev.hive.cli.CliException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** Reading and writing POMs as DOM trees, with the errors a user can act on. */
final class PomXml {

    private PomXml() {}

    /**
     * The {@code <project>} element of {@code pom}.
     *
     * @throws CliException (exit 2) naming the file, line and column when it does not parse
     */
    static Element read(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setNamespaceAware(false);
            Document doc = factory.newDocumentBuilder().parse(pom.toFile());
            return doc.getDocumentElement();
        } catch (org.xml.sax.SAXParseException e) {
            throw CliException.usage(pom + ":" + e.getLineNumber() + ":" + e.getColumnNumber() + ": not a valid POM ("
                    + e.getMessage() + "); fix the XML, `mvn validate` shows the same place");
        } catch (ParserConfigurationException | SAXException | IOException | IllegalArgumentException e) {
            throw CliException.usage("cannot read " + pom + ": " + e.getMessage());
        }
    }

    static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }

    /** The modules a POM lists, in {@code <modules>} and in its profiles' {@code <modules>}. */
    static List<String> modules(Element project) {
        List<String> names = new ArrayList<>();
        List<Element> holders = new ArrayList<>(List.of(project));
        Element profiles = child(project, "profiles");
        if (profiles != null) {
            holders.addAll(children(profiles, "profile"));
        }
        for (Element holder : holders) {
            Element modules = child(holder, "modules");
            if (modules != null) {
                for (Element module : children(modules, "module")) {
                    String name = module.getTextContent().strip();
                    if (!name.isEmpty() && !names.contains(name)) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }

    /** The directory a module entry names (a module may also name its POM file). */
    static Path moduleDir(Path reactorDir, String module) {
        Path path = reactorDir.resolve(module).normalize();
        return path.getFileName() != null && path.getFileName().toString().endsWith(".xml") ? path.getParent() : path;
    }

    /** The document as text, behind an XML declaration and a comment saying where it came from. */
    static String write(Document doc, String comment) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- " + comment.replace("--", "- -") + " -->\n");
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write a POM: " + e.getMessage(), e);
        }
    }
}
