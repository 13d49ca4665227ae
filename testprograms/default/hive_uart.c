/*
 * Hive built-in testprogram: a polled line echo on the board's first UART.
 * Compiled for every target; empty unless HIVE_UART_KIND names a UART (kinds and defaults in
 * hive_test.h, board values in the target catalog).
 *
 * Line protocol (docs/testprogram.md, "UART"). The host sends lines ending in '\n'; '\r' is
 * ignored, so "\r\n" works too. The target answers every line with exactly one line:
 *
 *   "uid?"                          -> "hive:uid=<HIVE_UID as 16 lower-case hex digits>\n"
 *   "counter?"                      -> "hive:counter=<hive_counter as 8 lower-case hex digits>\n"
 *   "burst N" (N decimal, 1..HIVE_UART_BURST_MAX)
 *                                   -> "hive:burst=<N as 8 hex digits>\n", then N raw bytes, byte i being
 *                                      (i + (i >> 8) + (i >> 16) + (i >> 24)) & 0xff, then
 *                                      "hive:sum=<the N bytes' sum mod 2^32 as 8 hex digits>\n"
 *   "burst" with another argument   -> "hive:error=burst-size\n"
 *   longer than HIVE_UART_LINE_MAX  -> "hive:error=too-long\n"
 *   anything else                   -> "hive:" + the line with a-z in upper case + "\n"
 *
 * No interrupt: the main loop calls hive_uart_poll() on every wake-up (once per timer tick while
 * idle), which costs one status-register read when nothing arrived, and takes whatever the UART
 * holds: one byte per tick on a UART with a single receive register (STM32 USART, CMSDK), up to the
 * FIFO depth on the others. With HIVE_UART_AWAKE > 0 the main loop also skips its wfi for that many
 * passes after a byte arrived (for real chips; see hive_test.h). Sending waits on the transmitter
 * (bounded by HIVE_UART_TX_SPIN polls per byte). Without a host on the other end QEMU drops what
 * the target sends.
 */
#include "hive_test.h"

#if HIVE_HAS_UART

#define HIVE_UART_REG(off) (*(volatile uint32_t *)((uint32_t)(HIVE_UART_BASE) + (uint32_t)(off)))

/* HIVE_UART_CLOCK_HZ * m / HIVE_UART_BAUD, rounded; a constant the compiler folds (no run-time
 * division, no libgcc). */
#define HIVE_UART_RATIO(m)                                                                  \
    ((uint32_t)(((unsigned long long)(HIVE_UART_CLOCK_HZ) * (m) + (HIVE_UART_BAUD) / 2u) \
                / (HIVE_UART_BAUD)))

volatile uint32_t hive_uart_lines;    /* lines answered since start */
volatile uint32_t hive_uart_rx_bytes; /* bytes received since start */

static uint8_t hive_uart_line[HIVE_UART_LINE_MAX];
static uint32_t hive_uart_len;
static uint32_t hive_uart_too_long;
#if (HIVE_UART_AWAKE) > 0
static uint32_t hive_uart_awake;
#endif

/* ---- register drivers: hive_uart_hw_init, hive_uart_getc (-1: nothing), hive_uart_putc ------- */

#if HIVE_UART_KIND == HIVE_UART_STM32
/* STM32F1/F2/F4 USART ("v1" layout). On a real chip the USART clock and the TX/RX pins must be
 * enabled first (HIVE_UART_SETUPn_*); QEMU needs only UE/TE/RE. */
#  define USART_SR      0x00u
#  define USART_DR      0x04u
#  define USART_BRR     0x08u
#  define USART_CR1     0x0Cu
#  define USART_SR_RXNE 0x20u
#  define USART_SR_TXE  0x80u
#  define USART_CR1_UE     0x2000u
#  define USART_CR1_RXNEIE 0x0020u
#  define USART_CR1_TE     0x0008u
#  define USART_CR1_RE     0x0004u
/* 16x oversampling: BRR = USARTDIV * 16 = f_ck / baud, rounded. */
#  define HIVE_USART_BRR HIVE_UART_RATIO(1u)
_Static_assert(HIVE_USART_BRR >= 16u && HIVE_USART_BRR <= 0xFFFFu,
               "HIVE_UART_CLOCK_HZ / HIVE_UART_BAUD does not fit the USART's BRR");

/* QEMU's STM32 USART wakes QEMU's main loop on every SR read (qemu_chr_fe_accept_input), which
 * cost 1.5 % of a host core at one poll per tick. With HIVE_UART_IRQ (the USART's interrupt number)
 * the USART raises its RXNE interrupt, which stays disabled in the NVIC (never taken, never wakes
 * the wfi), and the poll reads the NVIC pending bit first: SR is read only once a byte is there. */
#  if defined(HIVE_UART_IRQ)
#    define HIVE_UART_GATED   1
#    define HIVE_UART_CR1_IRQ USART_CR1_RXNEIE
#  else
#    define HIVE_UART_CR1_IRQ 0u
#  endif

static void hive_uart_hw_init(void)
{
    HIVE_UART_REG(USART_CR1) = 0u;
    HIVE_UART_REG(USART_BRR) = HIVE_USART_BRR;
    HIVE_UART_REG(USART_CR1) = USART_CR1_UE | USART_CR1_TE | USART_CR1_RE | HIVE_UART_CR1_IRQ;
}

static int32_t hive_uart_getc(void)
{
    if ((HIVE_UART_REG(USART_SR) & USART_SR_RXNE) == 0u) {
        return -1;
    }
    return (int32_t)(HIVE_UART_REG(USART_DR) & 0xFFu); /* SR then DR: also clears an overrun */
}

static void hive_uart_putc(uint8_t c)
{
    for (uint32_t n = HIVE_UART_TX_SPIN; (HIVE_UART_REG(USART_SR) & USART_SR_TXE) == 0u;) {
        if (--n == 0u) {
            return;
        }
    }
    HIVE_UART_REG(USART_DR) = c;
}

#elif HIVE_UART_KIND == HIVE_UART_PL011
/* ARM PL011 and the Stellaris UART. On a real LM3S the UART and GPIO clocks must be on
 * (RCGC1/RCGC2 via HIVE_UART_SETUPn_*); PA0/PA1 are UART0 after reset. */
#  define PL011_DR         0x000u
#  define PL011_FR         0x018u
#  define PL011_IBRD       0x024u
#  define PL011_FBRD       0x028u
#  define PL011_LCRH       0x02Cu
#  define PL011_CTL        0x030u
#  define PL011_FR_RXFE    0x10u
#  define PL011_FR_TXFF    0x20u
#  define PL011_LCRH_FEN   0x10u
#  define PL011_LCRH_WLEN8 0x60u
#  define PL011_CTL_UARTEN 0x001u
#  define PL011_CTL_TXE    0x100u
#  define PL011_CTL_RXE    0x200u
/* Divisor in 1/64 units: 64 * UARTCLK / (16 * baud), rounded; IBRD = integer part, FBRD = the
 * fraction. */
#  define HIVE_PL011_DIV64 HIVE_UART_RATIO(4u)
_Static_assert((HIVE_PL011_DIV64 >> 6) >= 1u && (HIVE_PL011_DIV64 >> 6) <= 0xFFFFu,
               "HIVE_UART_CLOCK_HZ / HIVE_UART_BAUD does not fit the PL011's IBRD");

static void hive_uart_hw_init(void)
{
    HIVE_UART_REG(PL011_CTL) = 0u;
    HIVE_UART_REG(PL011_IBRD) = HIVE_PL011_DIV64 >> 6;
    HIVE_UART_REG(PL011_FBRD) = HIVE_PL011_DIV64 & 0x3Fu;
    /* LCRH latches IBRD/FBRD: write it after them. */
    HIVE_UART_REG(PL011_LCRH) = PL011_LCRH_WLEN8 | PL011_LCRH_FEN;
    HIVE_UART_REG(PL011_CTL) = PL011_CTL_UARTEN | PL011_CTL_TXE | PL011_CTL_RXE;
}

static int32_t hive_uart_getc(void)
{
    if ((HIVE_UART_REG(PL011_FR) & PL011_FR_RXFE) != 0u) {
        return -1;
    }
    return (int32_t)(HIVE_UART_REG(PL011_DR) & 0xFFu);
}

static void hive_uart_putc(uint8_t c)
{
    for (uint32_t n = HIVE_UART_TX_SPIN; (HIVE_UART_REG(PL011_FR) & PL011_FR_TXFF) != 0u;) {
        if (--n == 0u) {
            return;
        }
    }
    HIVE_UART_REG(PL011_DR) = c;
}

#elif HIVE_UART_KIND == HIVE_UART_NRF51
/* nRF51 UART (not UARTE). Pins default to the micro:bit's USB serial (TX P0.24, RX P0.25). */
#  ifndef HIVE_UART_NRF_TX_PIN
#    define HIVE_UART_NRF_TX_PIN 24u
#  endif
#  ifndef HIVE_UART_NRF_RX_PIN
#    define HIVE_UART_NRF_RX_PIN 25u
#  endif
#  ifndef HIVE_UART_NRF_GPIO_BASE
#    define HIVE_UART_NRF_GPIO_BASE 0x50000000u
#  endif
/* BAUDRATE register value: a table, not a divisor. */
#  ifndef HIVE_UART_NRF_BAUDRATE
#    if (HIVE_UART_BAUD) == 115200
#      define HIVE_UART_NRF_BAUDRATE 0x01D7E000u
#    elif (HIVE_UART_BAUD) == 57600
#      define HIVE_UART_NRF_BAUDRATE 0x00EBF000u
#    elif (HIVE_UART_BAUD) == 38400
#      define HIVE_UART_NRF_BAUDRATE 0x009D5000u
#    elif (HIVE_UART_BAUD) == 19200
#      define HIVE_UART_NRF_BAUDRATE 0x004EA000u
#    elif (HIVE_UART_BAUD) == 9600
#      define HIVE_UART_NRF_BAUDRATE 0x00275000u
#    else
#      error "no nRF51 BAUDRATE value known for HIVE_UART_BAUD; set HIVE_UART_NRF_BAUDRATE"
#    endif
#  endif
#  define NRF_UART_STARTRX  0x000u
#  define NRF_UART_STARTTX  0x008u
#  define NRF_UART_RXDRDY   0x108u
#  define NRF_UART_TXDRDY   0x11Cu
#  define NRF_UART_ENABLE   0x500u
#  define NRF_UART_PSELTXD  0x50Cu
#  define NRF_UART_PSELRXD  0x514u
#  define NRF_UART_RXD      0x518u
#  define NRF_UART_TXD      0x51Cu
#  define NRF_UART_BAUDRATE 0x524u
#  define NRF_UART_ENABLE_ON 4u
#  define NRF_GPIO(off) \
      (*(volatile uint32_t *)((uint32_t)(HIVE_UART_NRF_GPIO_BASE) + (uint32_t)(off)))
#  define NRF_GPIO_OUTSET   0x508u
#  define NRF_GPIO_PIN_CNF(pin) (0x700u + 4u * (uint32_t)(pin))

static void hive_uart_hw_init(void)
{
    /* TXD: output, high while idle (input buffer disconnected); RXD: input, buffer connected. */
    NRF_GPIO(NRF_GPIO_OUTSET) = 1u << (HIVE_UART_NRF_TX_PIN);
    NRF_GPIO(NRF_GPIO_PIN_CNF(HIVE_UART_NRF_TX_PIN)) = 0x3u;
    NRF_GPIO(NRF_GPIO_PIN_CNF(HIVE_UART_NRF_RX_PIN)) = 0x0u;
    HIVE_UART_REG(NRF_UART_PSELTXD) = HIVE_UART_NRF_TX_PIN;
    HIVE_UART_REG(NRF_UART_PSELRXD) = HIVE_UART_NRF_RX_PIN;
    HIVE_UART_REG(NRF_UART_BAUDRATE) = HIVE_UART_NRF_BAUDRATE;
    /* QEMU ignores the three writes above (every write but ENABLE while disabled); it needs none. */
    HIVE_UART_REG(NRF_UART_ENABLE) = NRF_UART_ENABLE_ON;
    HIVE_UART_REG(NRF_UART_TXDRDY) = 0u;
    HIVE_UART_REG(NRF_UART_RXDRDY) = 0u;
    HIVE_UART_REG(NRF_UART_STARTTX) = 1u;
    HIVE_UART_REG(NRF_UART_STARTRX) = 1u;
}

static int32_t hive_uart_getc(void)
{
    if (HIVE_UART_REG(NRF_UART_RXDRDY) == 0u) {
        return -1;
    }
    HIVE_UART_REG(NRF_UART_RXDRDY) = 0u; /* clear first: a byte still queued sets it again */
    return (int32_t)(HIVE_UART_REG(NRF_UART_RXD) & 0xFFu);
}

static void hive_uart_putc(uint8_t c)
{
    HIVE_UART_REG(NRF_UART_TXD) = c;
    for (uint32_t n = HIVE_UART_TX_SPIN; HIVE_UART_REG(NRF_UART_TXDRDY) == 0u;) {
        if (--n == 0u) {
            break;
        }
    }
    HIVE_UART_REG(NRF_UART_TXDRDY) = 0u;
}

#elif HIVE_UART_KIND == HIVE_UART_CMSDK
/* ARM CMSDK APB UART: no clock or pin setup; BAUDDIV must be at least 16. */
#  define CMSDK_DATA        0x00u
#  define CMSDK_STATE       0x04u
#  define CMSDK_CTRL        0x08u
#  define CMSDK_BAUDDIV     0x10u
#  define CMSDK_STATE_TXFULL 0x1u
#  define CMSDK_STATE_RXFULL 0x2u
#  define CMSDK_CTRL_TX_EN  0x1u
#  define CMSDK_CTRL_RX_EN  0x2u
#  define HIVE_CMSDK_BAUDDIV HIVE_UART_RATIO(1u)
_Static_assert(HIVE_CMSDK_BAUDDIV >= 16u && HIVE_CMSDK_BAUDDIV <= 0xFFFFFu,
               "HIVE_UART_CLOCK_HZ / HIVE_UART_BAUD does not fit the CMSDK BAUDDIV (16..2^20-1)");

static void hive_uart_hw_init(void)
{
    HIVE_UART_REG(CMSDK_CTRL) = 0u;
    HIVE_UART_REG(CMSDK_BAUDDIV) = HIVE_CMSDK_BAUDDIV;
    HIVE_UART_REG(CMSDK_CTRL) = CMSDK_CTRL_TX_EN | CMSDK_CTRL_RX_EN;
}

static int32_t hive_uart_getc(void)
{
    if ((HIVE_UART_REG(CMSDK_STATE) & CMSDK_STATE_RXFULL) == 0u) {
        return -1;
    }
    return (int32_t)(HIVE_UART_REG(CMSDK_DATA) & 0xFFu);
}

static void hive_uart_putc(uint8_t c)
{
    for (uint32_t n = HIVE_UART_TX_SPIN; (HIVE_UART_REG(CMSDK_STATE) & CMSDK_STATE_TXFULL) != 0u;) {
        if (--n == 0u) {
            return;
        }
    }
    HIVE_UART_REG(CMSDK_DATA) = c;
}

#elif HIVE_UART_KIND == HIVE_UART_SIFIVE
/* SiFive UART (FE310 UART0). On a real FE310 the pins need their IOF (GPIO iof_sel/iof_en via
 * HIVE_UART_SETUPn_*); tlclk feeds the divisor. */
#  define SIFIVE_TXDATA     0x00u
#  define SIFIVE_RXDATA     0x04u
#  define SIFIVE_TXCTRL     0x08u
#  define SIFIVE_RXCTRL     0x0Cu
#  define SIFIVE_IE         0x10u
#  define SIFIVE_DIV        0x18u
#  define SIFIVE_FIFO_FLAG  0x80000000u /* txdata: full; rxdata: empty */
#  define SIFIVE_CTRL_EN    0x1u
/* baud = tlclk / (div + 1) */
#  define HIVE_SIFIVE_DIV (HIVE_UART_RATIO(1u) - 1u)
_Static_assert(HIVE_SIFIVE_DIV >= 1u && HIVE_SIFIVE_DIV <= 0xFFFFu,
               "HIVE_UART_CLOCK_HZ / HIVE_UART_BAUD does not fit the SiFive UART's div");

static void hive_uart_hw_init(void)
{
    HIVE_UART_REG(SIFIVE_IE) = 0u;
    HIVE_UART_REG(SIFIVE_DIV) = HIVE_SIFIVE_DIV;
    HIVE_UART_REG(SIFIVE_TXCTRL) = SIFIVE_CTRL_EN; /* one stop bit, watermark 0 */
    HIVE_UART_REG(SIFIVE_RXCTRL) = SIFIVE_CTRL_EN;
}

static int32_t hive_uart_getc(void)
{
    uint32_t rx = HIVE_UART_REG(SIFIVE_RXDATA); /* reading pops the byte */
    if ((rx & SIFIVE_FIFO_FLAG) != 0u) {
        return -1;
    }
    return (int32_t)(rx & 0xFFu);
}

static void hive_uart_putc(uint8_t c)
{
    for (uint32_t n = HIVE_UART_TX_SPIN; (HIVE_UART_REG(SIFIVE_TXDATA) & SIFIVE_FIFO_FLAG) != 0u;) {
        if (--n == 0u) {
            return;
        }
    }
    HIVE_UART_REG(SIFIVE_TXDATA) = c;
}

#else
#  error "unknown HIVE_UART_KIND (expected HIVE_UART_STM32, _PL011, _NRF51, _CMSDK or _SIFIVE)"
#endif

#if defined(HIVE_UART_IRQ) && !defined(HIVE_UART_GATED)
#  error "HIVE_UART_IRQ is used only with HIVE_UART_KIND = HIVE_UART_STM32"
#endif
#if defined(HIVE_UART_GATED)
/* NVIC set-pending / clear-pending registers and the bit of HIVE_UART_IRQ. */
#  define HIVE_UART_NVIC_WORD (4u * ((uint32_t)(HIVE_UART_IRQ) / 32u))
#  define HIVE_UART_NVIC_ISPR (*(volatile uint32_t *)(0xE000E200u + HIVE_UART_NVIC_WORD))
#  define HIVE_UART_NVIC_ICPR (*(volatile uint32_t *)(0xE000E280u + HIVE_UART_NVIC_WORD))
#  define HIVE_UART_NVIC_BIT  (1u << ((uint32_t)(HIVE_UART_IRQ) % 32u))
_Static_assert((HIVE_UART_IRQ) >= 0 && (HIVE_UART_IRQ) < 480, "HIVE_UART_IRQ: not an NVIC interrupt");
#endif

/* ---- chip setup before the UART is touched --------------------------------------------------- */

/* Up to four read-modify-write steps, reg = (reg & ~CLEAR) | SET, for clock gates and pin muxing
 * (HIVE_UART_SETUPn_ADDR, _CLEAR (default 0), _SET). The read-back makes sure a clock is on
 * before the first UART access. */
static inline void hive_uart_setup(uint32_t addr, uint32_t clear, uint32_t set)
{
    volatile uint32_t *reg = (volatile uint32_t *)addr;
    *reg = (*reg & ~clear) | set;
    (void)*reg;
}

#define HIVE_UART_SETUP_STEP(n)                                                                  \
    hive_uart_setup((uint32_t)(HIVE_UART_SETUP##n##_ADDR), (uint32_t)(HIVE_UART_SETUP##n##_CLEAR), \
                    (uint32_t)(HIVE_UART_SETUP##n##_SET))

#if defined(HIVE_UART_SETUP1_ADDR) && !defined(HIVE_UART_SETUP1_CLEAR)
#  define HIVE_UART_SETUP1_CLEAR 0u
#endif
#if defined(HIVE_UART_SETUP2_ADDR) && !defined(HIVE_UART_SETUP2_CLEAR)
#  define HIVE_UART_SETUP2_CLEAR 0u
#endif
#if defined(HIVE_UART_SETUP3_ADDR) && !defined(HIVE_UART_SETUP3_CLEAR)
#  define HIVE_UART_SETUP3_CLEAR 0u
#endif
#if defined(HIVE_UART_SETUP4_ADDR) && !defined(HIVE_UART_SETUP4_CLEAR)
#  define HIVE_UART_SETUP4_CLEAR 0u
#endif

void hive_uart_init(void)
{
#if defined(HIVE_UART_SETUP1_ADDR)
    HIVE_UART_SETUP_STEP(1);
#endif
#if defined(HIVE_UART_SETUP2_ADDR)
    HIVE_UART_SETUP_STEP(2);
#endif
#if defined(HIVE_UART_SETUP3_ADDR)
    HIVE_UART_SETUP_STEP(3);
#endif
#if defined(HIVE_UART_SETUP4_ADDR)
    HIVE_UART_SETUP_STEP(4);
#endif
    hive_uart_hw_init();
}

/* ---- the line protocol ----------------------------------------------------------------------- */

static void hive_uart_puts(const char *text)
{
    while (*text != '\0') {
        hive_uart_putc((uint8_t)*text++);
    }
}

static void hive_uart_hex(uint32_t value, uint32_t digits)
{
    for (uint32_t shift = digits * 4u; shift != 0u;) {
        shift -= 4u;
        hive_uart_putc((uint8_t)"0123456789abcdef"[(value >> shift) & 0xFu]);
    }
}

/* Byte i of a burst: the sum of the index's four bytes, so every 256-byte block differs from its
 * neighbours and a lost, doubled or swapped block shows (docs/testprogram.md, "UART"). */
static uint8_t hive_uart_burst_byte(uint32_t i)
{
    return (uint8_t)(i + (i >> 8) + (i >> 16) + (i >> 24));
}

/* The line is "burst " and decimal digits: answers the count, 0 if it is not a valid size. */
static uint32_t hive_uart_burst_size(void)
{
    uint32_t n = 0u;
    if (hive_uart_len <= 6u) {
        return 0u;
    }
    for (uint32_t i = 6u; i < hive_uart_len; i++) {
        uint8_t c = hive_uart_line[i];
        if (c < '0' || c > '9' || n > (HIVE_UART_BURST_MAX)) {
            return 0u;
        }
        n = n * 10u + (uint32_t)(c - '0');
    }
    return n <= (HIVE_UART_BURST_MAX) ? n : 0u;
}

/* Sends a burst of n pattern bytes, as fast as the transmitter takes them, then their sum. The
 * main loop waits meanwhile (the timer interrupt keeps advancing hive_counter; the mailbox and
 * hive_tick are served after the burst). */
static void hive_uart_burst(uint32_t n)
{
    uint32_t sum = 0u;
    hive_uart_puts("burst=");
    hive_uart_hex(n, 8u);
    hive_uart_putc('\n');
    for (uint32_t i = 0u; i < n; i++) {
        uint8_t b = hive_uart_burst_byte(i);
        sum += b;
        hive_uart_putc(b);
    }
    hive_uart_puts("hive:sum=");
    hive_uart_hex(sum, 8u);
}

/* The received line starts with word (a NUL-terminated string). */
static uint32_t hive_uart_line_starts(const char *word)
{
    for (uint32_t i = 0u; word[i] != '\0'; i++) {
        if (i >= hive_uart_len || hive_uart_line[i] != (uint8_t)word[i]) {
            return 0u;
        }
    }
    return 1u;
}

/* The received line equals word (a NUL-terminated string). */
static uint32_t hive_uart_line_is(const char *word)
{
    uint32_t i = 0u;
    for (; word[i] != '\0'; i++) {
        if (i >= hive_uart_len || hive_uart_line[i] != (uint8_t)word[i]) {
            return 0u;
        }
    }
    return i == hive_uart_len ? 1u : 0u;
}

static void hive_uart_answer(void)
{
    hive_uart_puts("hive:");
    if (hive_uart_too_long != 0u) {
        hive_uart_puts("error=too-long");
    } else if (hive_uart_line_is("uid?")) {
        hive_uart_puts("uid=");
        hive_uart_hex((uint32_t)((uint64_t)(HIVE_UID) >> 32), 8u);
        hive_uart_hex((uint32_t)(HIVE_UID), 8u);
    } else if (hive_uart_line_is("counter?")) {
        hive_uart_puts("counter=");
        hive_uart_hex(hive_counter, 8u);
    } else if (hive_uart_line_starts("burst ")) {
        uint32_t n = hive_uart_burst_size();
        if (n == 0u) {
            hive_uart_puts("error=burst-size");
        } else {
            hive_uart_burst(n);
        }
    } else {
        for (uint32_t i = 0u; i < hive_uart_len; i++) {
            uint8_t c = hive_uart_line[i];
            hive_uart_putc(c >= 'a' && c <= 'z' ? (uint8_t)(c - ('a' - 'A')) : c);
        }
    }
    hive_uart_putc('\n');
}

static void hive_uart_byte(uint8_t c)
{
    if (c == '\r') {
        return;
    }
    if (c != '\n') {
        if (hive_uart_len < HIVE_UART_LINE_MAX) {
            hive_uart_line[hive_uart_len++] = c;
        } else {
            hive_uart_too_long = 1u;
        }
        return;
    }
    /* Counted before the reply, so a host that has the reply also sees it counted. */
    hive_uart_lines = hive_uart_lines + 1u;
    hive_uart_answer();
    hive_uart_len = 0u;
    hive_uart_too_long = 0u;
}

/* Takes up to one line's worth of bytes, so ticks and the mailbox stay served during a flood.
 * Returns nonzero if it got any. */
static uint32_t hive_uart_drain(void)
{
    uint32_t got = 0u;
    for (uint32_t budget = HIVE_UART_LINE_MAX + 2u; budget != 0u; budget--) {
        int32_t c = hive_uart_getc();
        if (c < 0) {
            return got;
        }
        got = 1u;
        hive_uart_rx_bytes = hive_uart_rx_bytes + 1u;
        hive_uart_byte((uint8_t)c);
    }
#if defined(HIVE_UART_GATED)
    HIVE_UART_NVIC_ISPR = HIVE_UART_NVIC_BIT; /* budget spent, a byte may be left: look again */
#endif
    return got;
}

uint32_t hive_uart_poll(void)
{
#if defined(HIVE_UART_GATED)
    uint32_t got = 0u;
    if ((HIVE_UART_NVIC_ISPR & HIVE_UART_NVIC_BIT) != 0u) {
        /* Clear before draining: QEMU pends the interrupt again only when the next byte raises
         * RXNE, and the drain leaves RXNE clear (a real NVIC also pends again while it is set). */
        HIVE_UART_NVIC_ICPR = HIVE_UART_NVIC_BIT;
        got = hive_uart_drain();
    }
#else
    uint32_t got = hive_uart_drain();
#endif
#if (HIVE_UART_AWAKE) > 0
    if (got != 0u) {
        hive_uart_awake = HIVE_UART_AWAKE;
    } else if (hive_uart_awake != 0u) {
        hive_uart_awake--;
    }
    return hive_uart_awake;
#else
    return got;
#endif
}

#endif /* HIVE_HAS_UART */
