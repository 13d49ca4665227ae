package dev.hive.rack.physical;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The package's udev rules ({@code packaging/60-hive-probes.rules}) give access to every probe the table knows. */
class UdevRulesTest {

    private static final Path RULES = Path.of("../packaging/60-hive-probes.rules");
    private static final Pattern RULE = Pattern.compile(
            "ATTRS\\{idVendor}==\"([0-9a-f]{4})\", ATTRS\\{idProduct}==\"([0-9a-f|]+)\".*GROUP=\"plugdev\"");

    @Test
    void everyKnownUsbIdHasARuleForPlugdev() throws Exception {
        List<String> lines = Files.readAllLines(RULES);
        java.util.Set<String> covered = new java.util.HashSet<>();
        for (String line : lines) {
            Matcher m = RULE.matcher(line);
            if (m.find()) {
                for (String product : m.group(2).split("\\|")) {
                    covered.add(m.group(1) + ":" + product);
                }
            }
        }
        for (KnownProbe probe : KnownProbes.all()) {
            for (UsbId id : probe.ids()) {
                assertThat(covered)
                        .as("a rule for %s (%s)", id, probe.kind())
                        .contains(String.format(Locale.ROOT, "%04x:%04x", id.vendorId(), id.productId()));
            }
        }
        assertThat(String.join("\n", lines))
                .as("CMSIS-DAP probes of any vendor, as the table recognises them")
                .contains("ATTRS{interface}==\"*CMSIS-DAP*\"")
                .contains("ATTRS{product}==\"*CMSIS-DAP*\"");
    }
}
