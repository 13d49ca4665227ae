package dev.hive.rack.physical;

import dev.hive.rack.model.ProbeKind;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One row of the table of debug probes the static backend recognises.
 *
 * @param kind the probe family
 * @param recognition how a USB device is recognised as this probe
 * @param ids the USB ids of the family; for {@link Recognition#VENDOR_ID} common examples of the vendor's ids,
 *     for the CMSIS-DAP rows empty (they are recognised by name)
 * @param remark a short note for people: variants, modes, pitfalls
 */
public record KnownProbe(ProbeKind kind, Recognition recognition, List<UsbId> ids, String remark) {

    private static final String CMSIS_DAP = "CMSIS-DAP";

    /** The ways a device is recognised, strongest first. */
    public enum Recognition {
        /** The vendor and product id are one of {@link #ids()}. */
        USB_ID("vendor and product id"),
        /** The vendor id is the one of {@link #ids()}; any product id. */
        VENDOR_ID("vendor id, any product id"),
        /** A vendor-specific (bulk) interface whose name contains {@code CMSIS-DAP}. */
        CMSIS_DAP_BULK("an interface named \"…CMSIS-DAP…\" of vendor class (bulk endpoints)"),
        /** The product string, or the name of a HID interface, contains {@code CMSIS-DAP}. */
        CMSIS_DAP_HID("the product string or a HID interface named \"…CMSIS-DAP…\"");

        private final String description;

        Recognition(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    public KnownProbe {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(recognition, "recognition");
        ids = List.copyOf(ids);
        Objects.requireNonNull(remark, "remark");
    }

    /** Whether {@code device} is a probe of this row. */
    public boolean matches(UsbDescriptor device) {
        return switch (recognition) {
            case USB_ID -> ids.contains(device.id());
            case VENDOR_ID -> ids.stream().anyMatch(id -> id.vendorId() == device.vendorId());
            case CMSIS_DAP_BULK -> device.interfaces().stream()
                    .anyMatch(i -> i.interfaceClass() == UsbDescriptor.CLASS_VENDOR && namesCmsisDap(i.name()));
            case CMSIS_DAP_HID -> namesCmsisDap(device.product())
                    || device.interfaces().stream()
                            .anyMatch(i -> i.interfaceClass() == UsbDescriptor.CLASS_HID && namesCmsisDap(i.name()));
        };
    }

    private static boolean namesCmsisDap(String name) {
        return name != null && name.toUpperCase(Locale.ROOT).contains(CMSIS_DAP);
    }
}
