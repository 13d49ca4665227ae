package dev.hive.cli.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** The hive profile goes into the POM's text: every other byte is kept, and a second edit finds nothing to do. */
class PomEditTest {

    private static final HiveProfile PROFILE = new HiveProfile("1.2.3", "3.6.0");

    @TempDir
    Path dir;

    private InitProject project(String pom) throws Exception {
        Files.writeString(dir.resolve("pom.xml"), pom, StandardCharsets.UTF_8);
        return InitProject.locate(dir, null);
    }

    /** Applies the edit as hive init does and returns the new text. */
    private String init(String pom) throws Exception {
        InitProject project = project(pom);
        Optional<PomEdit> edit = PomEdit.of(project, PROFILE);
        assertThat(edit).as("an edit of\n%s", pom).isPresent();
        Files.writeString(project.pom(), edit.get().after(), StandardCharsets.UTF_8);
        return edit.get().after();
    }

    private static Element hiveProfile(String pom) throws Exception {
        Element project = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(pom.getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement();
        Element profiles = InitProject.child(project, "profiles");
        assertThat(profiles).as("<profiles> under <project>").isNotNull();
        var list = profiles.getElementsByTagName("profile");
        for (int i = 0; i < list.getLength(); i++) {
            Element profile = (Element) list.item(i);
            if (InitProject.child(profile, "id").getTextContent().equals("hive")) {
                return profile;
            }
        }
        throw new AssertionError("no hive profile in\n" + pom);
    }

    private static final String FOUR_SPACES =
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0">
                <modelVersion>4.0.0</modelVersion>
                <!-- a comment that mentions </project> and </profiles> -->
                <groupId>com.example</groupId>
                <artifactId>demo</artifactId>
                <version>1.0</version>
            </project>
            """;

    @Test
    void addsProfilesBeforeTheEndOfTheProjectKeepingEveryOtherByteAndTheIndentation() throws Exception {
        String after = init(FOUR_SPACES);

        int start = after.indexOf("    <profiles>\n");
        assertThat(start).isPositive();
        int end = after.indexOf("    </profiles>\n") + "    </profiles>\n".length();
        assertThat(after.substring(0, start) + after.substring(end)).isEqualTo(FOUR_SPACES);
        assertThat(after).contains("\n            <id>hive</id>\n", "<hive.version>1.2.3</hive.version>");
        Element profile = hiveProfile(after);
        assertThat(profile.getElementsByTagName("source").item(0).getTextContent())
                .isEqualTo("src/hive/java");
        assertThat(after).contains("<artifactId>hive-bom</artifactId>", "<scope>import</scope>");
    }

    @Test
    void aSecondInitChangesNothing() throws Exception {
        String once = init(FOUR_SPACES);

        assertThat(PomEdit.of(InitProject.locate(dir, null), PROFILE)).isEmpty();
        assertThat(Files.readString(dir.resolve("pom.xml"))).isEqualTo(once);
    }

    @Test
    void addsTheProfileToExistingProfilesWithTabsAndCrlf() throws Exception {
        String pom = "<project>\r\n\t<modelVersion>4.0.0</modelVersion>\r\n\t<groupId>g</groupId>\r\n"
                + "\t<artifactId>a</artifactId>\r\n\t<version>1</version>\r\n\t<profiles>\r\n\t\t<profile>\r\n"
                + "\t\t\t<id>release</id>\r\n\t\t</profile>\r\n\t</profiles>\r\n</project>\r\n";

        String after = init(pom);

        assertThat(after).startsWith(pom.substring(0, pom.indexOf("\t</profiles>")));
        assertThat(after).endsWith("\t\t</profile>\r\n\t</profiles>\r\n</project>\r\n");
        assertThat(after.replace("\r\n", "")).doesNotContain("\n");
        assertThat(after).contains("\r\n\t\t<profile>\r\n\t\t\t<!-- Written by hive init");
        assertThat(after).contains("\t\t\t<id>release</id>");
        hiveProfile(after);
        assertThat(PomEdit.of(InitProject.locate(dir, null), PROFILE)).isEmpty();
    }

    @Test
    void anotherCliVersionChangesOnlyTheVersionLine() throws Exception {
        String once = init(FOUR_SPACES);

        PomEdit edit = PomEdit.of(InitProject.locate(dir, null), new HiveProfile("2.0.0", "3.6.0"))
                .orElseThrow();

        assertThat(edit.after()).isEqualTo(once.replace("<hive.version>1.2.3<", "<hive.version>2.0.0<"));
        assertThat(edit.removed()).containsExactly("                <hive.version>1.2.3</hive.version>");
        assertThat(edit.added()).containsExactly("                <hive.version>2.0.0</hive.version>");
    }

    @Test
    void theDiffShowsTheInsertedLinesWithTheirContext() throws Exception {
        PomEdit edit = PomEdit.of(project(FOUR_SPACES), PROFILE).orElseThrow();

        assertThat(edit.diff("pom.xml"))
                .startsWith("--- pom.xml", "+++ pom.xml (with the hive profile)", "@@ line 8 @@")
                .contains("      <version>1.0</version>", "+     <profiles>", "+         <profile>")
                .endsWith("+     </profiles>", "  </project>");
    }
}
