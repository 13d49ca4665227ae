package dev.hive.example.rsp;

import java.util.Optional;

/**
 * Target registers for {@link RspSession}, named and sized by the target description (target.xml):
 * {@code p}/{@code P} for one register, {@code g}/{@code G} for all of them and as the fallback
 * when the stub does not support {@code p} or {@code P}. Nothing is cached. Called with the session
 * lock held, except for the lookups in the target description, which send nothing.
 */
final class RegisterAccess {

    private final StubChannel channel;
    private final TargetDescription target;

    RegisterAccess(StubChannel channel, TargetDescription target) {
        this.channel = channel;
        this.target = target;
    }

    TargetDescription target() {
        return target;
    }

    /** All registers, from one {@code g} packet. */
    RegisterValues readAll() throws RspException {
        channel.requireHalted("readRegisters");
        return registerValues(channel.checked("g"));
    }

    /** A register of at most 64 bits by name. */
    long read(String name) throws RspException {
        return RegisterValues.littleEndian(name, readBytes(byName(name).regnum()));
    }

    /** A register's raw bytes with {@code p}, or from {@code g} if the stub does not support {@code p}. */
    byte[] readBytes(int regnum) throws RspException {
        channel.requireHalted("readRegister");
        String request = "p" + Integer.toHexString(regnum);
        String reply = channel.exchange(request, true);
        if (reply.isEmpty()) {
            Register r = target.register(regnum).orElseThrow(() -> new RspUnsupportedException(request));
            return registerValues(channel.checked("g"))
                    .bytes(r.name())
                    .orElseThrow(() -> new RspException("register " + r.name() + " is not in the g reply"));
        }
        if (RspErrorReplyException.isErrorReply(reply)) {
            throw new RspErrorReplyException(request, reply);
        }
        if (reply.indexOf('x') >= 0) {
            throw new RspException("register " + regnum + " is unavailable (stub sent '" + reply + "')");
        }
        return StubChannel.hexReply(request, reply);
    }

    /**
     * Writes a register with {@code P}, or by patching the {@code g} reply and sending it back with
     * {@code G} if the stub does not support {@code P}. {@code value} is zero-padded to {@code size}.
     */
    void writeBytes(int regnum, byte[] value, int size) throws RspException {
        byte[] bytes = value;
        if (value.length < size) {
            bytes = new byte[size];
            System.arraycopy(value, 0, bytes, 0, value.length);
        }
        channel.requireHalted("writeRegister");
        String request = "P" + Integer.toHexString(regnum) + "=" + RspPackets.toHex(bytes);
        String reply = channel.exchange(request, true);
        if (reply.isEmpty()) {
            writeViaG(regnum, bytes, request);
        } else if (!"OK".equals(reply)) {
            throw RspErrorReplyException.isErrorReply(reply)
                    ? new RspErrorReplyException(request, reply)
                    : new RspProtocolException("unexpected reply to '" + request + "': " + reply);
        }
    }

    private void writeViaG(int regnum, byte[] bytes, String request) throws RspException {
        Register r = target.register(regnum).orElseThrow(() -> new RspUnsupportedException(request));
        String g = channel.checked("g");
        int offset = 2 * target.gPacketOffset(r);
        if (offset + 2 * bytes.length > g.length()) {
            throw new RspUnsupportedException(request);
        }
        String patched = g.substring(0, offset) + RspPackets.toHex(bytes) + g.substring(offset + 2 * bytes.length);
        channel.expectOk("G" + patched);
    }

    Register byName(String name) throws RspException {
        return target.register(name)
                .orElseThrow(() -> new RspException("no register '" + name + "' in the target description ("
                        + target.registers().size() + " registers)"));
    }

    Optional<Register> byNumber(int regnum) {
        return target.register(regnum);
    }

    /** The program counter, if the target description names one. */
    Optional<Register> findPcRegister() {
        return target.firstRegister(target.architecture().pcNames());
    }

    Register pcRegister() throws RspException {
        return findPcRegister()
                .orElseThrow(() -> new RspException(
                        "no program counter among " + target.architecture().pcNames() + " in the target description"));
    }

    Register spRegister() throws RspException {
        return target.firstRegister(target.architecture().spNames())
                .orElseThrow(() -> new RspException(
                        "no stack pointer among " + target.architecture().spNames() + " in the target description"));
    }

    private RegisterValues registerValues(String g) throws RspException {
        try {
            return new RegisterValues(target, g);
        } catch (IllegalArgumentException e) {
            throw new RspProtocolException("bad g reply: " + e.getMessage(), e);
        }
    }
}
