package dev.hive.testprograms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BuiltinTestprogramsTest {

    @Test
    void indexListsExactlyTheFilesOfTheSourceFolder() throws IOException {
        Path folder = Path.of("default");
        try (Stream<Path> walk = Files.walk(folder)) {
            var onDisk = walk.filter(Files::isRegularFile)
                    .map(p -> folder.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals("index.txt"))
                    .sorted()
                    .toList();
            assertThat(BuiltinTestprograms.defaultFiles().keySet()).containsExactlyInAnyOrderElementsOf(onDisk);
        }
    }

    @Test
    void defaultHasSourcesForBothArchitectures() {
        var files = BuiltinTestprograms.defaultFiles();
        assertThat(files.keySet()).anyMatch(p -> p.startsWith("arm/")).anyMatch(p -> p.startsWith("riscv/"));
        assertThat(files.values()).allMatch(content -> content.length > 0);
    }
}
