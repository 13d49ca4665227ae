/*
 * Hive built-in testprogram: Cortex-M port (SysTick, undefined instruction).
 * Compiled for every architecture; empty unless HIVE_ARCH_ARM is set.
 * The vector table, reset handler and fault entry are in arm/startup.S.
 */
#include "hive_test.h"

#if defined(HIVE_ARCH_ARM)

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)

#define SYST_CSR_ENABLE    0x1u
#define SYST_CSR_TICKINT   0x2u
#define SYST_CSR_CLKSOURCE 0x4u

_Static_assert((HIVE_SYSTICK_RELOAD) >= 1u && (HIVE_SYSTICK_RELOAD) <= 0x00FFFFFFu,
               "HIVE_SYSTICK_RELOAD must fit the 24-bit SysTick reload register");

void SysTick_Handler(void);

void SysTick_Handler(void)
{
    hive_timer_event();
}

void hive_port_timer_start(void)
{
    SYST_CSR = 0u;
    SYST_RVR = HIVE_SYSTICK_RELOAD;
    SYST_CVR = 0u;
    SYST_CSR = (HIVE_SYSTICK_CLKSOURCE ? SYST_CSR_CLKSOURCE : 0u) | SYST_CSR_TICKINT | SYST_CSR_ENABLE;
    __asm__ volatile("cpsie i" ::: "memory");
}

void hive_port_timer_stop(void)
{
    SYST_CSR = 0u;
}

void hive_port_undefined_instruction(void)
{
    /* Permanently undefined: UsageFault, escalated to HardFault (HardFault on ARMv6-M). */
    __asm__ volatile("udf #0x48" ::: "memory");
    for (;;) {
        /* not reached; a real instruction here keeps debuggers' line tables tidy */
    }
}

#endif /* HIVE_ARCH_ARM */
