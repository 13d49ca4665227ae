# The checks of the example's hive suite (examples/rsp-probe/src/hive/java/dev/hive/example/rsp/hive/), done
# by hand in gdb-multiarch against one QEMU board: what a user without a rack writes. check-targets starts the
# board and gdb with this file; the target's facts come from the environment:
#   HIVE_TARGET  name, for the report
#   HIVE_ARCH    arm or riscv
#   HIVE_FLASH   origin:length of the flash region, HIVE_RAM likewise (hex or decimal)
#   HIVE_UID     the HIVE_UID the testprogram was built with
# Prints one line per check, "PASS <target> <check> (<ms> ms)", "FAIL <target> <check>: <why>" or
# "SKIP <target> <check>: <why>", then kills the board and quits gdb with status 1 if any check failed.

import os
import struct
import threading
import time

import gdb

TARGET = os.environ["HIVE_TARGET"]
ARCH = os.environ["HIVE_ARCH"]
UID = int(os.environ["HIVE_UID"], 0) & 0xFFFFFFFFFFFFFFFF

MAGIC = 0xC0FFEE00
LAYOUT_VERSION = 1
DATA_WORD = 0xA5A5F00D
HEADER_V1_SIZE = 0x50
SIGNATURE = bytes.fromhex("deadbeef00112233445566778899aabb")
FLAG_CORTEX_M = 0x100
FLAG_RISCV = 0x200
# mailbox fields, as offsets from hive_mailbox
SEQ_AT, REQUEST_AT, RESPONSE_AT, ACK_AT, SERVED_AT = 0x00, 0x04, 0x08, 0x0C, 0x14
STACK_RESERVE = 0x800
SCRATCH_BYTES = 4096
STOP_TIMEOUT = 5.0


class Region:
    def __init__(self, text):
        origin, length = text.split(":")
        self.origin = int(origin, 0)
        self.end = self.origin + int(length, 0)

    def contains(self, address, size):
        return self.origin <= address and address + size <= self.end

    def __str__(self):
        return "[0x%x, 0x%x)" % (self.origin, self.end)


FLASH = Region(os.environ["HIVE_FLASH"])
RAM = Region(os.environ["HIVE_RAM"])


class CheckFailed(Exception):
    pass


class Skipped(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def equal(expected, actual, what):
    check(expected == actual, "%s: expected 0x%x, got 0x%x" % (what, expected, actual))


# --- target access --------------------------------------------------------------------------------------

inferior = gdb.selected_inferior()


def symbol(name):
    return int(gdb.parse_and_eval("(unsigned long long)&%s" % name))


def has_symbol(name):
    try:
        symbol(name)
        return True
    except gdb.error:
        return False


def read(address, length):
    return inferior.read_memory(address, length).tobytes()


def write(address, data):
    inferior.write_memory(address, bytes(data))


def u32(address):
    return struct.unpack("<I", read(address, 4))[0]


def u64(address):
    return struct.unpack("<Q", read(address, 8))[0]


def write_u32(address, value):
    write(address, struct.pack("<I", value & 0xFFFFFFFF))


def register(name):
    return int(gdb.parse_and_eval("(unsigned long long)$%s" % name)) & 0xFFFFFFFF


def first_argument_register():
    return "r0" if ARCH == "arm" else "a0"


class Runner:
    """Resumes the core with a plain 'continue' and interrupts it from a timer: in a -batch script gdb
    cannot 'continue &' and interrupt later, so the interrupt is posted to gdb's event loop while the
    synchronous 'continue' waits."""

    def __init__(self):
        self.generation = 0
        self.stop = None
        self.interrupted = False
        self.was_running = False
        gdb.events.stop.connect(self._stopped)

    def _stopped(self, event):
        self.stop = event

    def run(self, seconds):
        """Runs the core until it stops by itself or for `seconds`, whichever comes first; returns the stop
        event. self.interrupted says whether the timer stopped it."""
        self.generation += 1
        generation = self.generation
        self.stop = None
        self.interrupted = False
        self.was_running = False

        def interrupt():
            if generation != self.generation:
                return  # a late timer of an earlier run
            thread = gdb.selected_thread()
            if thread is not None and thread.is_running():
                self.was_running = True
                self.interrupted = True
                gdb.execute("interrupt")

        timer = threading.Timer(seconds, lambda: gdb.post_event(interrupt))
        timer.start()
        try:
            gdb.execute("continue", to_string=True)
        finally:
            timer.cancel()
            self.generation += 1
        return self.stop

    def run_and_halt(self, seconds):
        """Lets the core run for `seconds` and halts it again; fails if it stopped on its own."""
        self.run(seconds)
        check(self.interrupted, "the core ran on until halted (stopped by itself: %s)" % describe(self.stop))


def describe(event):
    if event is None:
        return "no stop event"
    if isinstance(event, gdb.BreakpointEvent):
        return "breakpoint"
    if isinstance(event, gdb.SignalEvent):
        return "signal " + event.stop_signal
    return type(event).__name__


runner = Runner()


def pc():
    return register("pc")


breakpoints = []


def break_at(address):
    breakpoint = gdb.Breakpoint("*0x%x" % address)
    breakpoints.append(breakpoint)
    return breakpoint


def delete_breakpoints():
    while breakpoints:
        breakpoint = breakpoints.pop()
        if breakpoint.is_valid():
            breakpoint.delete()


# --- TestprogramImageTest ------------------------------------------------------------------------------


def the_header_has_the_magic_the_layout_and_the_symbol_addresses():
    header = read(symbol("hive_header"), HEADER_V1_SIZE)

    def field(at):
        return struct.unpack_from("<I", header, at)[0]

    equal(MAGIC, field(0x00), "magic")
    equal(LAYOUT_VERSION, field(0x04), "layout version")
    check(field(0x08) >= HEADER_V1_SIZE, "header size 0x%x" % field(0x08))
    equal(FLAG_CORTEX_M if ARCH == "arm" else FLAG_RISCV, field(0x0C) & 0x300, "architecture flag")
    equal(symbol("hive_counter"), field(0x18), "counter address")
    equal(symbol("hive_mailbox"), field(0x1C), "mailbox address")
    equal(symbol("hive_data_word"), field(0x20), "data word address")
    equal(symbol("hive_pattern"), field(0x24), "pattern address")
    check(header[0x40:0x50] == SIGNATURE, "signature " + header[0x40:0x50].hex())


def reads_the_flash_pattern_in_one_wide_read():
    pattern = read(symbol("hive_pattern"), 256)
    for i, byte in enumerate(pattern):
        equal((i * 37 + 11) & 0xFF, byte, "pattern[%d]" % i)


def start_up_code_copied_the_data_word_into_ram():
    address = symbol("hive_data_word")
    check(RAM.contains(address, 4), "hive_data_word 0x%x lies in RAM %s" % (address, RAM))
    equal(DATA_WORD, u32(address), "data word")


def the_target_runs_this_build_of_the_testprogram():
    equal(UID, int(gdb.parse_and_eval("hive_uid")) & 0xFFFFFFFFFFFFFFFF, "hive_uid as gdb prints it")
    equal(UID, u64(symbol("hive_uid")), "hive_uid in flash")
    equal(UID, u64(symbol("hive_header") + 0x10), "HIVE_UID in the header")
    bytewise = b"".join(read(symbol("hive_uid") + i, 1) for i in range(8))
    equal(UID, struct.unpack("<Q", bytewise)[0], "the same read byte-wise")


def a_cortex_m_core_runs_in_thumb_state_on_its_main_stack():
    if ARCH != "arm":
        raise Skipped("Cortex-M only")
    equal(symbol("hive_tick") | 1, u32(symbol("hive_header") + 0x2C), "the header's hive_tick pointer")
    check(register("xpsr") & (1 << 24), "xPSR.T is set (xPSR 0x%x)" % register("xpsr"))
    sp = register("sp")
    check(RAM.contains(sp - 4, 4), "sp 0x%x lies in RAM %s" % (sp, RAM))


# --- RunControlTest -------------------------------------------------------------------------------------


def halt_stops_the_core_inside_the_testprogram():
    stop = runner.run(0.010)
    check(runner.was_running, "the core was running after continue")
    check(runner.interrupted and isinstance(stop, gdb.SignalEvent), "the core halts when asked: " + describe(stop))
    address = pc()
    check(FLASH.contains(address, 2), "pc 0x%x lies in flash %s" % (address, FLASH))
    counter = u32(symbol("hive_counter"))
    time.sleep(0.020)
    equal(counter, u32(symbol("hive_counter")), "the counter stands still while the core is halted")


def run_until(condition, slice_seconds, what):
    """Run the core in slices, halting after each to check the condition, for up to 3 s; a loaded host may
    not run the emulated core at all for tens of milliseconds, so one fixed wait is not enough."""
    deadline = time.monotonic() + 3
    while True:
        runner.run_and_halt(slice_seconds)
        if condition() or time.monotonic() > deadline:
            break
    check(condition(), what + " (the core ran for up to 3 s)")


def the_timer_counter_advances_while_the_core_runs():
    counter = u32(symbol("hive_counter"))
    ticks = u32(symbol("hive_tick_count"))
    run_until(
        lambda: u32(symbol("hive_counter")) > counter and u32(symbol("hive_tick_count")) > ticks,
        0.010,
        "hive_counter advanced from %d and the main loop called hive_tick (%d calls before)" % (counter, ticks),
    )


def a_breakpoint_on_hive_tick_stops_the_core_with_the_counter_as_argument():
    tick = symbol("hive_tick")
    breakpoint = break_at(tick)
    stop = runner.run(STOP_TIMEOUT)
    check(isinstance(stop, gdb.BreakpointEvent), "stopped at the breakpoint: " + describe(stop))
    equal(tick, pc(), "pc at the breakpoint")
    argument = register(first_argument_register())
    last = u32(symbol("hive_tick_last"))
    counter = u32(symbol("hive_counter"))
    check(
        last < argument <= counter,
        "hive_tick(%d) after hive_tick(%d), with the counter at %d" % (argument, last, counter),
    )
    breakpoint.delete()
    runner.run_and_halt(0.030)  # without the breakpoint the core runs on


def single_steps_through_hive_tick_one_instruction_at_a_time():
    tick = symbol("hive_tick")
    breakpoint = break_at(tick)
    stop = runner.run(STOP_TIMEOUT)
    check(isinstance(stop, gdb.BreakpointEvent), "stopped at hive_tick: " + describe(stop))
    breakpoint.delete()
    argument = register(first_argument_register())
    calls = u32(symbol("hive_tick_count"))
    address = pc()
    steps = 0
    while not (u32(symbol("hive_tick_last")) == argument and u32(symbol("hive_tick_count")) == calls + 1):
        check(steps < 32, "hive_tick did its two stores within 32 steps")
        gdb.execute("stepi", to_string=True)
        following = pc()
        check(following != address, "step %d moved the pc" % (steps + 1))
        check(FLASH.contains(following, 2), "pc 0x%x lies in flash" % following)
        address = following
        steps += 1
    check(steps >= 2, "two stores take more than one instruction, took %d" % steps)


# --- RamAndMailboxTest ----------------------------------------------------------------------------------


def writes_free_ram_and_reads_it_back():
    end = symbol("_end") if has_symbol("_end") else symbol("_ebss")
    scratch = (end + 0x40) & ~7
    length = min(SCRATCH_BYTES, RAM.end - STACK_RESERVE - scratch)
    if length < 256:
        raise Skipped("less than 256 bytes of free RAM")
    saved = read(scratch, length)
    data = bytes((i * 31 + 5) & 0xFF for i in range(length))
    try:
        write(scratch, data)
        check(read(scratch, length) == data, "%d bytes read back" % length)
        write_u32(scratch + 8, 0xC0DE0000)
        runner.run_and_halt(0.010)
        equal(0xC0DE0000, u32(scratch + 8), "the word stays while it runs")
    finally:
        write(scratch, saved)


def ask(request):
    """One mailbox request: write the request, then a new seq; run the core in short slices until it
    acknowledges that seq; return the response."""
    mailbox = symbol("hive_mailbox")
    seq = (u32(mailbox + ACK_AT) + 1) & 0xFFFFFFFF
    write_u32(mailbox + REQUEST_AT, request)
    write_u32(mailbox + SEQ_AT, seq)
    run_until(lambda: u32(mailbox + ACK_AT) == seq, 0.002, "the target acknowledged seq %d" % seq)
    return u32(mailbox + RESPONSE_AT)


def response(request):
    return (request * 3 + 1) & 0xFFFFFFFF


def the_mailbox_answers_a_request():
    served_at = symbol("hive_mailbox") + SERVED_AT
    served = u32(served_at)
    request = 0x48495645
    equal(response(request), ask(request), "response to 0x%x" % request)
    equal(served + 1, u32(served_at), "served")


def the_mailbox_answers_requests_in_turn():
    served_at = symbol("hive_mailbox") + SERVED_AT
    served = u32(served_at)
    for request in (0, 1, 0xFFFFFFFF, UID & 0xFFFFFFFF):
        equal(response(request), ask(request), "response to 0x%x" % request)
    equal(served + 4, u32(served_at), "served")


CHECKS = [
    ("image.header", the_header_has_the_magic_the_layout_and_the_symbol_addresses),
    ("image.pattern", reads_the_flash_pattern_in_one_wide_read),
    ("image.data-word", start_up_code_copied_the_data_word_into_ram),
    ("image.uid", the_target_runs_this_build_of_the_testprogram),
    ("image.thumb-and-stack", a_cortex_m_core_runs_in_thumb_state_on_its_main_stack),
    ("run.halt", halt_stops_the_core_inside_the_testprogram),
    ("run.counter-advances", the_timer_counter_advances_while_the_core_runs),
    ("run.breakpoint", a_breakpoint_on_hive_tick_stops_the_core_with_the_counter_as_argument),
    ("run.single-step", single_steps_through_hive_tick_one_instruction_at_a_time),
    ("ram.write-read", writes_free_ram_and_reads_it_back),
    ("ram.mailbox", the_mailbox_answers_a_request),
    ("ram.mailbox-in-turn", the_mailbox_answers_requests_in_turn),
]


def main():
    failed = 0
    # QEMU was started halted at the reset vector: let the testprogram start, as the rack does after flashing,
    # until its main loop calls hive_tick for the first time (start-up done, timer running). A fixed time is not
    # enough: on a busy host gdb's first continue alone can take longer.
    try:
        break_at(symbol("hive_tick"))
        stop = runner.run(STOP_TIMEOUT)
        check(isinstance(stop, gdb.BreakpointEvent), "the main loop calls hive_tick: " + describe(stop))
    except Exception as e:  # noqa: BLE001 - reported as a failed start, the checks still run
        print("FAIL %s start: %s" % (TARGET, e), flush=True)
        failed += 1
    delete_breakpoints()
    for name, function in CHECKS:
        started = time.monotonic()
        try:
            function()
            print("PASS %s %s (%d ms)" % (TARGET, name, (time.monotonic() - started) * 1000), flush=True)
        except Skipped as e:
            print("SKIP %s %s: %s" % (TARGET, name, e), flush=True)
        except CheckFailed as e:
            print("FAIL %s %s: %s" % (TARGET, name, e), flush=True)
            failed += 1
        except Exception as e:  # noqa: BLE001 - gdb.error, gdb.MemoryError, a bug here: all fail the check
            print("FAIL %s %s: %s: %s" % (TARGET, name, type(e).__name__, e), flush=True)
            failed += 1
        finally:
            delete_breakpoints()  # no breakpoint of a failed check stays for the next
    gdb.execute("kill", to_string=True)  # QEMU exits when its stub is told to kill
    gdb.execute("quit %d" % (1 if failed else 0))


main()
