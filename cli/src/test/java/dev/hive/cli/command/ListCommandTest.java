package dev.hive.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.cli.report.Console;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ListCommandTest {

    @Test
    void aTargetsHealthIsShownAndOneRunsSkipIsSaidSo() throws Exception {
        var capabilities = new ObjectMapper()
                .readTree(
                        """
                        {"probes": [],
                         "targets": [{"name": "lm3s6965evb", "slot": "0/0", "state": "flashed", "health": "BAD"},
                                     {"name": "sifive_e", "slot": "0/1", "state": "flashed", "health": "GOOD"},
                                     {"name": "microbit", "slot": "0/2", "state": "flashed"}]}
                        """);
        var out = new StringWriter();
        ListCommand.print(
                capabilities, new Console(new PrintWriter(out, true), new PrintWriter(new StringWriter()), false));

        assertThat(out.toString().lines())
                .anySatisfy(
                        l -> assertThat(l).contains("lm3s6965evb").endsWith("flashed, health BAD (skipped by runs)"))
                .anySatisfy(l -> assertThat(l).contains("sifive_e").endsWith("flashed, health GOOD"))
                .anySatisfy(l -> assertThat(l).contains("microbit").endsWith("flashed"));
    }
}
