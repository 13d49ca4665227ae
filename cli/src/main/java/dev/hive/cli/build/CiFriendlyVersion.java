package dev.hive.cli.build;

import dev.hive.cli.CliException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/**
 * The value of a version with {@code ${…}} in it ({@code ${revision}${sha1}${changelist}}, Maven's CI-friendly
 * versions), found where Maven finds it: a {@code -D} given to {@code hive test}, then a {@code -D} in the reactor's
 * {@code .mvn/maven.config}, then the {@code <properties>} of the POM and its parents, child first. Maven resolves it
 * again itself during the build (the workspace gets the same {@code .mvn/} and {@code -D}); this is for naming the
 * runner and for saying early, in one line, when a property has no value anywhere.
 */
final class CiFriendlyVersion {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}]+)}");
    private static final Pattern DEFINE = Pattern.compile("^(?:-D|--define=?)(.*)$");

    private CiFriendlyVersion() {}

    /** The {@code -D} properties of {@code dir/.mvn/maven.config}, in order; empty when there is no such file. */
    static Map<String, String> mavenConfig(Path dir) {
        Path file = dir.resolve(".mvn/maven.config");
        Map<String, String> properties = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return properties;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String pendingDefine = null;
        for (String line : lines) {
            for (String token : line.strip().split("\\s+")) {
                if (token.isEmpty()) {
                    continue;
                }
                String definition = null;
                if (pendingDefine != null) {
                    definition = token;
                    pendingDefine = null;
                } else if (token.equals("-D") || token.equals("--define")) {
                    pendingDefine = token;
                } else {
                    Matcher m = DEFINE.matcher(token);
                    if (m.matches()) {
                        definition = m.group(1);
                    }
                }
                if (definition != null && !definition.isEmpty()) {
                    int eq = definition.indexOf('=');
                    properties.put(
                            eq < 0 ? definition : definition.substring(0, eq),
                            eq < 0 ? "true" : unquote(definition.substring(eq + 1)));
                }
            }
        }
        return properties;
    }

    /**
     * {@code raw} with every {@code ${name}} replaced.
     *
     * @param pom the POM that declares the version (named in the error)
     * @param chain that POM and its parents found on disk, child first
     * @throws CliException (exit 2) when a property has no value anywhere
     */
    static String resolve(
            String raw, Path pom, List<Path> chain, Map<String, String> userProperties, Map<String, String> config) {
        String value = raw;
        for (int depth = 0; depth < 10 && value.contains("${"); depth++) {
            Matcher m = EXPRESSION.matcher(value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                String replacement = lookup(name, chain, userProperties, config);
                if (replacement == null) {
                    throw CliException.usage(pom + ": the version '" + raw + "' needs a value for ${" + name + "}:"
                            + " set <" + name + "> in the POM's <properties>, add -D" + name
                            + "=… to .mvn/maven.config, or pass -D" + name + "=… to hive test");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            value = out.toString();
        }
        return value;
    }

    private static String lookup(
            String name, List<Path> chain, Map<String, String> userProperties, Map<String, String> config) {
        if (userProperties.containsKey(name)) {
            return userProperties.get(name);
        }
        if (config.containsKey(name)) {
            return config.get(name);
        }
        for (Path pom : chain) {
            Element properties = PomXml.child(PomXml.read(pom), "properties");
            String value = properties == null ? null : PomXml.text(properties, name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))
                ? s.substring(1, s.length() - 1)
                : s;
    }
}
