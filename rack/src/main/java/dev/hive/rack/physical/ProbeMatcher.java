package dev.hive.rack.physical;

import dev.hive.rack.config.StaticRackConfig.ProbeSelector;
import dev.hive.rack.model.ProbeInfo;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds the probe a channel's configuration names. A probe fits when its serial is the selector's (ignoring
 * case, as serials are often hex) and its kind, vendor id and product id agree with those the selector gives.
 * Exactly one probe must fit: two identical probes with the same serial cannot be told apart, and the channel
 * is then treated as having no probe rather than risking the wrong one.
 */
public final class ProbeMatcher {

    private ProbeMatcher() {}

    public static ProbeMatch match(ProbeSelector selector, List<ProbeInfo> probes) {
        List<ProbeInfo> fitting = probes.stream().filter(p -> fits(selector, p)).toList();
        if (fitting.size() == 1) {
            return new ProbeMatch.Found(fitting.get(0));
        }
        if (fitting.size() > 1) {
            return new ProbeMatch.Missing(describe(selector) + " is ambiguous: " + fitting.size()
                    + " probes fit (" + list(fitting)
                    + "); they cannot be told apart, so none is used. Give each probe a unique serial number.");
        }
        return new ProbeMatch.Missing(describe(selector) + " is not connected; " + lookalikes(selector, probes));
    }

    static boolean fits(ProbeSelector selector, ProbeInfo probe) {
        return probe.serial().equalsIgnoreCase(selector.serial().strip()) && sameFamily(selector, probe);
    }

    private static boolean sameFamily(ProbeSelector selector, ProbeInfo probe) {
        return (selector.kind() == null || selector.kind() == probe.kind())
                && (selector.vendorId() == null || selector.vendorId() == probe.vendorId())
                && (selector.productId() == null || selector.productId() == probe.productId());
    }

    /** The selector in words, e.g. {@code ST-Link/V2-1 0483:374b with serial 0670FF}. */
    public static String describe(ProbeSelector selector) {
        String kind = selector.kind() == null ? "probe" : selector.kind().displayName();
        String ids = selector.vendorId() == null && selector.productId() == null
                ? ""
                : " " + hex(selector.vendorId()) + ":" + hex(selector.productId());
        return kind + ids + " with serial " + selector.serial();
    }

    private static String lookalikes(ProbeSelector selector, List<ProbeInfo> probes) {
        if (probes.isEmpty()) {
            return "no debug probe was found on this host";
        }
        List<ProbeInfo> sameSerial = probes.stream()
                .filter(p -> p.serial().equalsIgnoreCase(selector.serial().strip()))
                .toList();
        if (!sameSerial.isEmpty()) {
            return "a probe with this serial was found, but it is " + list(sameSerial)
                    + "; check kind, vendorId and productId in the rack file";
        }
        List<ProbeInfo> sameFamily =
                probes.stream().filter(p -> sameFamily(selector, p)).toList();
        if (!sameFamily.isEmpty()) {
            return "found the same kind of probe with other serials: " + list(sameFamily);
        }
        return "found only other probes: " + list(probes);
    }

    private static String list(List<ProbeInfo> probes) {
        return probes.stream().map(ProbeMatcher::describe).collect(Collectors.joining(", "));
    }

    /** A found probe in words, e.g. {@code SEGGER J-Link 1366:0101 serial 000123 at usb:1-4}. */
    public static String describe(ProbeInfo probe) {
        String serial = probe.serial().isEmpty() ? "without serial" : "serial " + probe.serial();
        return probe.kind().displayName() + " " + probe.usbId() + " " + serial + " at " + probe.endpoint();
    }

    private static String hex(Integer id) {
        return id == null ? "*" : "%04x".formatted(id);
    }
}
