package dev.hive.cli.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The flattened POMs the CLI carries (src/template-repo) list the same compile dependencies as the modules they
 * flatten, so a dependency added to the runner reaches the runners `hive test` builds.
 */
class TemplatePomsTest {

    private static List<String> compileDependencies(Path pom) throws Exception {
        Element project = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(pom.toFile())
                .getDocumentElement();
        List<String> deps = new ArrayList<>();
        NodeList list = project.getElementsByTagName("dependency");
        for (int i = 0; i < list.getLength(); i++) {
            Element dep = (Element) list.item(i);
            if (dep.getParentNode().getParentNode() != project) {
                continue; // dependencyManagement or a plugin's dependencies
            }
            String scope = text(dep, "scope");
            if (scope == null || scope.equals("compile") || scope.equals("runtime")) {
                deps.add(text(dep, "groupId") + ":" + text(dep, "artifactId"));
            }
        }
        return deps;
    }

    private static String text(Element e, String name) {
        NodeList list = e.getElementsByTagName(name);
        return list.getLength() == 0 ? null : list.item(0).getTextContent().strip();
    }

    @Test
    void theFlattenedPomsKeepInStepWithTheirModules() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path flattened = Path.of("src/template-repo");

        List<String> runner = new ArrayList<>(compileDependencies(root.resolve("runner-template/pom.xml")));
        // The template's sample suite runs against the example candidate; a user's runner has its own candidate.
        runner.remove("dev.hive.examples:rsp-probe");
        assertThat(compileDependencies(flattened.resolve("hive-runner.pom")))
                .containsExactlyInAnyOrderElementsOf(runner);
        assertThat(compileDependencies(flattened.resolve("hive-runner-api.pom")))
                .containsExactlyInAnyOrderElementsOf(compileDependencies(root.resolve("runner-api/pom.xml")));
        assertThat(compileDependencies(flattened.resolve("hive-protocol.pom")))
                .containsExactlyInAnyOrderElementsOf(compileDependencies(root.resolve("protocol/pom.xml")));
    }
}
