/*
 * Hive built-in testprogram: RV32 startup (machine mode).
 *
 * _start sits in section .vectors at FLASH_ORIGIN (QEMU sifive_e's mask ROM jumps to
 * 0x20400000). It sets gp and sp, installs the trap vector, copies .data, zeroes .bss and
 * calls main. The trap entry saves the caller-saved registers, hands timer interrupts to
 * hive_port_interrupt and sends every exception to hive_fault_park, which never returns.
 */

    .section .vectors, "ax", @progbits
    .p2align 2
    .global _start
    .global Reset_Handler
    .type _start, @function
_start:
Reset_Handler:
    csrw mie, zero              /* no interrupt until main starts the timer */
    csrci mstatus, 0x8
    .option push
    .option norelax             /* gp itself must not be relaxed against gp */
    lla gp, __global_pointer$
    .option pop
    lla sp, _estack
    lla t0, hive_trap_entry
    csrw mtvec, t0              /* direct mode: the address is 4-byte aligned */
    /* copy .data from flash (_sidata) to RAM (_sdata.._edata) */
    lla t0, _sidata
    lla t1, _sdata
    lla t2, _edata
    j 2f
1:  lw t3, 0(t0)
    sw t3, 0(t1)
    addi t0, t0, 4
    addi t1, t1, 4
2:  bltu t1, t2, 1b
    /* zero .bss (_sbss.._ebss) */
    lla t0, _sbss
    lla t1, _ebss
    j 4f
3:  sw zero, 0(t0)
    addi t0, t0, 4
4:  bltu t0, t1, 3b
    call main
5:  wfi                         /* main does not return; park if it ever does */
    j 5b
    .size _start, . - _start

/* ---- trap vector ------------------------------------------------------------------------------ */

    .section .text.hive_trap_entry, "ax", @progbits
    .p2align 2
    .global hive_trap_entry
    .type hive_trap_entry, @function
hive_trap_entry:
    addi sp, sp, -64
    sw ra, 0(sp)
    sw t0, 4(sp)
    sw t1, 8(sp)
    sw t2, 12(sp)
    sw a0, 16(sp)
    sw a1, 20(sp)
    sw a2, 24(sp)
    sw a3, 28(sp)
    sw a4, 32(sp)
    sw a5, 36(sp)
    sw a6, 40(sp)
    sw a7, 44(sp)
    sw t3, 48(sp)
    sw t4, 52(sp)
    sw t5, 56(sp)
    sw t6, 60(sp)
    csrr a0, mcause
    bltz a0, 1f                 /* bit 31: interrupt */
    /* exception: hive_fault_park(mcause, mepc, mtval), no return, no ebreak */
    csrr a1, mepc
    csrr a2, mtval
    call hive_fault_park
1:  call hive_port_interrupt
    lw ra, 0(sp)
    lw t0, 4(sp)
    lw t1, 8(sp)
    lw t2, 12(sp)
    lw a0, 16(sp)
    lw a1, 20(sp)
    lw a2, 24(sp)
    lw a3, 28(sp)
    lw a4, 32(sp)
    lw a5, 36(sp)
    lw a6, 40(sp)
    lw a7, 44(sp)
    lw t3, 48(sp)
    lw t4, 52(sp)
    lw t5, 56(sp)
    lw t6, 60(sp)
    addi sp, sp, 64
    mret
    .size hive_trap_entry, . - hive_trap_entry
