package dev.hive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line {@code main} builds for a subcommand holds that subcommand alone, and says exactly what the one
 * with every subcommand says.
 */
class HiveCommandLineTest {

    @TempDir
    Path home;

    @Test
    void aNamedSubcommandIsTheOnlyOneAddedAndAnswersAsWithAllOfThem() {
        CommandLine all = HiveCommandLine.create(environment(new StringWriter(), new StringWriter()));
        var names = new ArrayList<>(HiveCommandLine.subcommandNames());
        names.add("completion");
        assertThat(all.getSubcommands().keySet()).containsExactlyElementsOf(names);
        for (String name : HiveCommandLine.subcommandNames()) {
            String[] args = {name, "--help"};
            CommandLine alone = HiveCommandLine.create(environment(new StringWriter(), new StringWriter()), args);
            assertThat(alone.getSubcommands().keySet()).containsExactly(name);
            List<String> lazy = run(true, args);
            assertThat(lazy).isEqualTo(run(false, args));
            assertThat(lazy.get(1)).contains("Usage: hive " + name);
        }
        List<String> misspelt = run(true, "tset");
        assertThat(misspelt).isEqualTo(run(false, "tset"));
        assertThat(misspelt.get(2)).contains("tset");
        List<String> unknown = run(true, "test", "--no-such-option");
        assertThat(unknown).isEqualTo(run(false, "test", "--no-such-option"));
        assertThat(unknown.get(2)).contains("--no-such-option");
    }

    /** The exit code, stdout and stderr of {@code args} on the command line main builds, or on the full one. */
    private List<String> run(boolean asMain, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment env = environment(out, err);
        CommandLine cli = asMain ? HiveCommandLine.create(env, args) : HiveCommandLine.create(env);
        int code = cli.execute(args);
        return List.of(Integer.toString(code), out.toString(), err.toString());
    }

    private CliEnvironment environment(StringWriter out, StringWriter err) {
        return new CliEnvironment(
                Map.of("HOME", home.toString()),
                home.resolve("config"),
                home.resolve("cache"),
                new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                false);
    }
}
