package dev.hive.example.rsp;

import java.time.Duration;
import java.util.Optional;
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

    /**
     * How many times {@link #step()} repeats a step after which no register changed, at most; see
     * there.
     */
    public static final int MAX_EMPTY_STEP_REPEATS = 3;

    // A facade: the one lock and the request/reply layer are in StubChannel. Each public method does
    // its argument checks and lookups as before, then runs a collaborator's work under that lock.
    // The collaborators never lock on their own; they call each other with the lock already held.
    private final StubChannel channel;
    private final TargetStatus status;
    private final RspOptions options;
    private final StubFeatures features;
    private final MemoryAccess memory;
    private final RegisterAccess registers;
    private final BreakpointKinds kinds;
    private final Breakpoints breakpoints;
    private final SingleStepper stepper;
    private final RunControl run;
    private final MonitorCommands monitor;
    private final SessionEnding ending;

    private RspSession(StubChannel channel, RspOptions options, Handshake.Negotiated stub) {
        this.channel = channel;
        this.status = channel.status();
        this.options = options;
        this.features = stub.features();
        this.memory = new MemoryAccess(channel, options, features.packetSize());
        this.registers = new RegisterAccess(channel, stub.target());
        this.kinds = new BreakpointKinds(options, registers, memory);
        this.breakpoints = new Breakpoints(channel, registers, kinds);
        this.stepper = new SingleStepper(channel, options, stub.vContActions());
        this.run = new RunControl(channel, options, stub.vContActions(), breakpoints, stepper);
        this.monitor = new MonitorCommands(channel, options);
        this.ending = new SessionEnding(channel, options, features, run, breakpoints);
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
        StubChannel channel = new StubChannel(new PacketConnection(transport, options.maxRetries()), options);
        try {
            return channel.locked(() -> new RspSession(channel, options, new Handshake(channel, options).run()));
        } catch (RspException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------ facts about the session

    /** Where the session is connected to, for example {@code unix:/tmp/board.gdb}. */
    public String description() {
        return channel.description();
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
        return registers.target();
    }

    /** The processor family from target.xml. */
    public Architecture architecture() {
        return registers.target().architecture();
    }

    /** Whether packets are still acknowledged (always on QEMU 7.2). */
    public boolean isAckMode() {
        return channel.ackMode();
    }

    /** Whether the stub supports {@code X}; empty until the first memory write probed it. */
    public Optional<Boolean> binaryWriteSupported() {
        return memory.binaryWriteSupported();
    }

    /** The largest {@code m} read this session uses. */
    public int maxReadChunk() {
        return memory.maxReadChunk();
    }

    /** The largest {@code M} write this session uses. */
    public int maxWriteChunk() {
        return memory.maxWriteChunk();
    }

    /** What the session believes the target is doing. */
    public TargetState state() {
        return status.state();
    }

    /** The most recent stop reply, solicited or not. */
    public Optional<StopReply> lastStop() {
        return Optional.ofNullable(status.lastStop());
    }

    /** How many stop replies arrived when none was expected. */
    public long unsolicitedStopCount() {
        return status.unsolicitedStops();
    }

    /**
     * How many extra single steps were sent because a step left every register unchanged (see
     * {@link #step()}).
     */
    public long emptyStepRepeatCount() {
        return stepper.emptyStepRepeats();
    }

    /** How many packets were re-sent because the stub answered {@code -}. */
    public long resendCount() {
        return channel.resends();
    }

    /** Whether {@link #close()} has not been called and the connection was not lost. */
    public boolean isOpen() {
        return channel.isOpen();
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
        return channel.locked(() -> memory.read(address, length));
    }

    /**
     * Writes memory: with {@code X} if the stub supports it (probed once with a zero-length write),
     * otherwise with {@code M} packets of at most {@link #maxWriteChunk()} bytes.
     */
    public void writeMemory(long address, byte[] data) throws RspException {
        channel.lockedRun(() -> memory.write(address, data));
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
        return channel.locked(registers::readAll);
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
        return readRegisterBytes(registers.byName(name).regnum());
    }

    /**
     * Reads a register's raw bytes by number with {@code p}; falls back to {@code g} if the stub
     * does not support {@code p}.
     */
    public byte[] readRegisterBytes(int regnum) throws RspException {
        return channel.locked(() -> registers.readBytes(regnum));
    }

    /** Writes a register of at most 64 bits by name; the value must fit its size. */
    public void writeRegister(String name, long value) throws RspException {
        Register r = registers.byName(name);
        writeRegisterBytes(r.regnum(), littleEndianBytes(value, Math.min(8, r.byteSize()), name), r.byteSize());
    }

    /** Writes a register of at most 64 bits by number. */
    public void writeRegister(int regnum, long value) throws RspException {
        Optional<Register> r = registers.byNumber(regnum);
        int size = r.isPresent() ? r.get().byteSize() : readRegisterBytes(regnum).length;
        writeRegisterBytes(regnum, littleEndianBytes(value, Math.min(8, size), "#" + regnum), size);
    }

    /** Writes a register's raw little-endian bytes by name. */
    public void writeRegisterBytes(String name, byte[] value) throws RspException {
        Register r = registers.byName(name);
        if (value.length != r.byteSize()) {
            throw new IllegalArgumentException(
                    "register " + name + " takes " + r.byteSize() + " bytes, got " + value.length);
        }
        writeRegisterBytes(r.regnum(), value, r.byteSize());
    }

    private void writeRegisterBytes(int regnum, byte[] value, int size) throws RspException {
        channel.lockedRun(() -> registers.writeBytes(regnum, value, size));
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
        return registers.pcRegister();
    }

    /** The stack pointer register of this target. */
    public Register spRegister() throws RspException {
        return registers.spRegister();
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
        return channel.locked(run::halt);
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
        channel.lockedRun(run::resume);
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
        return channel.locked(run::step);
    }

    /**
     * Waits for a running target to stop (breakpoint, watchpoint, exit). Returns the last stop reply
     * at once if the target is not running.
     *
     * @throws RspTimeoutException if it is still running after {@code timeout}; it stays running
     */
    public StopReply waitForStop(Duration timeout) throws RspException {
        return channel.locked(() -> run.waitForStop(timeout));
    }

    /** Asks the stub why the target is stopped ({@code ?}). */
    public StopReply queryStopReason() throws RspException {
        return channel.locked(run::queryStopReason);
    }

    /**
     * Attaches to a process with {@code vAttach;pid} (needed by probes such as the Black Magic Probe
     * after a scan; QEMU is attached from the start).
     */
    public StopReply attach(int pid) throws RspException {
        return channel.locked(() -> run.attach(pid));
    }

    // ------------------------------------------------------------------ breakpoints

    /** Inserts a breakpoint or watchpoint with {@code Z}; {@code kind} is the length for watchpoints. */
    public void insertBreakpoint(BreakpointType type, long address, int kind) throws RspException {
        channel.lockedRun(() -> breakpoints.insert(type, address, kind));
    }

    /** Removes a breakpoint or watchpoint with {@code z}. */
    public void removeBreakpoint(BreakpointType type, long address, int kind) throws RspException {
        channel.lockedRun(() -> breakpoints.remove(type, address, kind));
    }

    /**
     * Sets a software breakpoint ({@code Z0}) with the architecture's kind (see {@link
     * #breakpointKind(long)}).
     *
     * @return the kind used
     */
    public int setBreakpoint(long address) throws RspException {
        return channel.locked(() -> breakpoints.setSoftware(address));
    }

    /** Removes a software breakpoint set by {@link #setBreakpoint(long)}. */
    public void clearBreakpoint(long address) throws RspException {
        channel.lockedRun(() -> breakpoints.clearSoftware(address));
    }

    /** Sets a hardware breakpoint ({@code Z1}) with the architecture's kind. */
    public int setHardwareBreakpoint(long address) throws RspException {
        return channel.locked(() -> breakpoints.setHardware(address));
    }

    /** Removes a hardware breakpoint ({@code z1}). */
    public void clearHardwareBreakpoint(long address) throws RspException {
        channel.lockedRun(() -> breakpoints.clearHardware(address));
    }

    /** Sets a watchpoint ({@code Z2} write, {@code Z3} read, {@code Z4} access) on {@code length} bytes. */
    public void setWatchpoint(BreakpointType type, long address, int length) throws RspException {
        Breakpoints.requireWatchpoint(type);
        insertBreakpoint(type, address, length);
    }

    /** Removes a watchpoint. */
    public void clearWatchpoint(BreakpointType type, long address, int length) throws RspException {
        Breakpoints.requireWatchpoint(type);
        removeBreakpoint(type, address, length);
    }

    /**
     * The breakpoint kind for an address: {@link RspOptions#breakpointKind()} if set; on ARM 2 for
     * Cortex-M (Thumb), else 2 or 4 from the CPSR T bit; on RISC-V 4 for a 32-bit instruction and 2
     * for a compressed one (read from memory); 4 otherwise.
     */
    public int breakpointKind(long address) throws RspException {
        // a configured kind sends nothing, so it is answered without waiting for the lock
        return kinds.isConfigured() ? kinds.forAddress(address) : channel.locked(() -> kinds.forAddress(address));
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
        return channel.locked(() -> monitor.run(command));
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
        return channel.locked(() -> {
            channel.requireHalted("command");
            return channel.exchange(payload, true);
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
        if (!channel.isOpen()) {
            return;
        }
        try {
            channel.lockedRun(ending::detach);
        } finally {
            close();
        }
    }

    /**
     * Sends {@code k} and closes the session. <strong>On QEMU this terminates the emulator.</strong>
     * Never called implicitly. A lost connection during the kill counts as success.
     */
    public void kill() throws RspException {
        if (!channel.isOpen()) {
            return;
        }
        try {
            channel.lockedRun(ending::kill);
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
        channel.close();
    }

    @Override
    public String toString() {
        return "RspSession[" + description() + ", " + state() + (isOpen() ? "" : ", closed") + "]";
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
