package dev.hive.rack.physical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.rack.config.StaticRackConfig.ProbeSelector;
import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.ProbeKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeMatcherTest {

    private static final ProbeInfo J_LINK_A = probe(UsbFixtures.jLink("000260111111", 1));
    private static final ProbeInfo J_LINK_B = probe(UsbFixtures.jLink("000260222222", 2));
    private static final ProbeInfo ST_LINK = probe(UsbFixtures.stLinkV21("0670FF3632524B3043205426", 3));

    @Test
    void theSerialPicksOneOfTwoIdenticalProbes() {
        var selector = new ProbeSelector(ProbeKind.J_LINK, 0x1366, 0x0101, "000260222222");

        ProbeMatch match = ProbeMatcher.match(selector, List.of(J_LINK_A, J_LINK_B, ST_LINK));

        assertThat(match).isEqualTo(new ProbeMatch.Found(J_LINK_B));
    }

    @Test
    void serialsCompareWithoutCaseAndKindAndIdsMayBeLeftOut() {
        var selector = new ProbeSelector(null, null, null, "0670ff3632524b3043205426");

        assertThat(ProbeMatcher.match(selector, List.of(J_LINK_A, ST_LINK))).isEqualTo(new ProbeMatch.Found(ST_LINK));
    }

    @Test
    void anAbsentProbeNamesWhatWasSeenInstead() {
        var selector = new ProbeSelector(ProbeKind.J_LINK, null, null, "000260999999");

        ProbeMatch match = ProbeMatcher.match(selector, List.of(J_LINK_A, ST_LINK));

        assertThat(match).isInstanceOf(ProbeMatch.Missing.class);
        assertThat(((ProbeMatch.Missing) match).reason())
                .startsWith("SEGGER J-Link with serial 000260999999 is not connected")
                .contains("other serials")
                .contains("000260111111 at usb:1-4.1")
                .doesNotContain("0670FF");
    }

    @Test
    void aSerialOnTheWrongKindOfProbeIsPointedOut() {
        var selector = new ProbeSelector(ProbeKind.ST_LINK_V3, null, null, "000260111111");

        ProbeMatch match = ProbeMatcher.match(selector, List.of(J_LINK_A));

        assertThat(((ProbeMatch.Missing) match).reason())
                .contains("a probe with this serial was found, but it is SEGGER J-Link 1366:0101");
    }

    @Test
    void withNoProbesAtAllTheReasonSaysSo() {
        var selector = new ProbeSelector(ProbeKind.ST_LINK_V2_1, 0x0483, 0x374b, "066DFF");

        ProbeMatch match = ProbeMatcher.match(selector, List.of());

        assertThat(((ProbeMatch.Missing) match).reason())
                .isEqualTo("ST-Link/V2-1 0483:374b with serial 066DFF is not connected;"
                        + " no debug probe was found on this host");
    }

    @Test
    void twoProbesWithTheSameSerialAreNeitherUsed() {
        ProbeInfo twin = probe(UsbFixtures.jLink("000260111111", 7));
        var selector = new ProbeSelector(ProbeKind.J_LINK, null, null, "000260111111");

        ProbeMatch match = ProbeMatcher.match(selector, List.of(J_LINK_A, twin));

        assertThat(match).isInstanceOf(ProbeMatch.Missing.class);
        assertThat(((ProbeMatch.Missing) match).reason())
                .contains("is ambiguous: 2 probes fit")
                .contains("usb:1-4.1")
                .contains("usb:1-4.7")
                .contains("cannot be told apart");
    }

    private static ProbeInfo probe(UsbDescriptor descriptor) {
        return KnownProbes.identify(descriptor).orElseThrow();
    }
}
