package dev.hive.example.rsp;

/**
 * Chooses the {@code kind} of a code breakpoint ({@code Z0}/{@code Z1}): the instruction length
 * the stub must patch or match. {@link RspOptions#breakpointKind()} wins if set; on ARM it is 2 for
 * Cortex-M (Thumb), else 2 or 4 from the CPSR T bit; on RISC-V 4 for a 32-bit instruction and 2 for
 * a compressed one, read from memory; 4 otherwise. Called with the session lock held.
 */
final class BreakpointKinds {

    private final RspOptions options;
    private final RegisterAccess registers;
    private final MemoryAccess memory;

    BreakpointKinds(RspOptions options, RegisterAccess registers, MemoryAccess memory) {
        this.options = options;
        this.registers = registers;
        this.memory = memory;
    }

    /** Whether the kind is configured, so that finding it sends nothing to the stub. */
    boolean isConfigured() {
        return options.breakpointKind() > 0;
    }

    int forAddress(long address) throws RspException {
        if (isConfigured()) {
            return options.breakpointKind();
        }
        return switch (registers.target().architecture()) {
            case ARM -> arm();
            case RISCV -> riscv(address);
            default -> 4;
        };
    }

    private int arm() throws RspException {
        TargetDescription target = registers.target();
        if (target.isArmMProfile() || target.register("xpsr").isPresent()) {
            return 2;
        }
        if (target.register("cpsr").isPresent()) {
            try {
                return (registers.read("cpsr") & 0x20) != 0 ? 2 : 4;
            } catch (RspErrorReplyException | RspUnsupportedException e) {
                return 2;
            }
        }
        return 2;
    }

    private int riscv(long address) throws RspException {
        try {
            byte[] low = memory.read(address, 2);
            return (low[0] & 0x3) == 0x3 ? 4 : 2;
        } catch (RspErrorReplyException e) {
            return 4;
        }
    }
}
