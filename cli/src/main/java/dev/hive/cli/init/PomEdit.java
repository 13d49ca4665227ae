package dev.hive.cli.init;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The change {@code hive init} makes to a POM, computed on its text: the {@code hive} profile inserted before {@code
 * </profiles>} (or a new {@code <profiles>} before {@code </project>}), indented like the POM's own elements and with
 * its line separators, every other byte left as it was. A POM that has the profile already is left alone, except for
 * its {@code hive.version} when this CLI builds with another one.
 *
 * @param before the POM's text
 * @param after the POM's text with the change
 * @param line the first changed line of {@code before}, 1-based
 * @param removed the lines of {@code before} the change replaces (empty for an insertion)
 * @param added the lines the change puts there
 */
public record PomEdit(String before, String after, int line, List<String> removed, List<String> added) {

    private static final Pattern VERSION =
            Pattern.compile("<" + Pattern.quote(HiveProfile.VERSION_PROPERTY) + ">([^<]*)</");

    /**
     * The edit that gives {@code project} the {@code profile}, or empty when its POM has it already, in this version.
     */
    public static Optional<PomEdit> of(InitProject project, HiveProfile profile) {
        String text = project.text();
        Element root = InitProject.parse(project.pom());
        String masked = mask(text);
        if (hasHiveProfile(root)) {
            return updateVersion(text, masked, profile.version());
        }
        String nl = text.contains("\r\n") ? "\r\n" : "\n";
        String unit = indentUnit(text);
        boolean hasProfiles = InitProject.child(root, "profiles") != null;
        int close = hasProfiles ? masked.lastIndexOf("</profiles>") : masked.lastIndexOf("</project>");
        if (close < 0) {
            throw new IllegalStateException(project.pom() + " has no " + (hasProfiles ? "</profiles>" : "</project>"));
        }
        List<String> block = new ArrayList<>();
        if (hasProfiles) {
            profile.lines(unit).forEach(l -> block.add(unit + unit + l));
        } else {
            block.add(unit + "<profiles>");
            profile.lines(unit).forEach(l -> block.add(unit + unit + l));
            block.add(unit + "</profiles>");
        }
        int lineStart = text.lastIndexOf('\n', close - 1) + 1;
        boolean ownLine = text.substring(lineStart, close).isBlank();
        int at = ownLine ? lineStart : close;
        String inserted =
                (ownLine ? "" : nl) + String.join(nl, block) + nl + (ownLine ? "" : indentOf(text, lineStart));
        String after = text.substring(0, at) + inserted + text.substring(at);
        return Optional.of(new PomEdit(text, after, lineNumber(text, at), List.of(), block));
    }

    /** The POM's text after the edit, with its first line of context before and after, as a diff-like listing. */
    public List<String> diff(String name) {
        List<String> lines = new ArrayList<>();
        lines.add("--- " + name);
        lines.add("+++ " + name + " (with the hive profile)");
        lines.add("@@ line " + line + " @@");
        List<String> old = before.lines().toList();
        if (line >= 2 && line - 2 < old.size()) {
            lines.add("  " + old.get(line - 2));
        }
        removed.forEach(l -> lines.add("- " + l));
        added.forEach(l -> lines.add("+ " + l));
        int next = line - 1 + removed.size();
        if (next < old.size()) {
            lines.add("  " + old.get(next));
        }
        return lines;
    }

    private static boolean hasHiveProfile(Element project) {
        Element profiles = InitProject.child(project, "profiles");
        if (profiles == null) {
            return false;
        }
        for (Node n = profiles.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element profile && profile.getTagName().equals("profile")) {
                Element id = InitProject.child(profile, "id");
                if (id != null && id.getTextContent().strip().equals(HiveProfile.ID)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Optional<PomEdit> updateVersion(String text, String masked, String version) {
        Matcher m = VERSION.matcher(masked);
        if (!m.find() || m.group(1).strip().equals(version)) {
            return Optional.empty();
        }
        String after = text.substring(0, m.start(1)) + version + text.substring(m.end(1));
        int lineStart = text.lastIndexOf('\n', m.start(1)) + 1;
        int lineEnd = text.indexOf('\n', m.end(1));
        lineEnd = lineEnd < 0 ? text.length() : lineEnd;
        String oldLine = text.substring(lineStart, lineEnd).replace("\r", "");
        String newLine =
                (text.substring(lineStart, m.start(1)) + version + text.substring(m.end(1), lineEnd)).replace("\r", "");
        return Optional.of(new PomEdit(text, after, lineNumber(text, lineStart), List.of(oldLine), List.of(newLine)));
    }

    /** The text with comments and CDATA blanked out (same length, newlines kept), so searches see only markup. */
    static String mask(String text) {
        StringBuilder masked = new StringBuilder(text);
        blank(masked, text, "<!--", "-->");
        blank(masked, text, "<![CDATA[", "]]>");
        return masked.toString();
    }

    private static void blank(StringBuilder masked, String text, String open, String close) {
        int from = 0;
        while (true) {
            int start = masked.indexOf(open, from);
            if (start < 0) {
                return;
            }
            int end = masked.indexOf(close, start + open.length());
            end = end < 0 ? text.length() : end + close.length();
            for (int i = start; i < end; i++) {
                if (text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    masked.setCharAt(i, ' ');
                }
            }
            from = end;
        }
    }

    /** The indentation of the POM's first indented element: one level. Two spaces when it has none. */
    static String indentUnit(String text) {
        Matcher m = Pattern.compile("\\n([ \\t]+)<[a-zA-Z]").matcher(mask(text));
        return m.find() ? m.group(1) : "  ";
    }

    private static String indentOf(String text, int lineStart) {
        int i = lineStart;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return text.substring(lineStart, i);
    }

    private static int lineNumber(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
