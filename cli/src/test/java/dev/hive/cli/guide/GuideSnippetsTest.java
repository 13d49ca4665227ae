package dev.hive.cli.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every code snippet of {@code docs/writing-hive-tests.md} is marked {@code <!-- snippet: PATH[#TAG] -->} and is, line
 * for line (indentation aside), the tagged region of that file, or a run of its lines when there is no tag. Every Java
 * and XML block of the guide carries such a mark. The files named are compiled by the build, so the guide cannot go
 * stale.
 */
class GuideSnippetsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern BLOCK =
            Pattern.compile("(?:<!-- snippet: (\\S+?)(?:#(\\S+))? -->\\n[ \\t]*)?```(\\w*)\\n(.*?)```", Pattern.DOTALL);

    /** One fenced block of the guide, with the file and tag it comes from (null when unmarked). */
    record Snippet(String file, String tag, String language, List<String> lines) {}

    static List<Snippet> snippets() throws IOException {
        String guide = Files.readString(ROOT.resolve("docs/writing-hive-tests.md"));
        List<Snippet> snippets = new ArrayList<>();
        Matcher m = BLOCK.matcher(guide);
        while (m.find()) {
            snippets.add(new Snippet(m.group(1), m.group(2), m.group(3), stripped(m.group(4))));
        }
        return snippets;
    }

    private static List<String> stripped(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static List<String> region(Path file, String tag) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int start = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("tag::" + tag + "[]")) {
                start = i;
            } else if (lines.get(i).contains("end::" + tag + "[]")) {
                end = i;
            }
        }
        assertThat(start).as("tag::%s[] in %s", tag, file).isNotNegative();
        assertThat(end).as("end::%s[] in %s", tag, file).isGreaterThan(start);
        return stripped(String.join("\n", lines.subList(start + 1, end)));
    }

    @Test
    void everyJavaAndXmlSnippetComesFromACompiledFile() throws IOException {
        List<Snippet> snippets = snippets();

        assertThat(snippets.stream().filter(s -> s.file() != null)).hasSizeGreaterThanOrEqualTo(5);
        for (Snippet snippet : snippets) {
            if (snippet.language().equals("java") || snippet.language().equals("xml")) {
                assertThat(snippet.file())
                        .as("the source of the %s snippet %s", snippet.language(), snippet.lines())
                        .isNotNull();
            }
            if (snippet.file() == null) {
                continue;
            }
            Path file = ROOT.resolve(snippet.file());
            assertThat(file).as("the snippet's file").isRegularFile();
            assertThat(snippet.file()).as("a file the build compiles").endsWith(".java");
            if (snippet.tag() != null) {
                assertThat(snippet.lines())
                        .as("%s#%s", snippet.file(), snippet.tag())
                        .isEqualTo(region(file, snippet.tag()));
            } else {
                List<String> lines = stripped(Files.readString(file));
                assertThat(Collections.indexOfSubList(lines, snippet.lines()))
                        .as("the lines of the snippet from %s:\n%s", snippet.file(), String.join("\n", snippet.lines()))
                        .isNotNegative();
            }
        }
    }
}
