package dev.hive.runner.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.unmarked.UnmarkedFixture;
import dev.hive.protocol.listing.ListedTest;
import dev.hive.protocol.listing.ListingCodec;
import dev.hive.protocol.listing.ListingLine;
import dev.hive.protocol.listing.ListingProblem;
import dev.hive.protocol.run.TestSelection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's list mode on real classes: what it lists, and the problems it finds. */
class ListModeTest {

    private static final String PARAMETERS = ListingFixtures.Parameters.class.getName();
    private static final String FILE = "dev/hive/runner/listing/ListingFixtures.java";

    @TempDir
    Path dir;

    private List<ListingLine> list(Path location, TestSelection selection, Class<?>... hiveClasses) {
        var bytes = new ByteArrayOutputStream();
        List<String> names =
                java.util.Arrays.stream(hiveClasses).map(Class::getName).toList();
        new ListMode(getClass().getClassLoader(), location, names)
                .list(selection, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        var codec = new ListingCodec();
        return bytes.toString(StandardCharsets.UTF_8).lines().map(codec::decode).toList();
    }

    private Path jarOf(Class<?>... types) throws IOException {
        Path jar = dir.resolve("runner.jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> type : types) {
                String entry = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void listsEveryTestWithItsDisplayPathAndTagsThenEveryProblemNamingFileAndMethod() throws IOException {
        List<ListingLine> lines = list(jarOf(), TestSelection.ALL, ListingFixtures.Parameters.class);

        assertThat(lines.stream().filter(ListedTest.class::isInstance).map(ListedTest.class::cast))
                .extracting(t -> String.join(" > ", t.displayPath()) + " " + t.tags())
                .as("in execution order")
                .containsExactly(
                        "ListingFixtures$Parameters > injectedFirst(ProbeInfo, int) [board]",
                        "ListingFixtures$Parameters > ownFirst(String, int, ProbeInfo, TargetInfo, TestReporter) [board]",
                        "ListingFixtures$Parameters > repeated(RepetitionInfo, Path, TestInfo) [board, slow]",
                        "ListingFixtures$Parameters > takesAThread(ProbeInfo, Thread) [board]",
                        "ListingFixtures$Parameters > inner > nestedTakesAString(String) [board]");
        assertThat(lines.stream().filter(ListingProblem.class::isInstance))
                .containsExactlyInAnyOrder(
                        new ListingProblem(
                                FILE,
                                PARAMETERS,
                                "takesAThread",
                                "parameter 2 (java.lang.Thread) of takesAThread: nothing resolves this type on the"
                                        + " rack; a hive test may take ProbeInfo, TargetInfo, TestChannel,"
                                        + " HiveContext, TestInfo, TestReporter, RepetitionInfo or a @TempDir Path"),
                        new ListingProblem(
                                FILE,
                                PARAMETERS,
                                "injectedFirst",
                                "parameter 1 (dev.hive.runner.api.ProbeInfo) of injectedFirst is injected but"
                                        + " comes before parameter 2, which the parameterized source supplies: put"
                                        + " the injected parameters after the test's own"),
                        new ListingProblem(
                                FILE,
                                ListingFixtures.Parameters.Inner.class.getName(),
                                "nestedTakesAString",
                                "parameter 1 (java.lang.String) of nestedTakesAString: nothing resolves this type"
                                        + " on the rack; a hive test may take ProbeInfo, TargetInfo, TestChannel,"
                                        + " HiveContext, TestInfo, TestReporter, RepetitionInfo or a @TempDir Path"));
    }

    @Test
    void whatJUnitWouldSkipSilentlyIsAProblemNamingTheMethod() throws IOException {
        List<ListingLine> lines = list(jarOf(), TestSelection.ALL, ListingFixtures.Unrunnable.class);

        assertThat(lines.stream().filter(ListingProblem.class::isInstance).map(ListingProblem.class::cast))
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.file()).isEqualTo(FILE);
                    assertThat(problem.className()).isEqualTo(ListingFixtures.Unrunnable.class.getName());
                    assertThat(problem.methodName()).isEqualTo("returnsAValue");
                    assertThat(problem.message()).contains("must not return a value");
                });
    }

    @Test
    void aTestWithAResolverOfItsOwnIsNotJudged() throws IOException {
        assertThat(list(jarOf(), TestSelection.ALL, ListingFixtures.OwnResolver.class))
                .singleElement()
                .isInstanceOf(ListedTest.class);
    }

    @Test
    void aConcreteClassWithTestsButNoHiveTestIsAProblemAnAbstractBaseIsNot() throws IOException {
        Path jar = jarOf(UnmarkedFixture.class, UnmarkedFixture.Base.class);

        assertThat(list(jar, TestSelection.ALL))
                .containsExactly(new ListingProblem(
                        "com/example/unmarked/UnmarkedFixture.java",
                        UnmarkedFixture.class.getName(),
                        "alsoForgotten",
                        UnmarkedFixture.class.getName() + " has tests (alsoForgotten, ...) but no @HiveTest, so"
                                + " they would run nowhere: annotate the class with @HiveTest"));
    }

    @Test
    void theSelectionNarrowsTheListAndWhatItNamesWronglyIsAProblem() throws IOException {
        assertThat(list(jarOf(), new TestSelection(null, List.of("slow"), null), ListingFixtures.Parameters.class))
                .singleElement()
                .extracting(l -> ((ListedTest) l).methodName())
                .isEqualTo("repeated");
        assertThat(list(
                        jarOf(),
                        new TestSelection(List.of("com.example.Gone"), null, null),
                        ListingFixtures.Parameters.class))
                .containsExactly(new ListingProblem(
                        null,
                        null,
                        null,
                        "--select com.example.Gone: the runner holds no hive test class com.example.Gone (its hive"
                                + " test classes: " + PARAMETERS + ")"));
    }

    @Test
    void selectionArgumentsRepeatAndTakeCommaLists() {
        assertThat(ListMode.selection(List.of(
                        "--select", "a.B, c.D#e", "--select", "f.G", "--include-tags", "x", "--exclude-tags", "y,z")))
                .isEqualTo(new TestSelection(List.of("a.B", "c.D#e", "f.G"), List.of("x"), List.of("y", "z")));
        assertThatThrownBy(() -> ListMode.selection(List.of("--select"))).hasMessage("--select needs a value");
        assertThatThrownBy(() -> ListMode.selection(List.of("--bogus", "x")))
                .hasMessage("unknown argument --bogus; --list takes --select, --include-tags and --exclude-tags");
    }
}
