/*
 * Hive built-in testprogram: shared declarations.
 *
 * The build provides hive_defines.h (UID, memory map, architecture, per-target options).
 * Everything below has a default so the program also builds without the optional defines.
 * The layout of struct hive_header and struct hive_mailbox is a contract with the rack:
 * change it only together with HIVE_HEADER_VERSION and docs/testprogram.md. The one exception:
 * fields may be appended to hive_header (its `size` grows; nothing before it moves).
 */
#ifndef HIVE_TEST_H
#define HIVE_TEST_H

#include <stdint.h>

#include "hive_defines.h"

#if !defined(HIVE_ARCH_ARM) && !defined(HIVE_ARCH_RISCV)
#  if defined(__arm__) || defined(__thumb__)
#    define HIVE_ARCH_ARM 1
#  elif defined(__riscv)
#    define HIVE_ARCH_RISCV 1
#  else
#    error "unsupported architecture: define HIVE_ARCH_ARM or HIVE_ARCH_RISCV"
#  endif
#endif

/* ---- build options and their defaults ------------------------------------------------------ */

/* 64-bit build identifier, new for every build. */
#ifndef HIVE_UID
#  define HIVE_UID 0x0ULL
#endif

/* Nominal rate of the timer interrupt that advances hive_counter. */
#ifndef HIVE_TICK_HZ
#  define HIVE_TICK_HZ 250u
#endif

/* 1: the main loop spins instead of sleeping in wfi (benchmark variant). */
#ifndef HIVE_IDLE_BUSY
#  define HIVE_IDLE_BUSY 0
#endif

/* 1: no timer interrupt at all; the main loop advances hive_counter every HIVE_NO_TIMER_SPIN
 * passes. For chips whose timer the program does not know. Implies a busy main loop. */
#ifndef HIVE_NO_TIMER
#  define HIVE_NO_TIMER 0
#endif
#ifndef HIVE_NO_TIMER_SPIN
#  define HIVE_NO_TIMER_SPIN 4096u
#endif

#if defined(HIVE_ARCH_ARM)
/* Frequency of the clock that feeds SysTick (the core clock when HIVE_SYSTICK_CLKSOURCE is 1). */
#  ifndef HIVE_CPU_HZ
#    define HIVE_CPU_HZ 16000000u
#  endif
/* SYST_CSR.CLKSOURCE: 1 = processor clock, 0 = the implementation's reference clock. */
#  ifndef HIVE_SYSTICK_CLKSOURCE
#    define HIVE_SYSTICK_CLKSOURCE 1
#  endif
/* SYST_RVR value; derived from HIVE_CPU_HZ and HIVE_TICK_HZ unless given. */
#  ifndef HIVE_SYSTICK_RELOAD
#    define HIVE_SYSTICK_RELOAD ((HIVE_CPU_HZ) / (HIVE_TICK_HZ) - 1u)
#  endif
#endif

#if defined(HIVE_ARCH_RISCV)
/* CLINT-style machine timer: 64-bit mtime and mtimecmp (defaults: SiFive CLINT at 0x02000000). */
#  ifndef HIVE_MTIME_ADDR
#    define HIVE_MTIME_ADDR 0x0200BFF8u
#  endif
#  ifndef HIVE_MTIMECMP_ADDR
#    define HIVE_MTIMECMP_ADDR 0x02004000u
#  endif
/* Rate of mtime (FE310 and QEMU sifive_e: the 32.768 kHz low-frequency clock). */
#  ifndef HIVE_MTIME_HZ
#    define HIVE_MTIME_HZ 32768u
#  endif
#endif

/* ---- UART (optional; see hive_uart.c) ------------------------------------------------------- */

/* Values of HIVE_UART_KIND: which register set the polled UART driver speaks. */
#define HIVE_UART_NONE   0 /* no UART: the driver compiles to nothing */
#define HIVE_UART_STM32  1 /* STM32F1/F2/F4 USART (SR, DR, BRR, CR1) */
#define HIVE_UART_PL011  2 /* ARM PL011, also the Stellaris (LM3S) UART */
#define HIVE_UART_NRF51  3 /* nRF51 UART (tasks/events, TXD/RXD, ENABLE = 4) */
#define HIVE_UART_CMSDK  4 /* ARM CMSDK APB UART (MPS2/MPS3, SSE-200/300) */
#define HIVE_UART_SIFIVE 5 /* SiFive UART0 (FE310) */

#ifndef HIVE_UART_KIND
#  define HIVE_UART_KIND HIVE_UART_NONE
#endif

#if HIVE_UART_KIND != HIVE_UART_NONE
#  define HIVE_HAS_UART 1
#  ifndef HIVE_UART_BASE
#    error "HIVE_UART_KIND is set but HIVE_UART_BASE (the UART's register base address) is not"
#  endif
/* Line rate. QEMU ignores it; a real chip needs it together with HIVE_UART_CLOCK_HZ. */
#  ifndef HIVE_UART_BAUD
#    define HIVE_UART_BAUD 115200u
#  endif
/* Clock that feeds the UART's baud generator (STM32: its APB clock; PL011: UARTCLK; CMSDK: PCLK;
 * SiFive: tlclk). Defaults to HIVE_CPU_HZ on Cortex-M, 16 MHz on RISC-V. Unused by the nRF51. */
#  ifndef HIVE_UART_CLOCK_HZ
#    if defined(HIVE_ARCH_ARM)
#      define HIVE_UART_CLOCK_HZ HIVE_CPU_HZ
#    else
#      define HIVE_UART_CLOCK_HZ 16000000u
#    endif
#  endif
/* Longest line (without the newline) the firmware answers; longer ones get "hive:error=too-long". */
#  ifndef HIVE_UART_LINE_MAX
#    define HIVE_UART_LINE_MAX 64u
#  endif
/* Main-loop passes the core stays awake (skips its wfi) after the last received byte, so that a
 * line is read at once rather than at one poll per timer tick. 0 (default): no such window.
 * For real chips whose UART holds a single received byte (STM32 USART, CMSDK) and hosts that send
 * faster than one byte per tick. Not for QEMU: a core spinning on an MMIO register holds QEMU's
 * global lock so much that SysTick runs late and fires in bursts, and hive_tick then misses ticks
 * (measured: up to 16 per 20-line burst on stm32vldiscovery with 4096). */
#  ifndef HIVE_UART_AWAKE
#    define HIVE_UART_AWAKE 0u
#  endif
/* HIVE_UART_STM32 only, optional: the USART's interrupt number (USART1: 37 on STM32F1/F2/F4). The
 * poll then checks the NVIC pending bit and reads the USART only when a byte came (hive_uart.c). */

/* The most bytes one "burst N" line may ask for (hive_uart.c): 16 MiB. */
#  ifndef HIVE_UART_BURST_MAX
#    define HIVE_UART_BURST_MAX 0x1000000u
#  endif
/* Upper bound of status polls while waiting to send one byte; the byte is dropped after that. */
#  ifndef HIVE_UART_TX_SPIN
#    define HIVE_UART_TX_SPIN 0x100000u
#  endif
#else
#  define HIVE_HAS_UART 0
#endif

/* ---- contract with the rack ---------------------------------------------------------------- */

#define HIVE_MAGIC          0xC0FFEE00u
#define HIVE_HEADER_VERSION 1u
#define HIVE_DATA_WORD      0xA5A5F00Du
#define HIVE_PATTERN_LEN    256u

/* hive_header.flags */
#define HIVE_FLAG_IDLE_BUSY 0x00000001u /* built with HIVE_IDLE_BUSY */
#define HIVE_FLAG_NO_TIMER  0x00000002u /* built with HIVE_NO_TIMER */
#define HIVE_FLAG_UART      0x00000004u /* built with a UART driver (HIVE_UART_KIND set) */
#define HIVE_FLAG_ARCH_ARM  0x00000100u /* Cortex-M build */
#define HIVE_FLAG_ARCH_RV   0x00000200u /* RISC-V build */

/* hive_mailbox.command */
#define HIVE_CMD_NONE  0u
#define HIVE_CMD_FAULT 1u /* answer the request, then execute an undefined instruction */

/* Placed at FLASH_ORIGIN + 0x200 by the linker script (section .hive_header). 96 bytes.
 * Fields up to 0x4F are the version-1 layout; the UART fields were appended at 0x50 without a version
 * change: a host reads a field beyond 0x50 only if `size` covers it. */
struct hive_header {
    uint32_t magic;                  /* 0x00 HIVE_MAGIC */
    uint32_t version;                /* 0x04 HIVE_HEADER_VERSION */
    uint32_t size;                   /* 0x08 sizeof(struct hive_header) */
    uint32_t flags;                  /* 0x0C HIVE_FLAG_* */
    uint64_t uid;                    /* 0x10 HIVE_UID (little endian: low word first) */
    volatile uint32_t *counter;      /* 0x18 &hive_counter */
    volatile void *mailbox;          /* 0x1C &hive_mailbox */
    volatile uint32_t *data_word;    /* 0x20 &hive_data_word */
    const uint8_t *pattern;          /* 0x24 &hive_pattern */
    uint32_t pattern_len;            /* 0x28 HIVE_PATTERN_LEN */
    void (*tick)(uint32_t);          /* 0x2C hive_tick (bit 0 set on Cortex-M: Thumb) */
    volatile uint32_t *tick_count;   /* 0x30 &hive_tick_count */
    volatile void *fault;            /* 0x34 &hive_fault */
    const uint64_t *uid_addr;        /* 0x38 &hive_uid */
    uint32_t tick_hz;                /* 0x3C HIVE_TICK_HZ (nominal) */
    uint8_t sig[16];                 /* 0x40 DE AD BE EF 00 11 22 33 44 55 66 77 88 99 AA BB */
    uint32_t uart_kind;              /* 0x50 HIVE_UART_KIND (0: no UART) */
    uint32_t uart_base;              /* 0x54 HIVE_UART_BASE (0: no UART) */
    volatile uint32_t *uart_lines;   /* 0x58 &hive_uart_lines (0: no UART) */
    volatile uint32_t *uart_rx_bytes; /* 0x5C &hive_uart_rx_bytes (0: no UART) */
};

/* In RAM (.bss). The host writes request (and command), then bumps seq; the target answers. */
struct hive_mailbox {
    volatile uint32_t seq;           /* 0x00 host: bumped after request/command are written */
    volatile uint32_t request;       /* 0x04 host */
    volatile uint32_t response;      /* 0x08 target: request * 3 + 1 */
    volatile uint32_t ack;           /* 0x0C target: copy of seq, written after response */
    volatile uint32_t command;       /* 0x10 host: HIVE_CMD_*; the target clears it when served */
    volatile uint32_t served;        /* 0x14 target: number of requests answered since boot */
};

/* In RAM (.bss). Written once by the fault handler before the core parks. */
struct hive_fault_info {
    volatile uint32_t count;         /* 0x00 number of faults taken (stays 1: the core parks) */
    volatile uint32_t cause;         /* 0x04 Cortex-M: IPSR exception number; RISC-V: mcause */
    volatile uint32_t pc;            /* 0x08 Cortex-M: stacked PC; RISC-V: mepc */
    volatile uint32_t info;          /* 0x0C Cortex-M v7-M/v8-M Main: CFSR, else 0; RISC-V: mtval */
};

extern const struct hive_header hive_header;
extern const uint8_t hive_pattern[HIVE_PATTERN_LEN];
extern const uint64_t hive_uid;
extern volatile uint32_t hive_data_word;
extern volatile uint32_t hive_counter;
extern volatile uint32_t hive_tick_count;
extern volatile uint32_t hive_tick_last;
extern struct hive_mailbox hive_mailbox;
extern struct hive_fault_info hive_fault;
#if HIVE_HAS_UART
extern volatile uint32_t hive_uart_lines;
extern volatile uint32_t hive_uart_rx_bytes;
#endif

int main(void);
void hive_tick(uint32_t counter);
void hive_timer_event(void);
void hive_fault_park(uint32_t cause, uint32_t pc, uint32_t info) __attribute__((noreturn));

/* Sleep until the next interrupt (same mnemonic on both architectures). Inline, so that a parked
 * core's PC lies inside hive_fault_park and an idle core's PC inside main. */
#define HIVE_WFI() __asm__ volatile("wfi" ::: "memory")

#if HIVE_HAS_UART
/* hive_uart.c: set the UART up; poll it once per main-loop pass. hive_uart_poll returns nonzero
 * while the core should stay awake because bytes are arriving. */
void hive_uart_init(void);
uint32_t hive_uart_poll(void);
#endif

/* Provided by the architecture port (hive_port_arm.c, hive_port_riscv.c). */
void hive_port_timer_start(void);
void hive_port_timer_stop(void);
void hive_port_undefined_instruction(void) __attribute__((noreturn));

#endif /* HIVE_TEST_H */
