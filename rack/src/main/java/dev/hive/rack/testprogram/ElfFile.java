package dev.hive.rack.testprogram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads what Hive needs from a 32-bit little-endian ELF file: machine, entry point and the symbol table. */
public final class ElfFile {

    public static final int MACHINE_ARM = 40;
    public static final int MACHINE_RISCV = 243;

    private static final int SHT_SYMTAB = 2;
    private static final int STT_OBJECT = 1;
    private static final int STT_FUNC = 2;

    private final int machine;
    private final long entry;
    private final Map<String, ElfSymbol> symbols;

    private ElfFile(int machine, long entry, Map<String, ElfSymbol> symbols) {
        this.machine = machine;
        this.entry = entry;
        this.symbols = symbols;
    }

    public static ElfFile read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    static ElfFile parse(byte[] bytes, String origin) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 52 || buf.getInt(0) != 0x464C457F) {
            throw new IllegalArgumentException(origin + " is not an ELF file");
        }
        if (bytes[4] != 1 || bytes[5] != 1) {
            throw new IllegalArgumentException(origin + " is not a 32-bit little-endian ELF file");
        }
        int machine = Short.toUnsignedInt(buf.getShort(0x12));
        long entry = Integer.toUnsignedLong(buf.getInt(0x18));
        int shoff = buf.getInt(0x20);
        int shentsize = Short.toUnsignedInt(buf.getShort(0x2E));
        int shnum = Short.toUnsignedInt(buf.getShort(0x30));
        var symbols = new LinkedHashMap<String, ElfSymbol>();
        for (int i = 0; i < shnum; i++) {
            int sh = shoff + i * shentsize;
            if (buf.getInt(sh + 4) != SHT_SYMTAB) {
                continue;
            }
            int strtab = shoff + buf.getInt(sh + 24) * shentsize;
            readSymbols(buf, sh, buf.getInt(strtab + 16), machine, symbols);
        }
        return new ElfFile(machine, entry, Map.copyOf(symbols));
    }

    private static void readSymbols(ByteBuffer buf, int sh, int strings, int machine, Map<String, ElfSymbol> out) {
        int offset = buf.getInt(sh + 16);
        int size = buf.getInt(sh + 20);
        int entsize = Math.max(buf.getInt(sh + 36), 16);
        for (int at = offset + entsize; at + 16 <= offset + size; at += entsize) {
            String name = cString(buf, strings + buf.getInt(at));
            int info = buf.get(at + 12) & 0xF;
            int shndx = Short.toUnsignedInt(buf.getShort(at + 14));
            if (name.isEmpty() || shndx == 0 || name.startsWith("$")) {
                continue;
            }
            long value = Integer.toUnsignedLong(buf.getInt(at + 4));
            ElfSymbol.Type type = info == STT_FUNC
                    ? ElfSymbol.Type.FUNCTION
                    : info == STT_OBJECT ? ElfSymbol.Type.OBJECT : ElfSymbol.Type.OTHER;
            if (type == ElfSymbol.Type.FUNCTION && machine == MACHINE_ARM) {
                value &= ~1L;
            }
            out.putIfAbsent(name, new ElfSymbol(name, value, Integer.toUnsignedLong(buf.getInt(at + 8)), type));
        }
    }

    private static String cString(ByteBuffer buf, int at) {
        int end = at;
        while (end < buf.limit() && buf.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - at];
        buf.get(at, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** {@link #MACHINE_ARM}, {@link #MACHINE_RISCV} or another e_machine value. */
    public int machine() {
        return machine;
    }

    public long entry() {
        return entry;
    }

    /** Global and local symbols with a section, by name; mapping symbols ({@code $t}, {@code $d}) are left out. */
    public Map<String, ElfSymbol> symbols() {
        return symbols;
    }
}
