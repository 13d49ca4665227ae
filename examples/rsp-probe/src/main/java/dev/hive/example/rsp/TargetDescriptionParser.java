package dev.hive.example.rsp;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses GDB target descriptions ({@code target.xml} and the annexes it pulls in with {@code
 * xi:include}) into a {@link TargetDescription}.
 *
 * <p>Stubs often write {@code <xi:include href="..."/>} without declaring the {@code xi} namespace
 * and reference a DTD they do not serve (QEMU does both), so the parser is not namespace-aware,
 * never loads external DTDs or entities, and recognises any element named {@code include} with a
 * prefix.
 *
 * <p>Register numbers follow GDB's rule: a {@code <reg>} without {@code regnum} gets the previous
 * register's number plus one, across features and includes; the first defaults to 0.
 */
public final class TargetDescriptionParser {

    /** Fetches an annex (for example via {@code qXfer:features:read}). */
    @FunctionalInterface
    public interface AnnexLoader {
        /**
         * Returns the XML text of the annex.
         *
         * @throws RspException if it cannot be read
         */
        String load(String annex) throws RspException;
    }

    private static final int MAX_INCLUDE_DEPTH = 8;
    private static final Set<String> FLOAT_TYPES =
            Set.of("ieee_half", "ieee_single", "ieee_double", "i387_ext", "arm_fpa_ext", "bfloat16");

    private final AnnexLoader loader;
    private final DocumentBuilder builder;
    private final Map<String, String> annexes = new LinkedHashMap<>();
    private final List<Register> registers = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final Set<Integer> numbers = new HashSet<>();
    private final List<String> features = new ArrayList<>();
    private final Set<String> vectorTypes = new HashSet<>();
    private String architecture = "";
    private int nextRegnum;

    private TargetDescriptionParser(AnnexLoader loader) throws RspException {
        this.loader = loader;
        this.builder = newBuilder();
    }

    /**
     * Reads {@code annex} through {@code loader} and follows its includes.
     *
     * @throws RspException if an annex cannot be loaded, is not well-formed XML, or the includes nest
     *     too deep or form a cycle
     */
    public static TargetDescription parse(String annex, AnnexLoader loader) throws RspException {
        TargetDescriptionParser p = new TargetDescriptionParser(loader);
        p.include(annex, 0);
        return new TargetDescription(p.architecture, p.registers, p.features, p.annexes);
    }

    /**
     * Parses a self-contained description.
     *
     * @throws RspException if it is malformed or contains an {@code xi:include}
     */
    public static TargetDescription parse(String xml) throws RspException {
        return parse("target.xml", annex -> {
            if (annex.equals("target.xml")) {
                return xml;
            }
            throw new RspException("no loader for included annex '" + annex + "'");
        });
    }

    private void include(String annex, int depth) throws RspException {
        if (depth > MAX_INCLUDE_DEPTH) {
            throw new RspProtocolException("target description includes nest deeper than " + MAX_INCLUDE_DEPTH);
        }
        if (annexes.containsKey(annex)) {
            throw new RspProtocolException("target description includes '" + annex + "' twice (cycle?)");
        }
        String xml = loader.load(annex);
        annexes.put(annex, xml);
        Element root = parseXml(annex, xml);
        switch (root.getTagName()) {
            case "target" -> processTarget(root, depth);
            case "feature" -> processFeature(root, depth);
            default -> throw new RspProtocolException(
                    "annex '" + annex + "': expected <target> or <feature>, found <" + root.getTagName() + ">");
        }
    }

    private void processTarget(Element target, int depth) throws RspException {
        for (Element child : children(target)) {
            String tag = child.getTagName();
            if (tag.equals("architecture")) {
                if (architecture.isEmpty()) {
                    architecture = child.getTextContent().strip();
                }
            } else if (tag.equals("feature")) {
                processFeature(child, depth);
            } else if (isInclude(tag)) {
                include(href(child), depth + 1);
            }
        }
    }

    private void processFeature(Element feature, int depth) throws RspException {
        String featureName = feature.getAttribute("name");
        features.add(featureName);
        for (Element child : children(feature)) {
            String tag = child.getTagName();
            if (tag.equals("vector") || tag.equals("union")) {
                vectorTypes.add(child.getAttribute("id"));
            }
        }
        for (Element child : children(feature)) {
            String tag = child.getTagName();
            if (tag.equals("reg")) {
                addRegister(child, featureName);
            } else if (isInclude(tag)) {
                include(href(child), depth + 1);
            }
        }
    }

    private void addRegister(Element reg, String featureName) throws RspProtocolException {
        String name = reg.getAttribute("name");
        if (name.isEmpty()) {
            throw new RspProtocolException("<reg> without a name in feature " + featureName);
        }
        int bitsize = intAttribute(reg, "bitsize", -1);
        if (bitsize <= 0 || bitsize % 8 != 0) {
            throw new RspProtocolException(
                    "register " + name + " has an invalid bitsize '" + reg.getAttribute("bitsize") + "'");
        }
        int regnum = intAttribute(reg, "regnum", nextRegnum);
        nextRegnum = regnum + 1;
        String type = reg.hasAttribute("type") ? reg.getAttribute("type") : "int";
        String group = reg.hasAttribute("group") ? reg.getAttribute("group") : inferGroup(type, featureName);
        if (names.contains(name) || numbers.contains(regnum)) {
            return; // first definition wins, as in GDB
        }
        names.add(name);
        numbers.add(regnum);
        registers.add(new Register(name, regnum, bitsize, type, group, featureName));
    }

    private String inferGroup(String type, String featureName) {
        if (FLOAT_TYPES.contains(type)) {
            return "float";
        }
        if (vectorTypes.contains(type)) {
            return "vector";
        }
        String f = featureName.toLowerCase(Locale.ROOT);
        if (f.contains(".csr") || f.contains(".sys") || f.contains("system")) {
            return "system";
        }
        return "general";
    }

    private static int intAttribute(Element e, String name, int fallback) throws RspProtocolException {
        if (!e.hasAttribute(name)) {
            return fallback;
        }
        String v = e.getAttribute(name).strip();
        try {
            return v.startsWith("0x") ? Integer.parseInt(v.substring(2), 16) : Integer.parseInt(v);
        } catch (NumberFormatException ex) {
            throw new RspProtocolException("attribute " + name + "='" + v + "' of <" + e.getTagName() + " name='"
                    + e.getAttribute("name") + "'> is not a number");
        }
    }

    private static boolean isInclude(String tag) {
        return tag.equals("include") || tag.endsWith(":include");
    }

    private static String href(Element include) throws RspProtocolException {
        String href = include.getAttribute("href").strip();
        if (href.isEmpty()) {
            throw new RspProtocolException("<" + include.getTagName() + "> without href");
        }
        return href;
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                out.add((Element) n);
            }
        }
        return out;
    }

    private Element parseXml(String annex, String xml) throws RspProtocolException {
        try {
            return builder.parse(new InputSource(new StringReader(xml))).getDocumentElement();
        } catch (SAXException | IOException e) {
            throw new RspProtocolException("annex '" + annex + "' is not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static DocumentBuilder newBuilder() throws RspException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            f.setValidating(false);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
            b.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {}

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return b;
        } catch (ParserConfigurationException e) {
            throw new RspException("no usable XML parser: " + e.getMessage(), e);
        }
    }
}
