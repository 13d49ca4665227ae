/*
 * Hive built-in testprogram: RISC-V port (CLINT machine timer, illegal instruction).
 * Compiled for every architecture; empty unless HIVE_ARCH_RISCV is set.
 * The entry code and the trap vector are in riscv/startup.S.
 */
#include "hive_test.h"

#if defined(HIVE_ARCH_RISCV)

#define MTIME_LO    (*(volatile uint32_t *)(HIVE_MTIME_ADDR))
#define MTIME_HI    (*(volatile uint32_t *)((HIVE_MTIME_ADDR) + 4u))
#define MTIMECMP_LO (*(volatile uint32_t *)(HIVE_MTIMECMP_ADDR))
#define MTIMECMP_HI (*(volatile uint32_t *)((HIVE_MTIMECMP_ADDR) + 4u))

#define MIE_MTIE    0x80u
#define MSTATUS_MIE 0x8u
#define MCAUSE_MTI  7u

/* mtime ticks per timer interrupt, rounded (e.g. 32768 Hz / 250 Hz -> 131, about 250 Hz). */
#define HIVE_MTIME_INTERVAL (((HIVE_MTIME_HZ) + (HIVE_TICK_HZ) / 2u) / (HIVE_TICK_HZ))
_Static_assert(HIVE_MTIME_INTERVAL >= 1u, "HIVE_TICK_HZ is higher than HIVE_MTIME_HZ");

void hive_port_interrupt(uint32_t mcause);

/* mtimecmp = mtime + interval, with 32-bit halves only (no 64-bit arithmetic, no libgcc).
 * Counting from mtime rather than from the old compare value avoids a burst of catch-up
 * interrupts after the core was halted by a debugger. */
static void hive_timer_schedule(void)
{
    uint32_t hi;
    uint32_t lo;
    do {
        hi = MTIME_HI;
        lo = MTIME_LO;
    } while (hi != MTIME_HI);
    uint32_t next_lo = lo + HIVE_MTIME_INTERVAL;
    uint32_t next_hi = hi + (next_lo < lo ? 1u : 0u);
    MTIMECMP_HI = 0xFFFFFFFFu; /* no spurious match while the halves are inconsistent */
    MTIMECMP_LO = next_lo;
    MTIMECMP_HI = next_hi;
}

void hive_port_timer_start(void)
{
    hive_timer_schedule();
    __asm__ volatile("csrs mie, %0" : : "r"(MIE_MTIE) : "memory");
    __asm__ volatile("csrs mstatus, %0" : : "r"(MSTATUS_MIE) : "memory");
}

void hive_port_timer_stop(void)
{
    __asm__ volatile("csrc mie, %0" : : "r"(MIE_MTIE) : "memory");
}

void hive_port_undefined_instruction(void)
{
    /* Illegal instruction exception (mcause 2). */
    __asm__ volatile("unimp" ::: "memory");
    for (;;) {
        /* not reached; a real instruction here keeps debuggers' line tables tidy */
    }
}

/* Called by the trap entry for interrupts (mcause bit 31 set). */
void hive_port_interrupt(uint32_t mcause)
{
    if ((mcause & 0x7FFFFFFFu) == MCAUSE_MTI) {
        hive_timer_schedule();
        hive_timer_event();
        return;
    }
    uint32_t mepc;
    __asm__ volatile("csrr %0, mepc" : "=r"(mepc));
    hive_fault_park(mcause, mepc, 0u); /* no other interrupt is enabled */
}

#endif /* HIVE_ARCH_RISCV */
