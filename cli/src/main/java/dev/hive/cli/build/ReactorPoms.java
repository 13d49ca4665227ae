package dev.hive.cli.build;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The changes the reactor's POMs need in the workspace's copy of the reactor: a parent that lives outside the
 * reactor is pointed at by a path from the copy; and in the POMs the candidate inherits from, test-scoped
 * dependencies become compile-scoped, because hive tests are tests and are written with what the candidate's unit
 * tests use (AssertJ, Hamcrest, Mockito), yet they are compiled and shaded as the runner's main code. A candidate
 * keeps some out (a test harness that needs what only its own build has, a logging backend) with the property
 * {@value #EXCLUDE_PROPERTY}: {@code groupId:artifactId} entries, comma- or space-separated, {@code groupId:*} for a
 * whole group; those stay test-scoped.
 */
final class ReactorPoms {

    /** The candidate's property listing the test-scoped dependencies that stay out of the runner. */
    static final String EXCLUDE_PROPERTY = "hive.excludeTestDependencies";

    private ReactorPoms() {}

    /** The {@code groupId:artifactId} entries of {@value #EXCLUDE_PROPERTY} in the POM chain (the child's wins). */
    static Set<String> excludedTestDependencies(Candidate candidate) {
        for (Path pom : candidate.pomChain()) {
            Element properties = PomXml.child(PomXml.read(pom), "properties");
            String value = properties == null ? null : PomXml.text(properties, EXCLUDE_PROPERTY);
            if (value != null) {
                Set<String> entries = new HashSet<>();
                for (String entry : value.split("[,\\s]+")) {
                    if (!entry.isBlank()) {
                        entries.add(entry.strip());
                    }
                }
                return entries;
            }
        }
        return Set.of();
    }

    /**
     * The rewritten module POMs of {@code candidate}'s reactor for a copy at {@code copy}, by path relative to the
     * reactor root; POMs that need no change are not in the map.
     */
    static Map<String, String> rewrites(Candidate candidate, Path copy) {
        Path reactor = candidate.reactorRoot();
        Set<Path> inherited = new HashSet<>(candidate.pomChain());
        Set<String> excluded = excludedTestDependencies(candidate);
        Map<String, String> rewritten = new LinkedHashMap<>();
        Deque<Path> todo = new ArrayDeque<>(List.of(reactor));
        Set<Path> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Path dir = todo.removeFirst();
            Path pom = dir.resolve("pom.xml");
            if (!seen.add(dir) || !Files.isRegularFile(pom) || !dir.startsWith(reactor)) {
                continue;
            }
            Element project = PomXml.read(pom);
            for (String module : PomXml.modules(project)) {
                todo.addLast(PomXml.moduleDir(dir, module));
            }
            Path copyDir = copy.resolve(reactor.relativize(dir).toString());
            boolean changed = pointParent(project, dir, copyDir, reactor, copy);
            if (inherited.contains(pom)) {
                changed |= promoteTestScope(project, excluded);
            }
            if (changed) {
                rewritten.put(
                        reactor.relativize(pom).toString().replace('\\', '/'),
                        PomXml.write(project.getOwnerDocument(), "Copied by hive test from " + pom));
            }
        }
        return rewritten;
    }

    /**
     * Points the parent of the POM {@code project} (originally in {@code originalDir}, now written to {@code
     * copyDir}) at its copy when it is inside the reactor, or at the original when it is outside.
     *
     * @return whether the POM changed
     */
    static boolean pointParent(Element project, Path originalDir, Path copyDir, Path reactor, Path copy) {
        Element parent = PomXml.child(project, "parent");
        if (parent == null) {
            return false;
        }
        Element relativePath = PomXml.child(parent, "relativePath");
        String relative = relativePath == null
                ? "../pom.xml"
                : relativePath.getTextContent().strip();
        if (relative.isEmpty()) {
            return false;
        }
        Path target = originalDir.resolve(relative).normalize();
        Path mapped = target.startsWith(reactor)
                ? copy.resolve(reactor.relativize(target).toString())
                : target;
        String now = copyDir.relativize(mapped).toString();
        if (now.equals(relative)) {
            return false;
        }
        if (relativePath == null) {
            relativePath = project.getOwnerDocument().createElement("relativePath");
            parent.appendChild(relativePath);
        }
        relativePath.setTextContent(now);
        return true;
    }

    /**
     * Makes every test-scoped dependency of {@code project} (declared or managed, in profiles too; not a plugin's)
     * compile-scoped, except those {@code excluded} names.
     *
     * @return whether any changed
     */
    static boolean promoteTestScope(Element project, Set<String> excluded) {
        boolean changed = false;
        NodeList scopes = project.getElementsByTagName("scope");
        for (int i = 0; i < scopes.getLength(); i++) {
            Element scope = (Element) scopes.item(i);
            if (scope.getTextContent().strip().equals("test")
                    && isProjectDependency(scope.getParentNode())
                    && !isExcluded((Element) scope.getParentNode(), excluded)) {
                scope.setTextContent("compile");
                changed = true;
            }
        }
        return changed;
    }

    private static boolean isExcluded(Element dependency, Set<String> excluded) {
        String group = PomXml.text(dependency, "groupId");
        String artifact = PomXml.text(dependency, "artifactId");
        return excluded.contains(group + ":" + artifact) || excluded.contains(group + ":*");
    }

    private static boolean isProjectDependency(Node dependency) {
        if (!(dependency instanceof Element e) || !e.getTagName().equals("dependency")) {
            return false;
        }
        for (Node n = dependency.getParentNode(); n instanceof Element up; n = n.getParentNode()) {
            if (up.getTagName().equals("plugin")) {
                return false;
            }
        }
        return true;
    }
}
