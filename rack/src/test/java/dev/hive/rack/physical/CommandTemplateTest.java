package dev.hive.rack.physical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.ProbeKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandTemplateTest {

    private static final ProbeInfo PROBE =
            new ProbeInfo(ProbeKind.ST_LINK_V2_1, "STM32 STLink", 0x0483, 0x374b, "0670FF36", "usb:1-2");

    @Test
    void placeholdersAreReplacedInEachArgumentOnItsOwn() {
        var template = new CommandTemplate(
                List.of("probe-rs", "download", "--chip", "{chip}", "--probe", "{vid}:{pid}:{probeSerial}", "{elf}"));

        List<String> argv =
                template.render(CommandTemplate.values(Path.of("/tmp/my image.elf"), "STM32F401RE", "nucleo", PROBE));

        assertThat(argv)
                .containsExactly(
                        "probe-rs",
                        "download",
                        "--chip",
                        "STM32F401RE",
                        "--probe",
                        "0483:374b:0670FF36",
                        "/tmp/my image.elf");
    }

    @Test
    void otherBracesStayAndValuesAreNotSubstitutedTwice() {
        var template = new CommandTemplate(List.of("openocd", "-c", "program {{elf}} verify; echo {target} {x}"));

        List<String> argv = template.render(CommandTemplate.values(Path.of("/t/{chip}.elf"), "STM32", "t1", PROBE));

        assertThat(argv.get(2)).isEqualTo("program {/t/{chip}.elf} verify; echo t1 {x}");
    }

    @Test
    void aPlaceholderWithoutValueIsAnError() {
        var reset = new CommandTemplate(List.of("reset-tool", "{elf}"));

        assertThatThrownBy(() -> reset.render(CommandTemplate.values(null, "STM32", "t1", PROBE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{elf}");
    }
}
