package dev.hive.example.rsp;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The breakpoints and watchpoints a session inserted ({@code Z}/{@code z}), kept so that the session
 * can step over a code breakpoint at the pc before it resumes (as GDB does; QEMU would otherwise
 * report the same breakpoint again at once) and remove them all before it detaches. Called with the
 * session lock held.
 */
final class Breakpoints {

    private static final Logger log = LoggerFactory.getLogger(RspSession.class);

    private record Breakpoint(BreakpointType type, long address, int kind) {}

    /** One single step, as {@link RunControl} does it. */
    @FunctionalInterface
    interface Step {
        StopReply run() throws RspException;
    }

    private final StubChannel channel;
    private final RegisterAccess registers;
    private final BreakpointKinds kinds;
    private final Map<Long, Integer> softwareBreakpointKinds = new HashMap<>();
    private final Set<Breakpoint> inserted = new LinkedHashSet<>();

    Breakpoints(StubChannel channel, RegisterAccess registers, BreakpointKinds kinds) {
        this.channel = channel;
        this.registers = registers;
        this.kinds = kinds;
    }

    void insert(BreakpointType type, long address, int kind) throws RspException {
        channel.requireHalted("insertBreakpoint");
        channel.expectOk("Z" + type.code() + "," + Long.toHexString(address) + "," + Integer.toHexString(kind));
        inserted.add(new Breakpoint(type, address, kind));
    }

    void remove(BreakpointType type, long address, int kind) throws RspException {
        channel.requireHalted("removeBreakpoint");
        channel.expectOk("z" + type.code() + "," + Long.toHexString(address) + "," + Integer.toHexString(kind));
        inserted.remove(new Breakpoint(type, address, kind));
    }

    /** Sets a software breakpoint with the address's kind and remembers the kind for clearing it. */
    int setSoftware(long address) throws RspException {
        int kind = kinds.forAddress(address);
        insert(BreakpointType.SOFTWARE, address, kind);
        softwareBreakpointKinds.put(address, kind);
        return kind;
    }

    void clearSoftware(long address) throws RspException {
        Integer kind = softwareBreakpointKinds.get(address);
        remove(BreakpointType.SOFTWARE, address, kind != null ? kind : kinds.forAddress(address));
        softwareBreakpointKinds.remove(address);
    }

    int setHardware(long address) throws RspException {
        int kind = kinds.forAddress(address);
        insert(BreakpointType.HARDWARE, address, kind);
        return kind;
    }

    void clearHardware(long address) throws RspException {
        remove(BreakpointType.HARDWARE, address, kinds.forAddress(address));
    }

    static void requireWatchpoint(BreakpointType type) {
        if (!type.isWatchpoint()) {
            throw new IllegalArgumentException(type + " is not a watchpoint type");
        }
    }

    /**
     * Steps off a code breakpoint at the pc, if there is one: removes the breakpoints there, runs
     * {@code step} and re-inserts them if the target is still halted.
     *
     * @return the step's stop, or null if there was no breakpoint at the pc and nothing was sent
     *     but the pc read
     */
    StopReply stepOver(Step step) throws RspException {
        if (inserted.stream().noneMatch(b -> !b.type().isWatchpoint())) {
            return null;
        }
        Optional<Register> pcRegister = registers.findPcRegister();
        if (pcRegister.isEmpty()) {
            return null;
        }
        long pc = registers.read(pcRegister.get().name());
        List<Breakpoint> here = inserted.stream()
                .filter(b -> !b.type().isWatchpoint() && b.address() == pc)
                .toList();
        if (here.isEmpty()) {
            return null;
        }
        log.debug("{}: stepping over {} at 0x{}", channel.description(), here, Long.toHexString(pc));
        for (Breakpoint b : here) {
            remove(b.type(), b.address(), b.kind());
        }
        try {
            return step.run();
        } finally {
            if (channel.status().state() == TargetState.HALTED) {
                for (Breakpoint b : here) {
                    insert(b.type(), b.address(), b.kind());
                }
            }
        }
    }

    /** Removes every breakpoint and watchpoint this session inserted; failures the stub reports are logged. */
    void removeAllBeforeDetach() throws RspException {
        for (Breakpoint b : List.copyOf(inserted)) {
            try {
                remove(b.type(), b.address(), b.kind());
            } catch (RspErrorReplyException | RspUnsupportedException e) {
                log.debug("{}: could not remove {} before detaching: {}", channel.description(), b, e.getMessage());
            }
        }
    }
}
