package dev.hive.rack.physical;

/**
 * A USB vendor and product id pair.
 *
 * @param vendorId the vendor id, 0..0xFFFF
 * @param productId the product id, 0..0xFFFF
 */
public record UsbId(int vendorId, int productId) {

    public UsbId {
        if (vendorId < 0 || vendorId > 0xFFFF || productId < 0 || productId > 0xFFFF) {
            throw new IllegalArgumentException(
                    "USB ids have 16 bits, got vendor " + vendorId + " and product " + productId);
        }
    }

    /** {@code VID:PID} in lower-case hex, as {@code lsusb} prints it, e.g. {@code 0483:374b}. */
    @Override
    public String toString() {
        return "%04x:%04x".formatted(vendorId, productId);
    }
}
