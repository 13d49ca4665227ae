package dev.hive.protocol.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterTest {

    @ParameterizedTest
    @CsvSource({
        "hive-virtual-*,   hive-virtual-0,      true",
        "hive-virtual-*,   hive-virtual-,       true",
        "hive-virtual-*,   hive-virtual,        false",
        "*,                anything,            true",
        "*,                '',                  true",
        "mps2-*,           mps2-an385,          true",
        "mps2-*,           xmps2-an385,         false",
        "*an38?,           mps2-an385,          true",
        "*an38?,           mps2-an3850,         false",
        "?,                a,                   true",
        "?,                '',                  false",
        "??,               a,                   false",
        "st*32*disco*,     stm32vldiscovery,    true",
        "st*32*disco*,     stm32f4discovery,    true",
        "st*32*disco*,     stm8sdiscovery,      false",
        "a*a*a*a*b,        aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac, false",
        "microbit,         microbit,            true",
        "microbit,         microbit-v2,         false",
        "**,               x,                   true",
        "a*,               a,                   true",
        "*a,               ba,                  true",
        "*a,               ab,                  false",
    })
    void wildcardsMatchTheWholeCandidate(String pattern, String candidate, boolean matches) {
        assertThat(Filter.matchesPattern(pattern, candidate)).isEqualTo(matches);
    }

    @Test
    void matchingIgnoresCase() {
        assertThat(Filter.matchesPattern("STM32*", "stm32vldiscovery")).isTrue();
        assertThat(Filter.matchesPattern("virtual gdb probe ?", "Virtual GDB Probe 3"))
                .isTrue();
        assertThat(Filter.matchesPattern("straße", "STRASSE")).isFalse(); // no multi-character folding
        assertThat(Filter.matchesPattern("ÄRGER", "ärger")).isTrue();
    }

    @Test
    void questionMarkMatchesOneCharacterEvenOutsideTheBasicPlane() {
        assertThat(Filter.matchesPattern("probe-?", "probe-🐝")).isTrue();
        assertThat(Filter.matchesPattern("probe-??", "probe-🐝")).isFalse();
    }

    @Test
    void anIncludeFilterAdmitsMatchesAndAnExcludeFilterAdmitsTheRest() {
        var include = Filter.include("mps2-*", "microbit");
        var exclude = Filter.exclude("mps2-*", "microbit");
        for (String target : List.of("mps2-an385", "MICROBIT")) {
            assertThat(include.admits(target)).as(target).isTrue();
            assertThat(exclude.admits(target)).as(target).isFalse();
        }
        assertThat(include.admits("stm32vldiscovery")).isFalse();
        assertThat(exclude.admits("stm32vldiscovery")).isTrue();
    }

    @Test
    void aProbePatternMatchesTheIdentifierOrTheSerial() {
        var bySerial = Filter.include("0669FF*");
        assertThat(bySerial.admits("ST-Link/V2-1", "0669FF555052836687031919")).isTrue();
        assertThat(bySerial.admits("ST-Link/V2-1", "066DFF3833584B3043115433")).isFalse();
        var byIdentifier = Filter.exclude("st-link*");
        assertThat(byIdentifier.admits("ST-Link/V2-1", "0669FF555052836687031919"))
                .isFalse();
        assertThat(byIdentifier.admits("J-Link", "000683")).isTrue();
        assertThat(Filter.include("hive-virtual-1").matches("Virtual GDB probe 1", null))
                .isFalse();
    }

    @Test
    void runOptionsApplyTheirFiltersAndAdmitEverythingWithoutOne() {
        var all = new RunOptions(null, null, 1000, 60_000);
        assertThat(all.admitsProbe("J-Link", "000683")).isTrue();
        assertThat(all.admitsTarget("microbit")).isTrue();
        var some = new RunOptions(Filter.include("hive-virtual-*"), Filter.exclude("microbit"), 1000, 60_000);
        assertThat(some.admitsProbe("Virtual GDB probe 0", "hive-virtual-0")).isTrue();
        assertThat(some.admitsProbe("J-Link", "000683")).isFalse();
        assertThat(some.admitsTarget("microbit")).isFalse();
        assertThat(some.admitsTarget("stm32vldiscovery")).isTrue();
    }

    @Test
    void patternsAreValidated() {
        assertThatThrownBy(() -> Filter.include()).hasMessage("patterns must hold 1 to 100 patterns, has 0");
        assertThatThrownBy(() -> new Filter(Filter.Mode.INCLUDE, Collections.nCopies(101, "a")))
                .hasMessage("patterns must hold 1 to 100 patterns, has 101");
        assertThatThrownBy(() -> Filter.include("a", ""))
                .hasMessage("patterns[1] must be 1 to 200 characters long, is 0");
        assertThatThrownBy(() -> Filter.include("x".repeat(201)))
                .hasMessage("patterns[0] must be 1 to 200 characters long, is 201");
        assertThatThrownBy(() -> Filter.include("a\tb"))
                .hasMessage("patterns[0] contains the unprintable character U+0009");
        assertThatThrownBy(() -> Filter.include("a\u200Bb"))
                .hasMessage("patterns[0] contains the unprintable character U+200B");
        assertThatThrownBy(() -> new Filter(null, List.of("a"))).hasMessage("mode is required");
        assertThatThrownBy(() -> new Filter(Filter.Mode.EXCLUDE, java.util.Arrays.asList("a", null)))
                .hasMessage("patterns[1] is required");
        assertThat(Filter.include("Virtual GDB probe ?", "µ-probe").patterns()).hasSize(2);
    }
}
