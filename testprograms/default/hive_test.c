/*
 * Hive built-in testprogram: the portable body (Cortex-M and RISC-V).
 *
 * What a test can rely on is described in docs/testprogram.md. In short: a header at
 * FLASH_ORIGIN + 0x200, a 256-byte pattern and the build UID in flash, a data word that proves
 * the copy-down ran, a counter advanced by a timer interrupt while the core sleeps, a mailbox
 * for host requests, a breakpoint target (hive_tick), a fault handler that parks the core and,
 * on boards with a known UART, a line echo on the first serial port (hive_uart.c).
 */
#include "hive_test.h"

_Static_assert(sizeof(void *) == 4, "the header layout assumes 32-bit pointers");
_Static_assert(sizeof(struct hive_header) == 0x60, "hive_header layout changed");
_Static_assert(__builtin_offsetof(struct hive_header, sig) == 0x40, "hive_header v1 fields moved");
_Static_assert(__builtin_offsetof(struct hive_header, uart_kind) == 0x50, "UART fields moved");
_Static_assert(sizeof(struct hive_mailbox) == 0x18, "hive_mailbox layout changed");
_Static_assert(sizeof(struct hive_fault_info) == 0x10, "hive_fault_info layout changed");

#define HIVE_BARRIER() __asm__ volatile("" ::: "memory")

/* ---- flash ----------------------------------------------------------------------------------- */

/* pattern[i] = (uint8_t)(i * 37 + 11), spelled out so that it is stored in flash. */
const uint8_t hive_pattern[HIVE_PATTERN_LEN] = {
    0x0B, 0x30, 0x55, 0x7A, 0x9F, 0xC4, 0xE9, 0x0E, 0x33, 0x58, 0x7D, 0xA2, 0xC7, 0xEC, 0x11, 0x36,
    0x5B, 0x80, 0xA5, 0xCA, 0xEF, 0x14, 0x39, 0x5E, 0x83, 0xA8, 0xCD, 0xF2, 0x17, 0x3C, 0x61, 0x86,
    0xAB, 0xD0, 0xF5, 0x1A, 0x3F, 0x64, 0x89, 0xAE, 0xD3, 0xF8, 0x1D, 0x42, 0x67, 0x8C, 0xB1, 0xD6,
    0xFB, 0x20, 0x45, 0x6A, 0x8F, 0xB4, 0xD9, 0xFE, 0x23, 0x48, 0x6D, 0x92, 0xB7, 0xDC, 0x01, 0x26,
    0x4B, 0x70, 0x95, 0xBA, 0xDF, 0x04, 0x29, 0x4E, 0x73, 0x98, 0xBD, 0xE2, 0x07, 0x2C, 0x51, 0x76,
    0x9B, 0xC0, 0xE5, 0x0A, 0x2F, 0x54, 0x79, 0x9E, 0xC3, 0xE8, 0x0D, 0x32, 0x57, 0x7C, 0xA1, 0xC6,
    0xEB, 0x10, 0x35, 0x5A, 0x7F, 0xA4, 0xC9, 0xEE, 0x13, 0x38, 0x5D, 0x82, 0xA7, 0xCC, 0xF1, 0x16,
    0x3B, 0x60, 0x85, 0xAA, 0xCF, 0xF4, 0x19, 0x3E, 0x63, 0x88, 0xAD, 0xD2, 0xF7, 0x1C, 0x41, 0x66,
    0x8B, 0xB0, 0xD5, 0xFA, 0x1F, 0x44, 0x69, 0x8E, 0xB3, 0xD8, 0xFD, 0x22, 0x47, 0x6C, 0x91, 0xB6,
    0xDB, 0x00, 0x25, 0x4A, 0x6F, 0x94, 0xB9, 0xDE, 0x03, 0x28, 0x4D, 0x72, 0x97, 0xBC, 0xE1, 0x06,
    0x2B, 0x50, 0x75, 0x9A, 0xBF, 0xE4, 0x09, 0x2E, 0x53, 0x78, 0x9D, 0xC2, 0xE7, 0x0C, 0x31, 0x56,
    0x7B, 0xA0, 0xC5, 0xEA, 0x0F, 0x34, 0x59, 0x7E, 0xA3, 0xC8, 0xED, 0x12, 0x37, 0x5C, 0x81, 0xA6,
    0xCB, 0xF0, 0x15, 0x3A, 0x5F, 0x84, 0xA9, 0xCE, 0xF3, 0x18, 0x3D, 0x62, 0x87, 0xAC, 0xD1, 0xF6,
    0x1B, 0x40, 0x65, 0x8A, 0xAF, 0xD4, 0xF9, 0x1E, 0x43, 0x68, 0x8D, 0xB2, 0xD7, 0xFC, 0x21, 0x46,
    0x6B, 0x90, 0xB5, 0xDA, 0xFF, 0x24, 0x49, 0x6E, 0x93, 0xB8, 0xDD, 0x02, 0x27, 0x4C, 0x71, 0x96,
    0xBB, 0xE0, 0x05, 0x2A, 0x4F, 0x74, 0x99, 0xBE, 0xE3, 0x08, 0x2D, 0x52, 0x77, 0x9C, 0xC1, 0xE6,
};

const uint64_t hive_uid = HIVE_UID;

/* ---- RAM ------------------------------------------------------------------------------------- */

volatile uint32_t hive_data_word = HIVE_DATA_WORD; /* .data: reads back only if the copy-down ran */
volatile uint32_t hive_counter;                    /* advanced by the timer interrupt */
volatile uint32_t hive_tick_count;                 /* calls of hive_tick() */
volatile uint32_t hive_tick_last;                  /* argument of the last hive_tick() call */
struct hive_mailbox hive_mailbox;
struct hive_fault_info hive_fault;

/* ---- header ---------------------------------------------------------------------------------- */

#if HIVE_IDLE_BUSY
#  define HIVE_FLAGS_IDLE HIVE_FLAG_IDLE_BUSY
#else
#  define HIVE_FLAGS_IDLE 0u
#endif
#if HIVE_NO_TIMER
#  define HIVE_FLAGS_TIMER HIVE_FLAG_NO_TIMER
#else
#  define HIVE_FLAGS_TIMER 0u
#endif
#if HIVE_HAS_UART
#  define HIVE_FLAGS_UART HIVE_FLAG_UART
#else
#  define HIVE_FLAGS_UART 0u
#endif
#if defined(HIVE_ARCH_ARM)
#  define HIVE_FLAGS_ARCH HIVE_FLAG_ARCH_ARM
#else
#  define HIVE_FLAGS_ARCH HIVE_FLAG_ARCH_RV
#endif

__attribute__((section(".hive_header"), used))
const struct hive_header hive_header = {
    .magic = HIVE_MAGIC,
    .version = HIVE_HEADER_VERSION,
    .size = sizeof(struct hive_header),
    .flags = HIVE_FLAGS_IDLE | HIVE_FLAGS_TIMER | HIVE_FLAGS_UART | HIVE_FLAGS_ARCH,
    .uid = HIVE_UID,
    .counter = &hive_counter,
    .mailbox = &hive_mailbox,
    .data_word = &hive_data_word,
    .pattern = hive_pattern,
    .pattern_len = HIVE_PATTERN_LEN,
    .tick = hive_tick,
    .tick_count = &hive_tick_count,
    .fault = &hive_fault,
    .uid_addr = &hive_uid,
    .tick_hz = HIVE_TICK_HZ,
    .sig = {0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0x11, 0x22, 0x33,
            0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB},
#if HIVE_HAS_UART
    .uart_kind = HIVE_UART_KIND,
    .uart_base = HIVE_UART_BASE,
    .uart_lines = &hive_uart_lines,
    .uart_rx_bytes = &hive_uart_rx_bytes,
#endif
};

/* ---- behaviour ------------------------------------------------------------------------------- */

/* The breakpoint target: called from the main loop once per timer tick, with the counter value
 * in the first argument register (r0 / a0). noipa keeps the call and its argument as written. */
__attribute__((noinline, noipa))
void hive_tick(uint32_t counter)
{
    hive_tick_last = counter;
    hive_tick_count = hive_tick_count + 1u;
}

/* Called by the port's timer interrupt handler. */
void hive_timer_event(void)
{
    hive_counter = hive_counter + 1u;
}

/* Cortex-M faults and RISC-V exceptions end here: record, stop the timer, sleep for good.
 * No bkpt/ebreak: a bkpt inside HardFault makes QEMU 7.2 abort with a Lockup. */
__attribute__((noinline))
void hive_fault_park(uint32_t cause, uint32_t pc, uint32_t info)
{
    hive_port_timer_stop();
    hive_fault.cause = cause;
    hive_fault.pc = pc;
    hive_fault.info = info;
    HIVE_BARRIER();
    hive_fault.count = hive_fault.count + 1u;
    for (;;) {
        HIVE_WFI();
    }
}

static void hive_mailbox_poll(void)
{
    uint32_t seq = hive_mailbox.seq;
    if (seq == hive_mailbox.ack) {
        return;
    }
    HIVE_BARRIER();
    uint32_t command = hive_mailbox.command;
    hive_mailbox.response = hive_mailbox.request * 3u + 1u;
    hive_mailbox.served = hive_mailbox.served + 1u;
    hive_mailbox.command = HIVE_CMD_NONE;
    HIVE_BARRIER();
    hive_mailbox.ack = seq;
    HIVE_BARRIER();
    if (command == HIVE_CMD_FAULT) {
        hive_port_undefined_instruction();
    }
}

/* With a UART, a sleeping main loop and HIVE_UART_AWAKE > 0, the loop stays awake for a while after
 * a byte arrived. */
#if HIVE_HAS_UART && !HIVE_NO_TIMER && !HIVE_IDLE_BUSY && (HIVE_UART_AWAKE) > 0
#  define HIVE_UART_KEEPS_AWAKE 1
#else
#  define HIVE_UART_KEEPS_AWAKE 0
#endif

int main(void)
{
#if HIVE_HAS_UART
    hive_uart_init();
#endif
#if HIVE_UART_KEEPS_AWAKE
    uint32_t awake = 0u; /* nonzero: UART traffic, skip the wfi */
#endif
#if !HIVE_NO_TIMER
    hive_port_timer_start();
#endif
    uint32_t seen = hive_counter;
#if HIVE_NO_TIMER
    uint32_t spin = 0u;
#endif
    for (;;) {
#if HIVE_NO_TIMER
        if (++spin >= HIVE_NO_TIMER_SPIN) {
            spin = 0u;
            hive_timer_event();
        }
#elif !HIVE_IDLE_BUSY
#  if HIVE_UART_KEEPS_AWAKE
        if (awake == 0u)
#  endif
        {
            HIVE_WFI(); /* wakes on the next timer interrupt */
        }
#endif
        /* The UART comes before the tick check: a tick that fires while a line is answered is then
         * still seen in this pass, instead of after the next wfi together with the tick after it. */
#if HIVE_UART_KEEPS_AWAKE
        awake = hive_uart_poll();
#elif HIVE_HAS_UART
        (void)hive_uart_poll();
#endif
        uint32_t now = hive_counter;
        if (now != seen) {
            seen = now;
            hive_tick(now);
        }
        hive_mailbox_poll();
    }
}
