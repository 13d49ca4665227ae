package dev.hive.example.rsp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted RSP stub for exchange-level tests. It listens on a real socket (a Unix domain socket in
 * a temp directory, or loopback TCP), accepts one client, and answers like a small QEMU 7.2-style
 * Cortex-M target: acks everything, no {@code X}, no no-ack mode, {@code p}/{@code P} only after
 * target.xml was read, {@code D} gives E22 once multiprocess is on. Knobs inject faults.
 */
final class FakeStub {

    static final long RAM = 0x2000_0000L;
    static final int RAM_SIZE = 0x10000;
    static final long RESET_PC = 0x0000_0108L;
    static final String STOP = "T05thread:p01.01;";

    static final String TARGET_XML = "<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM \"gdb-target.dtd\"><target>"
            + "<architecture>arm</architecture><xi:include href=\"m-core.xml\"/>"
            + "<xi:include href=\"m-sys.xml\"/></target>";
    static final String CORE_XML;
    static final String SYS_XML = "<?xml version=\"1.0\"?><feature name=\"org.qemu.gdb.arm.sys.regs\"></feature>";

    static {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE feature SYSTEM \"gdb-target.dtd\">\n"
                + "<feature name=\"org.gnu.gdb.arm.m-profile\">\n");
        for (int i = 0; i < 13; i++) {
            sb.append("  <reg name=\"r").append(i).append("\" bitsize=\"32\"/>\n");
        }
        sb.append("  <reg name=\"sp\" bitsize=\"32\" type=\"data_ptr\"/>\n  <reg name=\"lr\" bitsize=\"32\"/>\n"
                + "  <reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\"/>\n"
                + "  <reg name=\"xpsr\" bitsize=\"32\" regnum=\"25\"/>\n</feature>\n");
        CORE_XML = sb.toString();
    }

    private final Path dir;
    private final ServerSocketChannel server;
    private final String endpoint;
    private final Thread thread;
    private final Object writeLock = new Object();
    private final RspFrameDecoder decoder = new RspFrameDecoder();
    private volatile SocketChannel client;
    private byte[] lastSent;

    final List<String> packets = new CopyOnWriteArrayList<>();
    final List<Integer> readSizes = new CopyOnWriteArrayList<>();
    final List<Integer> writeSizes = new CopyOnWriteArrayList<>();
    final AtomicInteger interrupts = new AtomicInteger();
    final AtomicInteger acksReceived = new AtomicInteger();
    final AtomicInteger naksReceived = new AtomicInteger();
    final byte[] ram = new byte[RAM_SIZE];
    final long[] regs = new long[26];
    final java.util.Set<Long> codeBreakpoints = java.util.concurrent.ConcurrentHashMap.newKeySet();

    // knobs
    volatile boolean supportNoAck;
    volatile boolean supportX;
    volatile boolean supportP = true;
    volatile boolean multiprocess = true;
    volatile boolean plainDetachOnly;
    volatile boolean rle;
    volatile boolean mute;
    volatile String closeOnPrefix;
    volatile String greeting;
    volatile String stopBeforeFirstAck;
    volatile int nakNext;
    volatile int corruptNext;
    volatile int xferSlice = 100;
    volatile int maxRead = 2044;
    volatile int maxWrite = 2032;
    volatile boolean running;
    volatile boolean ackMode = true;
    volatile boolean targetXmlRead;
    volatile Throwable failure;

    private FakeStub(Path dir, ServerSocketChannel server, String endpoint) {
        this.dir = dir;
        this.server = server;
        this.endpoint = endpoint;
        regs[13] = RAM + RAM_SIZE;
        regs[15] = RESET_PC;
        regs[25] = 0x0100_0000L;
        this.thread = new Thread(this::serve, "fake-stub");
        this.thread.setDaemon(true);
    }

    /** A stub on a Unix domain socket in a fresh temp directory. */
    static FakeStub unix() throws IOException {
        Path dir = Files.createTempDirectory("rsp-fake");
        Path socket = dir.resolve("stub.gdb");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return new FakeStub(dir, server, "unix:" + socket);
    }

    /** A stub on loopback TCP with an ephemeral port. */
    static FakeStub tcp() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        return new FakeStub(null, server, "tcp:127.0.0.1:" + port);
    }

    FakeStub start() {
        thread.start();
        return this;
    }

    String endpoint() {
        return endpoint;
    }

    /** Payloads received, in order. */
    List<String> packets() {
        return packets;
    }

    /**
     * The payloads received from index {@code from} on, up to and including the first {@code last} among them,
     * waiting up to 5 s for it: a packet that gets no reply (a resume, a kill) may still be on its way here when
     * the session's call returns.
     */
    List<String> packetsUntil(int from, String last) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        synchronized (packets) {
            while (true) {
                int at = packets.subList(from, packets.size()).indexOf(last);
                if (at >= 0) {
                    return List.copyOf(packets.subList(from, from + at + 1));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(
                            "the stub did not receive " + last + " after " + packets.subList(from, packets.size()));
                }
                TimeUnit.NANOSECONDS.timedWait(packets, left);
            }
        }
    }

    /** Sends a stop reply as if the target hit something. */
    void triggerStop(String stop) throws IOException {
        running = false;
        sendPacket(stop);
    }

    /** Closes the client connection, as a stub that exits does. */
    void disconnect() throws IOException {
        client.close();
    }

    /** Sends any packet now, from the test thread. */
    void sendPacket(String payload) throws IOException {
        send(RspPackets.frame(payload));
    }

    void writeRam(long address, byte[] data) {
        System.arraycopy(data, 0, ram, (int) (address - RAM), data.length);
    }

    private void serve() {
        try {
            SocketChannel c = server.accept();
            client = c;
            if (greeting != null) {
                sendPacket(greeting);
            }
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (true) {
                buf.clear();
                int n = c.read(buf);
                if (n < 0) {
                    return;
                }
                for (RspFrame f : decoder.feed(buf.array(), 0, n)) {
                    handle(f);
                }
            }
        } catch (IOException e) {
            // client closed or stub closed
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void handle(RspFrame f) throws IOException {
        switch (f.kind()) {
            case ACK -> acksReceived.incrementAndGet();
            case NAK -> {
                naksReceived.incrementAndGet();
                if (lastSent != null) {
                    send(lastSent);
                }
            }
            case INTERRUPT -> {
                interrupts.incrementAndGet();
                if (running) {
                    running = false;
                    sendPacket("T02thread:p01.01;");
                }
            }
            case NOTIFICATION -> {}
            case PACKET -> handlePacket(f);
        }
    }

    private void handlePacket(RspFrame f) throws IOException {
        if (!f.checksumValid()) {
            sendRaw("-");
            return;
        }
        if (nakNext > 0) {
            nakNext--;
            sendRaw("-");
            return;
        }
        String p = f.payloadText();
        if (stopBeforeFirstAck != null) {
            String stop = stopBeforeFirstAck;
            stopBeforeFirstAck = null;
            sendPacket(stop);
        }
        if (ackMode) {
            sendRaw("+");
        }
        synchronized (packets) {
            packets.add(p);
            packets.notifyAll();
        }
        if (mute) {
            return;
        }
        if (closeOnPrefix != null && p.startsWith(closeOnPrefix)) {
            client.close();
            return;
        }
        for (String reply : respond(p, f.payload())) {
            sendReply(reply);
        }
        if (p.equals("QStartNoAckMode") && supportNoAck) {
            ackMode = false;
        }
    }

    private List<String> respond(String p, byte[] raw) throws IOException {
        if (p.startsWith("qSupported")) {
            return List.of("PacketSize=1000;qXfer:features:read+;vContSupported+"
                    + (multiprocess ? ";multiprocess+" : "") + (supportNoAck ? ";QStartNoAckMode+" : ""));
        }
        if (p.equals("QStartNoAckMode")) {
            return List.of(supportNoAck ? "OK" : "");
        }
        if (p.startsWith("qXfer:features:read:")) {
            return List.of(xfer(p));
        }
        if (p.equals("?")) {
            return List.of(STOP);
        }
        if (p.equals("vCont?")) {
            return List.of("vCont;c;C;s;S");
        }
        if (p.equals("g")) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                sb.append(le32(regs[i]));
            }
            return List.of(sb.append(le32(regs[25])).toString());
        }
        if (p.startsWith("G")) {
            String hex = p.substring(1);
            for (int i = 0; i < 17; i++) {
                int reg = i < 16 ? i : 25;
                regs[reg] = fromLe32(hex.substring(8 * i, 8 * i + 8));
            }
            return List.of("OK");
        }
        if (p.startsWith("p")) {
            if (!supportP || !targetXmlRead) {
                return List.of("");
            }
            int n = Integer.parseInt(p.substring(1), 16);
            return List.of(n < regs.length ? le32(regs[n]) : "E0e");
        }
        if (p.startsWith("P")) {
            if (!supportP || !targetXmlRead) {
                return List.of("");
            }
            int eq = p.indexOf('=');
            regs[Integer.parseInt(p.substring(1, eq), 16)] = fromLe32(p.substring(eq + 1));
            return List.of("OK");
        }
        if (p.startsWith("m")) {
            String[] a = p.substring(1).split(",");
            long addr = Long.parseLong(a[0], 16);
            int len = Integer.parseInt(a[1], 16);
            readSizes.add(len);
            if (len > maxRead) {
                return List.of("E22");
            }
            if (addr < RAM || addr + len > RAM + RAM_SIZE) {
                return List.of("E14");
            }
            return List.of(RspPackets.toHex(ram, (int) (addr - RAM), len));
        }
        if (p.startsWith("M")) {
            int colon = p.indexOf(':');
            String[] a = p.substring(1, colon).split(",");
            long addr = Long.parseLong(a[0], 16);
            int len = Integer.parseInt(a[1], 16);
            writeSizes.add(len);
            if (len > maxWrite) {
                return List.of("E22");
            }
            if (addr < RAM || addr + len > RAM + RAM_SIZE) {
                return List.of("E14");
            }
            writeRam(addr, RspPackets.fromHex(p.substring(colon + 1)));
            return List.of("OK");
        }
        if (p.startsWith("X")) {
            if (!supportX) {
                return List.of("");
            }
            int colon = p.indexOf(':');
            String[] a = p.substring(1, colon).split(",");
            long addr = Long.parseLong(a[0], 16);
            int len = Integer.parseInt(a[1], 16);
            byte[] data = RspPackets.unescape(java.util.Arrays.copyOfRange(raw, colon + 1, raw.length));
            if (data.length != len) {
                return List.of("E01");
            }
            if (len > 0) {
                writeSizes.add(len);
                writeRam(addr, data);
            }
            return List.of("OK");
        }
        if (p.startsWith("Z") || p.startsWith("z")) {
            String[] a = p.substring(1).split(",");
            if (a[0].equals("0") || a[0].equals("1")) {
                long addr = Long.parseLong(a[1], 16);
                if (p.startsWith("Z")) {
                    codeBreakpoints.add(addr);
                } else {
                    codeBreakpoints.remove(addr);
                }
            }
            return List.of("OK");
        }
        if (p.equals("vCont;c") || p.equals("c")) {
            if (codeBreakpoints.contains(regs[15])) {
                return List.of(STOP); // like QEMU: resuming on a breakpoint reports it again at once
            }
            running = true;
            return List.of();
        }
        if (p.equals("vCont;s") || p.equals("s")) {
            if (!codeBreakpoints.contains(regs[15])) {
                regs[15] += 2;
            }
            return List.of(STOP);
        }
        if (p.startsWith("qRcmd,")) {
            String cmd = RspPackets.hexDecodeText(p.substring(6));
            return switch (cmd) {
                case "system_reset", "reset" -> {
                    regs[15] = RESET_PC;
                    yield List.of("OK");
                }
                case "info version" -> List.of(
                        "O" + RspPackets.hexEncodeText("7.2.22"), "O" + RspPackets.hexEncodeText(" (fake)\n"), "OK");
                case "hexonly" -> List.of(RspPackets.hexEncodeText("plain\n"));
                case "fail" -> List.of("E01");
                default -> List.of("");
            };
        }
        if (p.startsWith("D")) {
            if (plainDetachOnly) {
                return List.of(p.equals("D") ? "OK" : "");
            }
            return List.of(p.equals("D") && multiprocess ? "E22" : "OK");
        }
        if (p.equals("k")) {
            client.close();
            return List.of();
        }
        return List.of("");
    }

    private String xfer(String p) {
        String[] parts = p.split(":");
        String annex = parts[3];
        String[] range = parts[4].split(",");
        int offset = Integer.parseInt(range[0], 16);
        int length = Integer.parseInt(range[1], 16);
        String doc = Map.of("target.xml", TARGET_XML, "m-core.xml", CORE_XML, "m-sys.xml", SYS_XML)
                .get(annex);
        if (doc == null) {
            return "E00";
        }
        targetXmlRead = true;
        int end = Math.min(doc.length(), offset + Math.min(length, xferSlice));
        return (end >= doc.length() ? "l" : "m") + doc.substring(Math.min(offset, doc.length()), end);
    }

    private void sendReply(String payload) throws IOException {
        byte[] good = rle ? rawFrame(runLengthEncode(payload)) : RspPackets.frame(payload);
        if (corruptNext > 0) {
            corruptNext--;
            byte[] bad = good.clone();
            bad[bad.length - 1] = (byte) (bad[bad.length - 1] == '0' ? '1' : '0');
            lastSent = good;
            send(bad, false);
            return;
        }
        send(good);
    }

    private void sendRaw(String s) throws IOException {
        send(s.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    private void send(byte[] framed) throws IOException {
        send(framed, true);
    }

    private void send(byte[] data, boolean remember) throws IOException {
        synchronized (writeLock) {
            if (remember) {
                lastSent = data;
            }
            SocketChannel c = client;
            ByteBuffer bb = ByteBuffer.wrap(data);
            while (bb.hasRemaining()) {
                c.write(bb);
            }
        }
    }

    /** Run-length encodes a printable payload (runs of 4 or more; counts 6 and 7 avoided). */
    static String runLengthEncode(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int run = 1;
            while (i + run < s.length() && s.charAt(i + run) == c && run < 98) {
                run++;
            }
            int repeats = run - 1;
            if (repeats == 6 || repeats == 7) {
                repeats = 5;
            }
            if (repeats >= 3) {
                out.append(c).append('*').append((char) (29 + repeats));
                i += repeats + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    static byte[] rawFrame(String body) {
        byte[] b = body.getBytes(StandardCharsets.ISO_8859_1);
        String framed = "$" + body + "#" + RspPackets.hexByte(RspPackets.checksum(b));
        return framed.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String le32(long v) {
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return RspPackets.toHex(b);
    }

    static long fromLe32(String hex) {
        byte[] b = RspPackets.fromHex(hex);
        long v = 0;
        for (int i = b.length - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    /** Payloads of a given prefix, in order. */
    List<String> packetsStartingWith(String prefix) {
        List<String> out = new ArrayList<>();
        for (String p : packets) {
            if (p.startsWith(prefix)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Stops the stub, removes its socket and rethrows a failure of the stub thread. */
    void close() throws Exception {
        SocketChannel c = client;
        if (c != null) {
            c.close();
        }
        server.close();
        thread.join(TimeUnit.SECONDS.toMillis(5));
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
        if (failure != null) {
            throw new AssertionError("fake stub failed", failure);
        }
    }
}
