package dev.hive.rack.physical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.config.StaticRackConfig.FlasherConfig;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.ProbeKind;
import dev.hive.rack.model.TargetInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@EnabledOnOs(OS.LINUX)
class ExternalFlasherTest {

    private static final TargetCatalog CATALOG = TargetCatalog.builtin();
    private static final TargetInfo TARGET = CATALOG.get("STM32F401RE").info();
    private static final ProbeInfo PROBE =
            new ProbeInfo(ProbeKind.ST_LINK_V2_1, "STM32 STLink", 0x0483, 0x374b, "0670FF3632524B30", "usb:1-2");

    @TempDir
    Path dir;

    @Test
    void successKeepsTheToolsOutputWithEveryPlaceholderReplaced() {
        Path tool = TestScripts.script(dir, "flash-ok", "for a in \"$@\"; do echo \"arg:$a\"; done; echo done >&2");
        Path elf = TestScripts.image(dir, "test program.elf");
        var flasher = flasher(List.of(
                tool.toString(), "--chip", "{chip}", "--probe", "{vid}:{pid}:{probeSerial}", "{elf}", "t={target}"));

        FlashStatus status = flasher.flash(elf, TARGET, PROBE);

        assertThat(status.outcome()).isEqualTo(FlashStatus.Outcome.OK);
        assertThat(status.message()).contains("STM32F401RE").contains("exited with code 0");
        assertThat(status.toolOutput().lines())
                .containsExactly(
                        "arg:--chip",
                        "arg:STM32F401RE",
                        "arg:--probe",
                        "arg:0483:374b:0670FF3632524B30",
                        "arg:" + elf.toAbsolutePath(),
                        "arg:t=STM32F401RE",
                        "done");
    }

    @Test
    void aFailingToolGivesAnErrorWithItsExitCodeAndOutput() {
        Path tool = TestScripts.script(
                dir, "flash-fail", "echo 'Erasing sectors'; echo 'Error: probe not responding' >&2; exit 1");

        FlashStatus status = flasher(List.of(tool.toString(), "{elf}")).flash(image(), TARGET, PROBE);

        assertThat(status.outcome()).isEqualTo(FlashStatus.Outcome.ERROR);
        assertThat(status.message()).contains("flash-fail exited with code 1 after");
        assertThat(status.toolOutput()).contains("Erasing sectors").contains("Error: probe not responding");
    }

    @Test
    void aToolThatHangsIsKilledWithTheProcessesItStarted() throws Exception {
        Path childPid = dir.resolve("child.pid");
        Path tool = TestScripts.script(
                dir, "flash-hang", "sleep 600 &\necho $! > '" + childPid + "'\necho 'waiting for target'\nsleep 600");
        var config = new FlasherConfig(List.of(tool.toString(), "{elf}"), Duration.ofSeconds(1));
        var flasher = new ExternalFlasher(config, CATALOG, new ExternalTool(4096, Duration.ofMillis(500)));

        FlashStatus status = flasher.flash(image(), TARGET, PROBE);

        long child = Long.parseLong(TestScripts.awaitLine(childPid, Duration.ofSeconds(5)));
        assertThat(status.outcome()).isEqualTo(FlashStatus.Outcome.ERROR);
        assertThat(status.message())
                .contains("did not finish in time and was killed")
                .contains("the time limit is 1.0 s")
                .contains("together with 2 process(es) it had started");
        assertThat(status.toolOutput()).contains("waiting for target");
        assertThat(TestScripts.isRunning(child))
                .as("the background child %d", child)
                .isFalse();
    }

    @Test
    void aMissingProgramIsNamed() {
        FlashStatus byPath = flasher(List.of(dir.resolve("no-such-flasher").toString(), "{elf}"))
                .flash(image(), TARGET, PROBE);
        FlashStatus byName = flasher(List.of("hive-no-such-flasher", "{elf}")).flash(image(), TARGET, PROBE);

        assertThat(byPath.outcome()).isEqualTo(FlashStatus.Outcome.ERROR);
        assertThat(byPath.message()).contains("cannot start '" + dir.resolve("no-such-flasher") + "': no such file");
        assertThat(byName.message())
                .contains("cannot start 'hive-no-such-flasher': it is not installed or not on the PATH");
    }

    @Test
    void aMissingImageIsReportedWithoutRunningTheTool() {
        Path marker = dir.resolve("ran");
        Path tool = TestScripts.script(dir, "flash-mark", "touch '" + marker + "'");

        FlashStatus status = flasher(List.of(tool.toString(), "{elf}")).flash(dir.resolve("gone.elf"), TARGET, PROBE);

        assertThat(status.outcome()).isEqualTo(FlashStatus.Outcome.ERROR);
        assertThat(status.message()).contains("gone.elf does not exist");
        assertThat(marker).doesNotExist();
    }

    @Test
    void longOutputKeepsItsEndAndSaysItWasCut() {
        Path tool = TestScripts.script(dir, "flash-chatty", "seq 1 20000");
        var config = new FlasherConfig(List.of(tool.toString(), "{elf}"), Duration.ofSeconds(20));
        var flasher = new ExternalFlasher(config, CATALOG, new ExternalTool(1000, Duration.ofMillis(500)));

        FlashStatus status = flasher.flash(image(), TARGET, PROBE);

        assertThat(status.outcome()).isEqualTo(FlashStatus.Outcome.OK);
        assertThat(status.message()).contains("only the end of its output is kept");
        assertThat(status.toolOutput())
                .startsWith("[output truncated: the first ")
                .endsWith("19999\n20000\n");
        assertThat(status.toolOutput().length()).isLessThan(1100);
    }

    private ExternalFlasher flasher(List<String> command) {
        return new ExternalFlasher(new FlasherConfig(command, Duration.ofSeconds(20)), CATALOG);
    }

    private Path image() {
        return TestScripts.image(dir, "testprogram.elf");
    }
}
