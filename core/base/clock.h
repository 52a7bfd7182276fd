/*
 * Wall and monotonic clocks. Only the command and network layers read them;
 * core state machines take the time as an argument so tests need no clock.
 */
#ifndef KAF_BASE_CLOCK_H
#define KAF_BASE_CLOCK_H

#include <stdint.h>

int64_t clock_wall_ms(void);	/* milliseconds since the epoch */
int64_t clock_mono_ns(void);	/* monotonic nanoseconds */

#endif
