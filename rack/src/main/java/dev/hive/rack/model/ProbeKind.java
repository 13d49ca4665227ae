package dev.hive.rack.model;

/** The families of debug probes the rack knows. Physical ones are recognised on USB; see the static backend. */
public enum ProbeKind {
    /** A virtual probe of the virtual rack: a socket spliced to a QEMU GDB stub. */
    VIRTUAL_GDB("Virtual GDB probe"),
    ST_LINK_V2("ST-Link/V2"),
    ST_LINK_V2_1("ST-Link/V2-1"),
    ST_LINK_V3("ST-Link/V3"),
    J_LINK("SEGGER J-Link"),
    CMSIS_DAP_V1("CMSIS-DAP v1 (HID)"),
    CMSIS_DAP_V2("CMSIS-DAP v2 (bulk)"),
    BLACK_MAGIC_PROBE("Black Magic Probe"),
    ESP_USB_JTAG("Espressif USB-JTAG"),
    WCH_LINK("WCH-Link"),
    FTDI("FTDI-based JTAG adapter"),
    /**
     * A probe that is not on this host's USB (a J-Link on the network, a probe behind a remote GDB server): not
     * looked for, reached only through the GDB server its channel starts for a lease.
     */
    NETWORK("Network probe (through its GDB server)");

    private final String displayName;

    ProbeKind(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
