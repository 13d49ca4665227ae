/*
 * Hive built-in testprogram: Cortex-M startup.
 *
 * Vector table (section .vectors, exactly 0x200 bytes: 16 system vectors and 112 interrupt
 * vectors), reset handler and fault entry. Only instructions that exist on ARMv6-M are used,
 * so the same file serves cortex-m0/m0plus, m3/m4/m7, m33 (Secure) and m55.
 */
    .syntax unified
    .thumb

#if __ARM_ARCH_ISA_THUMB >= 2
#  define HIVE_ARM_MAINLINE 1 /* ARMv7-M, ARMv8-M Mainline: VTOR and CFSR exist */
#endif

#define HIVE_IRQ_VECTORS 112  /* (0x200 - 16 * 4) / 4: fills the space up to the header */

    .section .vectors, "a", %progbits
    .p2align 2
    .global hive_vectors
    .type hive_vectors, %object
hive_vectors:
    .word _estack               /*  0 initial MSP */
    .word Reset_Handler         /*  1 */
    .word NMI_Handler           /*  2 */
    .word HardFault_Handler     /*  3 */
    .word MemManage_Handler     /*  4 */
    .word BusFault_Handler      /*  5 */
    .word UsageFault_Handler    /*  6 */
    .word SecureFault_Handler   /*  7 ARMv8-M Mainline only */
    .word 0                     /*  8 */
    .word 0                     /*  9 */
    .word 0                     /* 10 */
    .word SVC_Handler           /* 11 */
    .word DebugMon_Handler      /* 12 */
    .word 0                     /* 13 */
    .word PendSV_Handler        /* 14 */
    .word SysTick_Handler       /* 15 */
    .rept HIVE_IRQ_VECTORS
    .word Default_Handler       /* 16.. external interrupts (none is enabled) */
    .endr
    .size hive_vectors, . - hive_vectors

/* ---- reset ------------------------------------------------------------------------------------ */

    .section .text.Reset_Handler, "ax", %progbits
    .p2align 1
    .global Reset_Handler
    .global _start
    .type Reset_Handler, %function
    .thumb_func
Reset_Handler:
_start:
    cpsid i                     /* also when a debugger jumps here without a reset */
    ldr r0, =_estack
    mov sp, r0
#ifdef HIVE_ARM_MAINLINE
    ldr r0, =0xE000ED08         /* SCB->VTOR: use this table even if the boot path did not */
    ldr r1, =hive_vectors
    str r1, [r0]
    dsb
    isb
#endif
#if defined(__ARM_FP) || (defined(__ARM_FEATURE_MVE) && __ARM_FEATURE_MVE)
    ldr r0, =0xE000ED88         /* CPACR: CP10/CP11 full access, only for FPU/MVE builds */
    ldr r1, [r0]
    ldr r2, =0x00F00000
    orrs r1, r2
    str r1, [r0]
    dsb
    isb
#endif
    /* copy .data from flash (_sidata) to RAM (_sdata.._edata) */
    ldr r0, =_sidata
    ldr r1, =_sdata
    ldr r2, =_edata
    b 2f
1:  ldr r3, [r0]
    adds r0, r0, #4
    str r3, [r1]
    adds r1, r1, #4
2:  cmp r1, r2
    bcc 1b
    /* zero .bss (_sbss.._ebss) */
    ldr r1, =_sbss
    ldr r2, =_ebss
    movs r3, #0
    b 4f
3:  str r3, [r1]
    adds r1, r1, #4
4:  cmp r1, r2
    bcc 3b
    bl main
5:  wfi                         /* main does not return; park if it ever does */
    b 5b
    .pool
    .size Reset_Handler, . - Reset_Handler

/* ---- faults ----------------------------------------------------------------------------------- */

/* Every fault and unexpected exception: hive_fault_park(IPSR, stacked PC, CFSR or 0).
 * No bkpt here: in HardFault it escalates to a Lockup, and QEMU 7.2 aborts. */
    .section .text.hive_fault_entry, "ax", %progbits
    .p2align 1
    .global hive_fault_entry
    .type hive_fault_entry, %function
    .thumb_func
hive_fault_entry:
    mrs r0, ipsr                /* cause: exception number */
    movs r2, #4
    mov r3, lr
    tst r3, r2                  /* EXC_RETURN bit 2: frame on PSP */
    bne 1f
    mrs r1, msp
    b 2f
1:  mrs r1, psp
2:  ldr r1, [r1, #24]           /* stacked return address */
#ifdef HIVE_ARM_MAINLINE
    ldr r2, =0xE000ED28         /* SCB->CFSR */
    ldr r2, [r2]
#else
    movs r2, #0
#endif
    ldr r3, =hive_fault_park
    bx r3
    .pool
    .size hive_fault_entry, . - hive_fault_entry

/* Names a custom handler could override; all of them park the core. */
    .weak NMI_Handler
    .thumb_set NMI_Handler, hive_fault_entry
    .weak HardFault_Handler
    .thumb_set HardFault_Handler, hive_fault_entry
    .weak MemManage_Handler
    .thumb_set MemManage_Handler, hive_fault_entry
    .weak BusFault_Handler
    .thumb_set BusFault_Handler, hive_fault_entry
    .weak UsageFault_Handler
    .thumb_set UsageFault_Handler, hive_fault_entry
    .weak SecureFault_Handler
    .thumb_set SecureFault_Handler, hive_fault_entry
    .weak SVC_Handler
    .thumb_set SVC_Handler, hive_fault_entry
    .weak DebugMon_Handler
    .thumb_set DebugMon_Handler, hive_fault_entry
    .weak PendSV_Handler
    .thumb_set PendSV_Handler, hive_fault_entry
    .weak SysTick_Handler
    .thumb_set SysTick_Handler, hive_fault_entry
    .weak Default_Handler
    .thumb_set Default_Handler, hive_fault_entry
