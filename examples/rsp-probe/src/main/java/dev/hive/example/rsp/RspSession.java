package dev.hive.example.rsp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A debug session with one RSP stub: memory, registers, run control, breakpoints, monitor commands.
 *
 * <h2>Opening</h2>
 *
 * <pre>{@code
 * try (RspSession s = RspSession.open("unix:/tmp/board.gdb")) {
 *     long magic = s.readU32(0x0800_0200L);
 * }
 * }</pre>
 *
 * <p>{@link #open} connects and runs the handshake: {@code qSupported} (packet size, multiprocess),
 * {@code QStartNoAckMode} (used only if the stub answers {@code OK}; QEMU 7.2 does not, so acks
 * stay on), {@code target.xml} with all its includes (the register map; QEMU answers {@code p}/{@code
 * P} only after this), {@code ?} (the initial stop reason) and {@code vCont?}.
 *
 * <h2>Protocol behaviour</h2>
 *
 * <ul>
 *   <li>Every received packet is acknowledged while ack mode is on. A packet answered with {@code -}
 *       is re-sent up to {@link RspOptions#maxRetries()} times.
 *   <li>Stop replies that arrive when no stop reply is expected (QEMU sends {@code T02...} when a
 *       client connects to a running VM, possibly before the ack of the first packet) are recorded
 *       as {@link #lastStop()} and otherwise skipped.
 *   <li>Every wait has a timeout ({@link RspTimeoutException}, naming the packet sent); a closed
 *       connection raises {@link RspConnectionLostException} and closes the session.
 *   <li>Memory transfers are split to fit the stub's packet size. {@code X} is probed once and
 *       {@code M} used if the stub does not support it.
 *   <li>{@code k} is sent only by {@link #kill()}; it terminates QEMU.
 *   <li>A single step that the stub reports as finished although no register changed is repeated
 *       (at most {@link #MAX_EMPTY_STEP_REPEATS} times): QEMU sometimes answers a step without having
 *       executed an instruction. See {@link #step()}.
 * </ul>
 *
 * <h2>Threads</h2>
 *
 * <p>A session is meant to be used by one thread at a time, typically one test. Every public method
 * takes an internal lock, so calls from several threads are serialised and never interleave on the
 * wire, but the target state they see can change between calls. {@link #close()} does not take the
 * lock: it may be called from any thread (a watchdog, a test timeout) and makes a call blocked in
 * another thread fail at once with {@link RspConnectionLostException}.
 *
 * <h2>Target state</h2>
 *
 * <p>The session tracks whether the target is {@linkplain TargetState#HALTED halted} or {@linkplain
 * TargetState#RUNNING running}. Memory, register, breakpoint and monitor calls need a halted target
 * and throw {@link IllegalStateException} while it runs: on an all-stop stub such as QEMU any byte
 * sent to a running target stops it.
 */
public final class RspSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RspSession.class);

    /** The {@code qSupported} request this library sends. */
    static final String QSUPPORTED = "qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+";

    private static final String HALT_LABEL = "\\x03 (halt)";

    /**
     * How many times {@link #step()} repeats a step after which no register changed, at most; see
     * there.
     */
    public static final int MAX_EMPTY_STEP_REPEATS = 3;

    private record Breakpoint(BreakpointType type, long address, int kind) {}

    @FunctionalInterface
    private interface Call<T> {
        T run() throws RspException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final PacketConnection conn;
    private final RspOptions options;
    private final Map<Long, Integer> softwareBreakpointKinds = new HashMap<>();
    private final Set<Breakpoint> inserted = new LinkedHashSet<>();
    private StubFeatures features = StubFeatures.parse("");
    private TargetDescription target = TargetDescription.empty();
    private volatile TargetState state = TargetState.UNKNOWN;
    private volatile StopReply lastStop;
    private Set<String> vContActions = Set.of();
    private Boolean binaryWrite;
    private String lastResume = "";
    private volatile long unsolicitedStops;
    private volatile long emptyStepRepeats;

    private RspSession(RspTransport transport, RspOptions options) {
        this.conn = new PacketConnection(transport, options.maxRetries());
        this.options = options;
    }

    // ------------------------------------------------------------------ opening

    /**
     * Connects to an endpoint string ({@code unix:/path}, {@code tcp:host:port}, {@code
     * serial:/dev/ttyACM0[@baud]}) with default options and runs the handshake.
     *
     * @throws IllegalArgumentException if the endpoint string is malformed
     * @throws RspException if connecting or the handshake fails
     */
    public static RspSession open(String endpoint) throws RspException {
        return open(RspEndpoint.parse(endpoint), RspOptions.defaults());
    }

    /** Like {@link #open(String)} with options. */
    public static RspSession open(String endpoint, RspOptions options) throws RspException {
        return open(RspEndpoint.parse(endpoint), options);
    }

    /** Connects to an endpoint and runs the handshake. */
    public static RspSession open(RspEndpoint endpoint, RspOptions options) throws RspException {
        return open(RspTransports.open(endpoint, options.connectTimeout()), options);
    }

    /**
     * Runs the handshake over an already open transport. The session owns the transport from now on
     * and closes it on failure and in {@link #close()}.
     */
    public static RspSession open(RspTransport transport, RspOptions options) throws RspException {
        RspSession session = new RspSession(transport, options);
        try {
            session.locked(() -> {
                session.handshake();
                return null;
            });
            return session;
        } catch (RspException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private void handshake() throws RspException {
        features = StubFeatures.parse(exchange(QSUPPORTED, true));
        log.debug("{}: qSupported -> {}", description(), features.raw());
        if (options.tryNoAckMode() && !features.refuses("QStartNoAckMode")) {
            String reply = exchange("QStartNoAckMode", true);
            if ("OK".equals(reply)) {
                conn.setAckMode(false);
                log.debug("{}: no-ack mode on", description());
            } else {
                log.debug("{}: QStartNoAckMode -> '{}', staying in ack mode", description(), reply);
            }
        }
        if (features.supports("qXfer:features:read")) {
            target = TargetDescriptionParser.parse("target.xml", this::readFeatureAnnex);
            log.debug("{}: {}", description(), target);
        }
        String why = exchange("?", false);
        if (StopReply.isStopReply(why)) {
            noteStop(why, false);
        } else {
            log.debug("{}: '?' answered '{}', target state unknown", description(), why);
        }
        String vcont = exchange("vCont?", true);
        if (vcont.startsWith("vCont")) {
            Set<String> actions = new HashSet<>();
            for (String a : vcont.substring(5).split(";")) {
                if (!a.isEmpty()) {
                    actions.add(a);
                }
            }
            vContActions = Set.copyOf(actions);
        }
    }

    private String readFeatureAnnex(String annex) throws RspException {
        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        int length = Math.max(256, packetSize() - 16);
        int offset = 0;
        while (true) {
            String request = "qXfer:features:read:" + annex + ":" + Integer.toHexString(offset) + ","
                    + Integer.toHexString(length);
            String reply = checked(request);
            char marker = reply.charAt(0);
            if (marker != 'm' && marker != 'l') {
                throw new RspProtocolException(
                        "unexpected reply to '" + request + "': " + RspPackets.abbreviate(reply));
            }
            byte[] data;
            try {
                data = RspPackets.unescape(reply.substring(1).getBytes(StandardCharsets.ISO_8859_1));
            } catch (IllegalArgumentException e) {
                throw new RspProtocolException("bad binary data in reply to '" + request + "'", e);
            }
            xml.writeBytes(data);
            offset += data.length;
            if (marker == 'l') {
                return xml.toString(StandardCharsets.UTF_8);
            }
            if (data.length == 0) {
                throw new RspProtocolException("stub sent an empty 'm' chunk for " + annex + " at offset " + offset);
            }
        }
    }

    // ------------------------------------------------------------------ facts about the session

    /** Where the session is connected to, for example {@code unix:/tmp/board.gdb}. */
    public String description() {
        return conn.description();
    }

    /** The stub's {@code qSupported} answer. */
    public StubFeatures features() {
        return features;
    }

    /** The largest packet the stub accepts, in bytes. */
    public int packetSize() {
        return features.packetSize();
    }

    /** The register map from target.xml (empty if the stub offers none). */
    public TargetDescription targetDescription() {
        return target;
    }

    /** The processor family from target.xml. */
    public Architecture architecture() {
        return target.architecture();
    }

    /** Whether packets are still acknowledged (always on QEMU 7.2). */
    public boolean isAckMode() {
        return conn.ackMode();
    }

    /** Whether the stub supports {@code X}; empty until the first memory write probed it. */
    public Optional<Boolean> binaryWriteSupported() {
        return Optional.ofNullable(binaryWrite);
    }

    /** The largest {@code m} read this session uses. */
    public int maxReadChunk() {
        return options.maxReadChunk() > 0 ? options.maxReadChunk() : MemoryChunks.maxReadChunk(packetSize());
    }

    /** The largest {@code M} write this session uses. */
    public int maxWriteChunk() {
        return options.maxWriteChunk() > 0 ? options.maxWriteChunk() : MemoryChunks.maxWriteChunk(packetSize());
    }

    /** What the session believes the target is doing. */
    public TargetState state() {
        return state;
    }

    /** The most recent stop reply, solicited or not. */
    public Optional<StopReply> lastStop() {
        return Optional.ofNullable(lastStop);
    }

    /** How many stop replies arrived when none was expected. */
    public long unsolicitedStopCount() {
        return unsolicitedStops;
    }

    /**
     * How many extra single steps were sent because a step left every register unchanged (see
     * {@link #step()}).
     */
    public long emptyStepRepeatCount() {
        return emptyStepRepeats;
    }

    /** How many packets were re-sent because the stub answered {@code -}. */
    public long resendCount() {
        return conn.resends();
    }

    /** Whether {@link #close()} has not been called and the connection was not lost. */
    public boolean isOpen() {
        return !closed.get();
    }

    // ------------------------------------------------------------------ memory

    /**
     * Reads memory with {@code m} packets of at most {@link #maxReadChunk()} bytes. Short replies are
     * continued where they stopped.
     *
     * @throws RspErrorReplyException if the stub cannot read the memory (for example {@code E14})
     */
    public byte[] readMemory(long address, int length) throws RspException {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        return locked(() -> {
            requireHalted("readMemory");
            byte[] out = new byte[length];
            int done = 0;
            int max = maxReadChunk();
            while (done < length) {
                int n = Math.min(max, length - done);
                String request = "m" + Long.toHexString(address + done) + "," + Integer.toHexString(n);
                byte[] data = hexReply(request, checked(request));
                if (data.length > n) {
                    throw new RspProtocolException("stub sent " + data.length + " bytes for '" + request + "'");
                }
                System.arraycopy(data, 0, out, done, data.length);
                done += data.length;
            }
            return out;
        });
    }

    /**
     * Writes memory: with {@code X} if the stub supports it (probed once with a zero-length write),
     * otherwise with {@code M} packets of at most {@link #maxWriteChunk()} bytes.
     */
    public void writeMemory(long address, byte[] data) throws RspException {
        locked(() -> {
            requireHalted("writeMemory");
            if (data.length == 0) {
                return null;
            }
            if (binaryWrite == null) {
                binaryWrite = options.useBinaryWrite() && probeBinaryWrite(address);
            }
            if (binaryWrite) {
                writeBinary(address, data);
            } else {
                for (MemoryChunks.Chunk c : MemoryChunks.split(address, data.length, maxWriteChunk())) {
                    expectOk("M" + Long.toHexString(c.address()) + "," + Integer.toHexString(c.length()) + ":"
                            + RspPackets.toHex(data, c.offset(), c.length()));
                }
            }
            return null;
        });
    }

    private boolean probeBinaryWrite(long address) throws RspException {
        String reply = exchange("X" + Long.toHexString(address) + ",0:", true);
        boolean supported = "OK".equals(reply);
        log.debug("{}: X probe -> '{}', using {}", description(), reply, supported ? "X" : "M");
        return supported;
    }

    private void writeBinary(long address, byte[] data) throws RspException {
        int budget = MemoryChunks.maxBinaryPayload(packetSize());
        int offset = 0;
        while (offset < data.length) {
            int n = MemoryChunks.binaryChunkLength(data, offset, budget);
            if (options.maxWriteChunk() > 0) {
                n = Math.min(n, options.maxWriteChunk());
            }
            String header = "X" + Long.toHexString(address + offset) + "," + Integer.toHexString(n) + ":";
            String body = new String(data, offset, n, StandardCharsets.ISO_8859_1);
            expectOk(header + body);
            offset += n;
        }
    }

    /** Reads a little-endian unsigned 32-bit word. */
    public long readU32(long address) throws RspException {
        return RegisterValues.littleEndian("u32", readMemory(address, 4));
    }

    /**
     * Writes a little-endian 32-bit word.
     *
     * @param value 0..0xFFFFFFFF, or a negative {@code int} (written as its two's complement)
     */
    public void writeU32(long address, long value) throws RspException {
        writeMemory(address, littleEndianBytes(value, 4, "value"));
    }

    /** Reads a little-endian 64-bit word (as raw bits). */
    public long readU64(long address) throws RspException {
        return RegisterValues.littleEndian("u64", readMemory(address, 8));
    }

    /** Writes a little-endian 64-bit word. */
    public void writeU64(long address, long value) throws RspException {
        writeMemory(address, littleEndianBytes(value, 8, "value"));
    }

    // ------------------------------------------------------------------ registers

    /** Reads all registers with one {@code g} packet. */
    public RegisterValues readRegisters() throws RspException {
        return locked(() -> {
            requireHalted("readRegisters");
            return registerValues(checked("g"));
        });
    }

    /** Reads a register of at most 64 bits by name (as in target.xml: {@code r0}, {@code pc}, {@code a0}). */
    public long readRegister(String name) throws RspException {
        return RegisterValues.littleEndian(name, readRegisterBytes(name));
    }

    /** Reads a register of at most 64 bits by number. */
    public long readRegister(int regnum) throws RspException {
        return RegisterValues.littleEndian("#" + regnum, readRegisterBytes(regnum));
    }

    /** Reads a register's raw little-endian bytes by name (for registers wider than 64 bits). */
    public byte[] readRegisterBytes(String name) throws RspException {
        return readRegisterBytes(register(name).regnum());
    }

    /**
     * Reads a register's raw bytes by number with {@code p}; falls back to {@code g} if the stub
     * does not support {@code p}.
     */
    public byte[] readRegisterBytes(int regnum) throws RspException {
        return locked(() -> {
            requireHalted("readRegister");
            String request = "p" + Integer.toHexString(regnum);
            String reply = exchange(request, true);
            if (reply.isEmpty()) {
                Register r = target.register(regnum).orElseThrow(() -> new RspUnsupportedException(request));
                return registerValues(checked("g"))
                        .bytes(r.name())
                        .orElseThrow(() -> new RspException("register " + r.name() + " is not in the g reply"));
            }
            if (RspErrorReplyException.isErrorReply(reply)) {
                throw new RspErrorReplyException(request, reply);
            }
            if (reply.indexOf('x') >= 0) {
                throw new RspException("register " + regnum + " is unavailable (stub sent '" + reply + "')");
            }
            return hexReply(request, reply);
        });
    }

    /** Writes a register of at most 64 bits by name; the value must fit its size. */
    public void writeRegister(String name, long value) throws RspException {
        Register r = register(name);
        writeRegisterBytes(r.regnum(), littleEndianBytes(value, Math.min(8, r.byteSize()), name), r.byteSize());
    }

    /** Writes a register of at most 64 bits by number. */
    public void writeRegister(int regnum, long value) throws RspException {
        Optional<Register> r = target.register(regnum);
        int size = r.isPresent() ? r.get().byteSize() : readRegisterBytes(regnum).length;
        writeRegisterBytes(regnum, littleEndianBytes(value, Math.min(8, size), "#" + regnum), size);
    }

    /** Writes a register's raw little-endian bytes by name. */
    public void writeRegisterBytes(String name, byte[] value) throws RspException {
        Register r = register(name);
        if (value.length != r.byteSize()) {
            throw new IllegalArgumentException(
                    "register " + name + " takes " + r.byteSize() + " bytes, got " + value.length);
        }
        writeRegisterBytes(r.regnum(), value, r.byteSize());
    }

    private void writeRegisterBytes(int regnum, byte[] value, int size) throws RspException {
        byte[] full = value;
        if (value.length < size) {
            full = new byte[size];
            System.arraycopy(value, 0, full, 0, value.length);
        }
        byte[] bytes = full;
        locked(() -> {
            requireHalted("writeRegister");
            String request = "P" + Integer.toHexString(regnum) + "=" + RspPackets.toHex(bytes);
            String reply = exchange(request, true);
            if (reply.isEmpty()) {
                writeRegisterViaG(regnum, bytes, request);
            } else if (!"OK".equals(reply)) {
                throw RspErrorReplyException.isErrorReply(reply)
                        ? new RspErrorReplyException(request, reply)
                        : new RspProtocolException("unexpected reply to '" + request + "': " + reply);
            }
            return null;
        });
    }

    private void writeRegisterViaG(int regnum, byte[] bytes, String request) throws RspException {
        Register r = target.register(regnum).orElseThrow(() -> new RspUnsupportedException(request));
        String g = checked("g");
        int offset = 2 * target.gPacketOffset(r);
        if (offset + 2 * bytes.length > g.length()) {
            throw new RspUnsupportedException(request);
        }
        String patched = g.substring(0, offset) + RspPackets.toHex(bytes) + g.substring(offset + 2 * bytes.length);
        expectOk("G" + patched);
    }

    /** Reads the program counter ({@code pc}). */
    public long pc() throws RspException {
        return readRegister(pcRegister().name());
    }

    /** Writes the program counter. */
    public void setPc(long value) throws RspException {
        writeRegister(pcRegister().name(), value);
    }

    /** Reads the stack pointer ({@code sp}, else {@code msp} on ARM, {@code x2} on RISC-V). */
    public long sp() throws RspException {
        return readRegister(spRegister().name());
    }

    /** Writes the stack pointer. */
    public void setSp(long value) throws RspException {
        writeRegister(spRegister().name(), value);
    }

    /** The program counter register of this target. */
    public Register pcRegister() throws RspException {
        return target.firstRegister(target.architecture().pcNames())
                .orElseThrow(() -> new RspException(
                        "no program counter among " + target.architecture().pcNames() + " in the target description"));
    }

    /** The stack pointer register of this target. */
    public Register spRegister() throws RspException {
        return target.firstRegister(target.architecture().spNames())
                .orElseThrow(() -> new RspException(
                        "no stack pointer among " + target.architecture().spNames() + " in the target description"));
    }

    private Register register(String name) throws RspException {
        return target.register(name)
                .orElseThrow(() -> new RspException("no register '" + name + "' in the target description ("
                        + target.registers().size() + " registers)"));
    }

    private RegisterValues registerValues(String g) throws RspException {
        try {
            return new RegisterValues(target, g);
        } catch (IllegalArgumentException e) {
            throw new RspProtocolException("bad g reply: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ run control

    /**
     * Stops a running target with the 0x03 interrupt and waits up to {@link RspOptions#haltTimeout()}
     * for its stop reply. If the target is already halted, returns the last stop reply without
     * sending anything (QEMU ignores 0x03 while halted).
     *
     * @throws RspTimeoutException if no stop reply arrives
     */
    public StopReply halt() throws RspException {
        return locked(() -> {
            ensureOpen();
            absorbPending();
            if (state == TargetState.HALTED && lastStop != null) {
                return lastStop;
            }
            if (state == TargetState.EXITED) {
                throw new IllegalStateException("the target has exited: " + lastStop);
            }
            TargetState before = state;
            conn.sendRaw(new byte[] {RspPackets.INTERRUPT}, HALT_LABEL);
            Duration timeout = options.haltTimeout();
            try {
                return awaitStop(HALT_LABEL, deadline(timeout), timeout);
            } catch (RspTimeoutException e) {
                if (before == TargetState.UNKNOWN) {
                    return stopRequest("?");
                }
                throw e;
            }
        });
    }

    /**
     * Resumes the target ({@code vCont;c}, or {@code c} if the stub has no {@code vCont}). Does not
     * wait for a stop.
     *
     * <p>If the target sits on a breakpoint this session inserted, it is stepped over first (removed,
     * one step, re-inserted), as GDB does; otherwise QEMU would report the same breakpoint again at
     * once. That step is checked like every {@link #step()}: if QEMU reports it without having
     * executed an instruction, it is repeated, so the core really leaves the breakpoint. Should that
     * step itself stop for another reason (a watchpoint), the target stays halted and {@link
     * #waitForStop} returns that stop.
     */
    public void resume() throws RspException {
        locked(() -> {
            requireHalted("resume");
            absorbPending();
            StopReply stepped = stepOverBreakpoint();
            if (stepped != null && !isPlainStep(stepped)) {
                return null;
            }
            String request = vContActions.contains("c") ? "vCont;c" : "c";
            Duration timeout = options.replyTimeout();
            conn.send(bytes(request), request, deadline(timeout), timeout);
            state = TargetState.RUNNING;
            lastResume = request;
            return null;
        });
    }

    /**
     * Executes one instruction ({@code vCont;s}, or {@code s}) and returns the stop reply.
     *
     * <p>If the target sits on a breakpoint this session inserted, the breakpoint is removed for the
     * step and re-inserted afterwards (see {@link #resume()}).
     *
     * <p><em>Steps on which no instruction ran.</em> QEMU (seen with 7.2 on Cortex-M boards with the
     * SysTick and on RISC-V boards with the CLINT timer running) now and then answers a step with
     * {@code T05} although the core did not execute anything: when the timer raises its interrupt
     * between the start of the step and the first instruction, the one-instruction translation block
     * is left before that instruction, and QEMU's generic single-step code ({@code cpu_tb_exec} in
     * {@code accel/tcg/cpu-exec.c}) still reports the step as done. The interrupt itself is masked
     * during gdbstub steps, so the registers are exactly as before and the pc has not moved. A
     * debugger user would see the same address twice; GDB's {@code stepi} passes such a stop through
     * unchanged (its {@code step}/{@code next} hide it, because they keep stepping while the pc is
     * inside the source line).
     *
     * <p>This method therefore reads all registers ({@code g}) before the step and again after a
     * plain step stop ({@code SIGTRAP}, not a watchpoint). If not a single register changed, it
     * steps again, up to {@link #MAX_EMPTY_STEP_REPEATS} times, and returns the stop of the last
     * step. Each repeat is logged and counted in {@link #emptyStepRepeatCount()}. An instruction that
     * branches to itself ({@code b .}, {@code j .}) also changes no register: it is executed up to
     * {@code 1 + MAX_EMPTY_STEP_REPEATS} times, which leaves registers and memory exactly as one
     * execution does, and the pc is reported unchanged, as it should be. A jump to itself that does
     * change a register ({@code bl .}, {@code pop {pc}}) is never repeated. Stops for any other
     * reason (watchpoint, signal, exit) are returned as they are. If the stub cannot send {@code g},
     * steps are not checked.
     *
     * @throws RspTimeoutException if the step does not finish within the reply timeout (the target
     *     is then considered running)
     */
    public StopReply step() throws RspException {
        return locked(() -> {
            requireHalted("step");
            absorbPending();
            StopReply stepped = stepOverBreakpoint();
            return stepped != null ? stepped : singleStep();
        });
    }

    /** One instruction, repeated while a step changes no register (see {@link #step()}). */
    private StopReply singleStep() throws RspException {
        String before = registerSnapshot();
        StopReply stop = singleStepOnce();
        for (int repeat = 1; before != null && repeat <= MAX_EMPTY_STEP_REPEATS && isPlainStep(stop); repeat++) {
            if (!before.equals(registerSnapshot())) {
                return stop;
            }
            emptyStepRepeats++;
            log.debug(
                    "{}: no register changed after a step; the stub reported a step on which no instruction ran"
                            + " (or the instruction branches to itself); stepping again ({} of {})",
                    description(),
                    repeat,
                    MAX_EMPTY_STEP_REPEATS);
            stop = singleStepOnce();
        }
        return stop;
    }

    /** The raw {@code g} reply, or null if the stub does not send one. */
    private String registerSnapshot() throws RspException {
        String reply = exchange("g", true);
        if (reply.isEmpty() || RspErrorReplyException.isErrorReply(reply)) {
            log.debug("{}: 'g' answered '{}'; steps are not checked for progress", description(), reply);
            return null;
        }
        return reply;
    }

    private StopReply singleStepOnce() throws RspException {
        String request = vContActions.contains("s") ? "vCont;s" : "s";
        Duration timeout = options.replyTimeout();
        long deadline = deadline(timeout);
        conn.send(bytes(request), request, deadline, timeout);
        state = TargetState.RUNNING;
        lastResume = request;
        return awaitStop(request, deadline, timeout);
    }

    /** Steps off a code breakpoint at the pc, if there is one; returns the step's stop or null. */
    private StopReply stepOverBreakpoint() throws RspException {
        if (inserted.stream().noneMatch(b -> !b.type().isWatchpoint())) {
            return null;
        }
        Optional<Register> pcRegister =
                target.firstRegister(target.architecture().pcNames());
        if (pcRegister.isEmpty()) {
            return null;
        }
        long pc = readRegister(pcRegister.get().name());
        List<Breakpoint> here = inserted.stream()
                .filter(b -> !b.type().isWatchpoint() && b.address() == pc)
                .toList();
        if (here.isEmpty()) {
            return null;
        }
        log.debug("{}: stepping over {} at 0x{}", description(), here, Long.toHexString(pc));
        for (Breakpoint b : here) {
            removeBreakpoint(b.type(), b.address(), b.kind());
        }
        try {
            return singleStep();
        } finally {
            if (state == TargetState.HALTED) {
                for (Breakpoint b : here) {
                    insertBreakpoint(b.type(), b.address(), b.kind());
                }
            }
        }
    }

    private static boolean isPlainStep(StopReply stop) {
        return stop.isStopped() && stop.signal() == StopReply.SIGTRAP && !stop.isWatchpoint();
    }

    /**
     * Waits for a running target to stop (breakpoint, watchpoint, exit). Returns the last stop reply
     * at once if the target is not running.
     *
     * @throws RspTimeoutException if it is still running after {@code timeout}; it stays running
     */
    public StopReply waitForStop(Duration timeout) throws RspException {
        return locked(() -> {
            ensureOpen();
            if (state != TargetState.RUNNING) {
                absorbPending();
                if (lastStop != null) {
                    return lastStop;
                }
                return stopRequest("?");
            }
            return awaitStop(lastResume, deadline(timeout), timeout);
        });
    }

    /** Asks the stub why the target is stopped ({@code ?}). */
    public StopReply queryStopReason() throws RspException {
        return locked(() -> {
            requireHalted("queryStopReason");
            return stopRequest("?");
        });
    }

    /**
     * Attaches to a process with {@code vAttach;pid} (needed by probes such as the Black Magic Probe
     * after a scan; QEMU is attached from the start).
     */
    public StopReply attach(int pid) throws RspException {
        return locked(() -> {
            requireHalted("attach");
            return stopRequest("vAttach;" + Integer.toHexString(pid));
        });
    }

    // ------------------------------------------------------------------ breakpoints

    /** Inserts a breakpoint or watchpoint with {@code Z}; {@code kind} is the length for watchpoints. */
    public void insertBreakpoint(BreakpointType type, long address, int kind) throws RspException {
        locked(() -> {
            requireHalted("insertBreakpoint");
            expectOk("Z" + type.code() + "," + Long.toHexString(address) + "," + Integer.toHexString(kind));
            inserted.add(new Breakpoint(type, address, kind));
            return null;
        });
    }

    /** Removes a breakpoint or watchpoint with {@code z}. */
    public void removeBreakpoint(BreakpointType type, long address, int kind) throws RspException {
        locked(() -> {
            requireHalted("removeBreakpoint");
            expectOk("z" + type.code() + "," + Long.toHexString(address) + "," + Integer.toHexString(kind));
            inserted.remove(new Breakpoint(type, address, kind));
            return null;
        });
    }

    /**
     * Sets a software breakpoint ({@code Z0}) with the architecture's kind (see {@link
     * #breakpointKind(long)}).
     *
     * @return the kind used
     */
    public int setBreakpoint(long address) throws RspException {
        return locked(() -> {
            int kind = breakpointKind(address);
            insertBreakpoint(BreakpointType.SOFTWARE, address, kind);
            softwareBreakpointKinds.put(address, kind);
            return kind;
        });
    }

    /** Removes a software breakpoint set by {@link #setBreakpoint(long)}. */
    public void clearBreakpoint(long address) throws RspException {
        locked(() -> {
            Integer kind = softwareBreakpointKinds.get(address);
            removeBreakpoint(BreakpointType.SOFTWARE, address, kind != null ? kind : breakpointKind(address));
            softwareBreakpointKinds.remove(address);
            return null;
        });
    }

    /** Sets a hardware breakpoint ({@code Z1}) with the architecture's kind. */
    public int setHardwareBreakpoint(long address) throws RspException {
        return locked(() -> {
            int kind = breakpointKind(address);
            insertBreakpoint(BreakpointType.HARDWARE, address, kind);
            return kind;
        });
    }

    /** Removes a hardware breakpoint ({@code z1}). */
    public void clearHardwareBreakpoint(long address) throws RspException {
        locked(() -> {
            removeBreakpoint(BreakpointType.HARDWARE, address, breakpointKind(address));
            return null;
        });
    }

    /** Sets a watchpoint ({@code Z2} write, {@code Z3} read, {@code Z4} access) on {@code length} bytes. */
    public void setWatchpoint(BreakpointType type, long address, int length) throws RspException {
        requireWatchpoint(type);
        insertBreakpoint(type, address, length);
    }

    /** Removes a watchpoint. */
    public void clearWatchpoint(BreakpointType type, long address, int length) throws RspException {
        requireWatchpoint(type);
        removeBreakpoint(type, address, length);
    }

    private static void requireWatchpoint(BreakpointType type) {
        if (!type.isWatchpoint()) {
            throw new IllegalArgumentException(type + " is not a watchpoint type");
        }
    }

    /**
     * The breakpoint kind for an address: {@link RspOptions#breakpointKind()} if set; on ARM 2 for
     * Cortex-M (Thumb), else 2 or 4 from the CPSR T bit; on RISC-V 4 for a 32-bit instruction and 2
     * for a compressed one (read from memory); 4 otherwise.
     */
    public int breakpointKind(long address) throws RspException {
        if (options.breakpointKind() > 0) {
            return options.breakpointKind();
        }
        return locked(() -> switch (target.architecture()) {
            case ARM -> armBreakpointKind();
            case RISCV -> riscvBreakpointKind(address);
            default -> 4;
        });
    }

    private int armBreakpointKind() throws RspException {
        if (target.isArmMProfile() || target.register("xpsr").isPresent()) {
            return 2;
        }
        if (target.register("cpsr").isPresent()) {
            try {
                return (readRegister("cpsr") & 0x20) != 0 ? 2 : 4;
            } catch (RspErrorReplyException | RspUnsupportedException e) {
                return 2;
            }
        }
        return 2;
    }

    private int riscvBreakpointKind(long address) throws RspException {
        try {
            byte[] low = readMemory(address, 2);
            return (low[0] & 0x3) == 0x3 ? 4 : 2;
        } catch (RspErrorReplyException e) {
            return 4;
        }
    }

    // ------------------------------------------------------------------ monitor and reset

    /**
     * Runs a monitor command with {@code qRcmd} (hex-encoded) and returns its output, collected from
     * {@code O} packets and a final hex reply.
     *
     * @throws RspUnsupportedException if the stub does not support {@code qRcmd}
     * @throws RspErrorReplyException if the stub answers {@code Enn}
     */
    public String monitor(String command) throws RspException {
        return locked(() -> {
            requireHalted("monitor");
            absorbPending();
            String request = "qRcmd," + RspPackets.hexEncodeText(command);
            Duration timeout = options.replyTimeout();
            long deadline = deadline(timeout);
            conn.send(bytes(request), request, deadline, timeout);
            StringBuilder output = new StringBuilder();
            while (true) {
                String reply = receiveOrTimeout(request, deadline, timeout);
                if (reply.isEmpty()) {
                    throw new RspUnsupportedException(request);
                }
                if ("OK".equals(reply)) {
                    return output.toString();
                }
                if (isConsoleOutput(reply)) {
                    output.append(RspPackets.hexDecodeText(reply.substring(1)));
                    continue;
                }
                if (RspErrorReplyException.isErrorReply(reply)) {
                    throw new RspErrorReplyException(request, reply);
                }
                if (StopReply.isStopReply(reply)) {
                    noteStop(reply, true);
                    continue;
                }
                if (RspPackets.isHex(reply)) {
                    output.append(RspPackets.hexDecodeText(reply));
                    return output.toString();
                }
                throw new RspProtocolException(
                        "unexpected reply to monitor command '" + command + "': " + RspPackets.abbreviate(reply));
            }
        });
    }

    /**
     * Resets the target with the monitor command {@link RspOptions#resetCommand()} ({@code
     * system_reset} on QEMU, which leaves the target halted at the reset vector and sends no stop
     * reply). Registers read afterwards come fresh from the stub; this library caches none.
     *
     * @return the monitor output (usually empty)
     */
    public String reset() throws RspException {
        return monitor(options.resetCommand());
    }

    // ------------------------------------------------------------------ raw access

    /**
     * Sends any packet and returns the reply payload as is (empty, {@code Enn}, ...). Unsolicited
     * stop replies and console output are skipped as usual. Not for run-control packets: the session
     * would not know the target runs.
     */
    public String command(String payload) throws RspException {
        return locked(() -> {
            requireHalted("command");
            return exchange(payload, true);
        });
    }

    // ------------------------------------------------------------------ ending

    /**
     * Detaches and closes the session: {@code D;pid} when multiprocess was negotiated (QEMU answers a
     * plain {@code D} with E22 then), falling back to {@code D}. A running target is halted first,
     * and the breakpoints and watchpoints this session inserted are removed. On QEMU the target
     * resumes running after the detach.
     */
    public void detach() throws RspException {
        if (closed.get()) {
            return;
        }
        try {
            locked(() -> {
                if (state == TargetState.RUNNING) {
                    halt();
                }
                for (Breakpoint b : List.copyOf(inserted)) {
                    try {
                        removeBreakpoint(b.type(), b.address(), b.kind());
                    } catch (RspErrorReplyException | RspUnsupportedException e) {
                        log.debug("{}: could not remove {} before detaching: {}", description(), b, e.getMessage());
                    }
                }
                String reply = "";
                if (features.supports("multiprocess")) {
                    int pid = lastStop == null ? 1 : lastStop.processId().orElse(1);
                    reply = exchange("D;" + Integer.toHexString(pid), true);
                    if (!"OK".equals(reply)) {
                        log.debug("{}: 'D;{}' answered '{}', trying 'D'", description(), pid, reply);
                    }
                }
                if (!"OK".equals(reply)) {
                    reply = exchange("D", true);
                    if (reply.isEmpty()) {
                        throw new RspUnsupportedException("D");
                    }
                    if (!"OK".equals(reply)) {
                        throw new RspErrorReplyException("D", reply);
                    }
                }
                return null;
            });
        } finally {
            close();
        }
    }

    /**
     * Sends {@code k} and closes the session. <strong>On QEMU this terminates the emulator.</strong>
     * Never called implicitly. A lost connection during the kill counts as success.
     */
    public void kill() throws RspException {
        if (closed.get()) {
            return;
        }
        try {
            locked(() -> {
                if (state == TargetState.RUNNING) {
                    halt();
                }
                Duration timeout = options.replyTimeout();
                try {
                    conn.send(bytes("k"), "k", deadline(timeout), timeout);
                } catch (RspConnectionLostException | RspTimeoutException e) {
                    log.debug("{}: after 'k': {}", description(), e.getMessage());
                }
                state = TargetState.EXITED;
                return null;
            });
        } catch (RspConnectionLostException e) {
            log.debug("{}: connection ended by 'k'", description());
        } finally {
            close();
        }
    }

    /**
     * Closes the connection without detaching (QEMU keeps the target halted). Idempotent; may be
     * called from any thread.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            conn.close();
            log.debug("{}: closed", description());
        }
    }

    @Override
    public String toString() {
        return "RspSession[" + description() + ", " + state + (isOpen() ? "" : ", closed") + "]";
    }

    // ------------------------------------------------------------------ internals

    private <T> T locked(Call<T> call) throws RspException {
        lock.lock();
        try {
            return call.run();
        } catch (RspConnectionLostException e) {
            close();
            throw e;
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() throws RspConnectionLostException {
        if (closed.get()) {
            throw new RspConnectionLostException("session to " + description() + " is closed");
        }
    }

    private void requireHalted(String operation) throws RspException {
        ensureOpen();
        if (state == TargetState.RUNNING) {
            throw new IllegalStateException(
                    operation + " needs a halted target but it is running; call halt() or waitForStop() first");
        }
        if (state == TargetState.EXITED) {
            absorbPending(); // a stub that exited has closed the connection: report that instead
            throw new IllegalStateException(operation + ": the target has exited (" + lastStop + ")");
        }
    }

    /**
     * Sends a packet and returns the first reply that is neither console output nor (if {@code
     * skipStops}) a stop reply.
     */
    private String exchange(String payload, boolean skipStops) throws RspException {
        ensureOpen();
        absorbPending();
        Duration timeout = options.replyTimeout();
        long deadline = deadline(timeout);
        conn.send(bytes(payload), payload, deadline, timeout);
        while (true) {
            String reply = receiveOrTimeout(payload, deadline, timeout);
            if (isConsoleOutput(reply)) {
                console(reply);
            } else if (skipStops && StopReply.isStopReply(reply)) {
                noteStop(reply, true);
            } else {
                return reply;
            }
        }
    }

    /** {@link #exchange} that turns empty and error replies into exceptions. */
    private String checked(String payload) throws RspException {
        String reply = exchange(payload, true);
        if (reply.isEmpty()) {
            throw new RspUnsupportedException(payload);
        }
        if (RspErrorReplyException.isErrorReply(reply)) {
            throw new RspErrorReplyException(payload, reply);
        }
        return reply;
    }

    private void expectOk(String payload) throws RspException {
        String reply = checked(payload);
        if (!"OK".equals(reply)) {
            throw new RspProtocolException("expected OK to '" + RspPackets.abbreviate(payload) + "', got '"
                    + RspPackets.abbreviate(reply) + "'");
        }
    }

    private StopReply stopRequest(String payload) throws RspException {
        ensureOpen();
        absorbPending();
        Duration timeout = options.replyTimeout();
        long deadline = deadline(timeout);
        conn.send(bytes(payload), payload, deadline, timeout);
        return awaitStop(payload, deadline, timeout);
    }

    private StopReply awaitStop(String label, long deadline, Duration timeout) throws RspException {
        while (true) {
            String reply = conn.receive(deadline, label);
            if (reply == null) {
                throw new RspTimeoutException(
                        "no stop reply after '" + RspPackets.abbreviate(label) + "' within " + timeout.toMillis()
                                + " ms from " + description()
                                + (state == TargetState.RUNNING ? " (target still running)" : ""),
                        label,
                        timeout);
            }
            if (isConsoleOutput(reply)) {
                console(reply);
            } else if (StopReply.isStopReply(reply)) {
                return noteStop(reply, false);
            } else if (reply.isEmpty()) {
                state = state == TargetState.RUNNING ? TargetState.HALTED : state;
                throw new RspUnsupportedException(label);
            } else if (RspErrorReplyException.isErrorReply(reply)) {
                state = state == TargetState.RUNNING ? TargetState.HALTED : state;
                throw new RspErrorReplyException(label, reply);
            } else {
                log.warn(
                        "{}: discarding unexpected packet '{}' while waiting for a stop reply",
                        description(),
                        RspPackets.abbreviate(reply));
            }
        }
    }

    private String receiveOrTimeout(String label, long deadline, Duration timeout) throws RspException {
        String reply = conn.receive(deadline, label);
        if (reply == null) {
            throw new RspTimeoutException(
                    "no reply to '" + RspPackets.abbreviate(label) + "' within " + timeout.toMillis() + " ms from "
                            + description(),
                    label,
                    timeout);
        }
        return reply;
    }

    /** Handles packets that arrived outside an exchange: stop replies, console output, stale replies. */
    private void absorbPending() throws RspException {
        List<String> pending = conn.drain("(pending input)");
        for (String p : pending) {
            if (isConsoleOutput(p)) {
                console(p);
            } else if (StopReply.isStopReply(p)) {
                noteStop(p, state != TargetState.RUNNING);
            } else {
                log.warn(
                        "{}: discarding stale packet '{}' (a late reply to an earlier request?)",
                        description(),
                        RspPackets.abbreviate(p));
            }
        }
    }

    private StopReply noteStop(String payload, boolean unsolicited) {
        StopReply stop = StopReply.parse(payload);
        lastStop = stop;
        state = stop.isStopped() ? TargetState.HALTED : TargetState.EXITED;
        if (unsolicited) {
            unsolicitedStops++;
            log.debug("{}: unsolicited stop reply {}", description(), payload);
        }
        return stop;
    }

    private static boolean isConsoleOutput(String reply) {
        return reply.length() > 1 && reply.charAt(0) == 'O' && RspPackets.isHex(reply.substring(1));
    }

    private void console(String reply) {
        String text = RspPackets.hexDecodeText(reply.substring(1));
        if (options.consoleOutput() != null) {
            options.consoleOutput().accept(text);
        } else {
            log.info("{}: target output: {}", description(), text.strip());
        }
    }

    private static byte[] hexReply(String request, String reply) throws RspProtocolException {
        try {
            return RspPackets.fromHex(reply);
        } catch (IllegalArgumentException e) {
            throw new RspProtocolException(
                    "reply to '" + RspPackets.abbreviate(request) + "' is not hex: " + RspPackets.abbreviate(reply), e);
        }
    }

    private static byte[] bytes(String payload) {
        return payload.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    static byte[] littleEndianBytes(long value, int size, String what) {
        if (size < 8) {
            long high = value >> (8 * size - 1);
            if (high != 0 && high != -1 && (value >>> (8 * size)) != 0) {
                throw new IllegalArgumentException(
                        what + " 0x" + Long.toHexString(value) + " does not fit in " + size * 8 + " bits");
            }
        }
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = (byte) (value >>> (8 * i));
        }
        return out;
    }
}
