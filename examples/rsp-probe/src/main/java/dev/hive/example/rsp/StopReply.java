package dev.hive.example.rsp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A parsed stop reply: why the target stopped ({@code S05}, {@code T05thread:p01.01;watch:2000000c;},
 * {@code T02thread:01;}) or why it is gone ({@code W00}, {@code X09}).
 */
public final class StopReply {

    /** The form of the stop reply. */
    public enum Kind {
        /** {@code Sxx} or {@code Txx...}: stopped with a signal. */
        SIGNAL,
        /** {@code Wxx}: the process exited with a status. */
        EXITED,
        /** {@code Xxx}: the process was terminated by a signal. */
        TERMINATED
    }

    /** Why the target stopped, as far as the stop reply says. */
    public enum Reason {
        /** Only a signal (for example SIGINT after a halt, or SIGTRAP after a step). */
        SIGNAL,
        /** A write watchpoint ({@code watch:addr}). */
        WATCHPOINT,
        /** A read watchpoint ({@code rwatch:addr}). */
        READ_WATCHPOINT,
        /** An access watchpoint ({@code awatch:addr}). */
        ACCESS_WATCHPOINT,
        /** A software breakpoint, if the stub reports it ({@code swbreak:}). */
        SOFTWARE_BREAKPOINT,
        /** A hardware breakpoint, if the stub reports it ({@code hwbreak:}). */
        HARDWARE_BREAKPOINT,
        /** Some other reason the stub named (library, fork, exec, ...); see {@link #fields()}. */
        OTHER,
        /** {@code W}: exited. */
        EXITED,
        /** {@code X}: terminated. */
        TERMINATED
    }

    /** SIGINT: the stop a halt request causes. */
    public static final int SIGINT = 2;

    /** SIGTRAP: breakpoints, watchpoints and steps. */
    public static final int SIGTRAP = 5;

    private final String raw;
    private final Kind kind;
    private final int code;
    private final Reason reason;
    private final Map<String, String> fields;
    private final Map<Integer, String> registers;

    private StopReply(
            String raw,
            Kind kind,
            int code,
            Reason reason,
            Map<String, String> fields,
            Map<Integer, String> registers) {
        this.raw = raw;
        this.kind = kind;
        this.code = code;
        this.reason = reason;
        this.fields = Collections.unmodifiableMap(fields);
        this.registers = Collections.unmodifiableMap(registers);
    }

    /** Whether a payload has the shape of a stop reply ({@code S}, {@code T}, {@code W} or {@code X} plus two hex digits). */
    public static boolean isStopReply(String payload) {
        if (payload.length() < 3) {
            return false;
        }
        char c = payload.charAt(0);
        if (c != 'S' && c != 'T' && c != 'W' && c != 'X') {
            return false;
        }
        if (Character.digit(payload.charAt(1), 16) < 0 || Character.digit(payload.charAt(2), 16) < 0) {
            return false;
        }
        if (c == 'S') {
            return payload.length() == 3;
        }
        return payload.length() == 3 || c == 'T' || payload.charAt(3) == ';';
    }

    /**
     * Parses a stop reply.
     *
     * @throws IllegalArgumentException if the payload is not a stop reply
     */
    public static StopReply parse(String payload) {
        if (!isStopReply(payload)) {
            throw new IllegalArgumentException("not a stop reply: '" + RspPackets.abbreviate(payload) + "'");
        }
        char c = payload.charAt(0);
        int code = Integer.parseInt(payload.substring(1, 3), 16);
        Map<String, String> fields = new LinkedHashMap<>();
        Map<Integer, String> registers = new LinkedHashMap<>();
        String rest = payload.substring(3);
        if (rest.startsWith(";")) {
            rest = rest.substring(1);
        }
        for (String pair : rest.split(";")) {
            if (pair.isEmpty()) {
                continue;
            }
            int colon = pair.indexOf(':');
            String key = colon < 0 ? pair : pair.substring(0, colon);
            String value = colon < 0 ? "" : pair.substring(colon + 1);
            if (c == 'T' && isHexNumber(key)) {
                registers.put(Integer.parseInt(key, 16), value);
            } else {
                fields.put(key, value);
            }
        }
        Kind kind =
                switch (c) {
                    case 'W' -> Kind.EXITED;
                    case 'X' -> Kind.TERMINATED;
                    default -> Kind.SIGNAL;
                };
        Reason reason;
        if (kind == Kind.EXITED) {
            reason = Reason.EXITED;
        } else if (kind == Kind.TERMINATED) {
            reason = Reason.TERMINATED;
        } else if (fields.containsKey("watch")) {
            reason = Reason.WATCHPOINT;
        } else if (fields.containsKey("rwatch")) {
            reason = Reason.READ_WATCHPOINT;
        } else if (fields.containsKey("awatch")) {
            reason = Reason.ACCESS_WATCHPOINT;
        } else if (fields.containsKey("swbreak")) {
            reason = Reason.SOFTWARE_BREAKPOINT;
        } else if (fields.containsKey("hwbreak")) {
            reason = Reason.HARDWARE_BREAKPOINT;
        } else if (fields.keySet().stream().anyMatch(StopReply::isReasonKey)) {
            reason = Reason.OTHER;
        } else {
            reason = Reason.SIGNAL;
        }
        return new StopReply(payload, kind, code, reason, fields, registers);
    }

    private static boolean isReasonKey(String key) {
        return switch (key) {
            case "library",
                    "replaylog",
                    "fork",
                    "vfork",
                    "vforkdone",
                    "exec",
                    "create",
                    "syscall_entry",
                    "syscall_return",
                    "clone",
                    "vfork-done" -> true;
            default -> false;
        };
    }

    private static boolean isHexNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The payload as received. */
    public String raw() {
        return raw;
    }

    /** {@link Kind#SIGNAL}, {@link Kind#EXITED} or {@link Kind#TERMINATED}. */
    public Kind kind() {
        return kind;
    }

    /** Why the target stopped. */
    public Reason reason() {
        return reason;
    }

    /** The signal number ({@code S}/{@code T}/{@code X}), or the exit status ({@code W}). */
    public int signal() {
        return code;
    }

    /** The exit status of a {@code W} reply. */
    public OptionalInt exitStatus() {
        return kind == Kind.EXITED ? OptionalInt.of(code) : OptionalInt.empty();
    }

    /** Whether the target is still there and stopped (as opposed to exited or terminated). */
    public boolean isStopped() {
        return kind == Kind.SIGNAL;
    }

    /** The {@code thread:} field, for example {@code p01.01} or {@code 01}. */
    public Optional<String> thread() {
        return Optional.ofNullable(fields.get("thread"));
    }

    /**
     * The process id of the {@code thread:} field in multiprocess form ({@code p01.01} gives 1), or of
     * a {@code process:} field.
     */
    public OptionalInt processId() {
        String t = fields.get("thread");
        if (t != null && t.startsWith("p")) {
            int dot = t.indexOf('.');
            String pid = dot < 0 ? t.substring(1) : t.substring(1, dot);
            try {
                return OptionalInt.of(Integer.parseInt(pid, 16));
            } catch (NumberFormatException e) {
                return OptionalInt.empty();
            }
        }
        String p = fields.get("process");
        if (p != null) {
            try {
                return OptionalInt.of(Integer.parseInt(p, 16));
            } catch (NumberFormatException e) {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }

    /** The {@code core:} field. */
    public OptionalInt core() {
        String c = fields.get("core");
        if (c == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(c, 16));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The data address of a watchpoint stop ({@code watch}, {@code rwatch} or {@code awatch}). */
    public OptionalLong watchAddress() {
        for (String key : new String[] {"watch", "rwatch", "awatch"}) {
            String v = fields.get(key);
            if (v != null && !v.isEmpty()) {
                try {
                    return OptionalLong.of(Long.parseUnsignedLong(v, 16));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    /** Whether a watchpoint triggered. */
    public boolean isWatchpoint() {
        return reason == Reason.WATCHPOINT || reason == Reason.READ_WATCHPOINT || reason == Reason.ACCESS_WATCHPOINT;
    }

    /** The named {@code key:value} fields other than register values, in order. */
    public Map<String, String> fields() {
        return fields;
    }

    /** Register values included in a {@code T} reply, as register number to target-order hex. */
    public Map<Integer, String> registers() {
        return registers;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StopReply other && other.raw.equals(raw);
    }

    @Override
    public int hashCode() {
        return raw.hashCode();
    }

    @Override
    public String toString() {
        return "StopReply[" + raw + "]";
    }
}
