package dev.hive.example.rsp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The register map of a target, built from its {@code target.xml} by {@link TargetDescriptionParser}.
 *
 * <p>The {@code g} packet carries the registers in register-number order, each in {@code bitsize/8}
 * bytes, without gaps for unused numbers: {@link #gPacketOffset(Register)} gives a register's
 * position in it.
 */
public final class TargetDescription {

    private static final TargetDescription EMPTY = new TargetDescription("", List.of(), List.of(), Map.of());

    private final String architectureName;
    private final List<Register> registers;
    private final List<String> features;
    private final Map<String, String> annexes;
    private final Map<String, Register> byName = new HashMap<>();
    private final Map<Integer, Register> byNumber = new HashMap<>();
    private final Map<Integer, Integer> gOffsets = new HashMap<>();

    TargetDescription(
            String architectureName, List<Register> registers, List<String> features, Map<String, String> annexes) {
        this.architectureName = architectureName == null ? "" : architectureName;
        List<Register> sorted = new ArrayList<>(registers);
        sorted.sort(Comparator.comparingInt(Register::regnum));
        this.registers = Collections.unmodifiableList(sorted);
        this.features = List.copyOf(features);
        this.annexes = Collections.unmodifiableMap(new LinkedHashMap<>(annexes));
        int offset = 0;
        for (Register r : sorted) {
            byName.putIfAbsent(r.name(), r);
            byNumber.putIfAbsent(r.regnum(), r);
            gOffsets.put(r.regnum(), offset);
            offset += r.byteSize();
        }
    }

    /** A description without registers, for stubs that do not offer target.xml. */
    public static TargetDescription empty() {
        return EMPTY;
    }

    /** The {@code <architecture>} text, for example {@code arm} or {@code riscv:rv32}; empty if none. */
    public String architectureName() {
        return architectureName;
    }

    /** The processor family. */
    public Architecture architecture() {
        return Architecture.fromTargetXml(architectureName);
    }

    /** All registers, ordered by register number. */
    public List<Register> registers() {
        return registers;
    }

    /** The register with this name (exact, case-sensitive). */
    public Optional<Register> register(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The register with this number. */
    public Optional<Register> register(int regnum) {
        return Optional.ofNullable(byNumber.get(regnum));
    }

    /** The first register that exists among {@code names}. */
    public Optional<Register> firstRegister(List<String> names) {
        for (String n : names) {
            Register r = byName.get(n);
            if (r != null) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The feature names in document order, for example {@code org.gnu.gdb.arm.m-profile}. */
    public List<String> features() {
        return features;
    }

    /** Whether a feature of this name is present. */
    public boolean hasFeature(String name) {
        return features.contains(name);
    }

    /** Whether this is an ARM M-profile (Cortex-M) target. */
    public boolean isArmMProfile() {
        return hasFeature("org.gnu.gdb.arm.m-profile") || hasFeature("org.gnu.gdb.arm.m-profile-mve");
    }

    /** The XML text of every annex that was read, by annex name ({@code target.xml} first). */
    public Map<String, String> annexes() {
        return annexes;
    }

    /** The byte offset of a register in the {@code g} packet data. */
    public int gPacketOffset(Register register) {
        Integer offset = gOffsets.get(register.regnum());
        if (offset == null) {
            throw new IllegalArgumentException("register " + register.name() + " is not in this description");
        }
        return offset;
    }

    @Override
    public String toString() {
        return "TargetDescription[" + architectureName + ", " + registers.size() + " registers, features " + features
                + "]";
    }
}
