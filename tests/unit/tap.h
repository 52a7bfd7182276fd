/*
 * A tiny TAP harness for unit tests: each check prints "ok N - name" or
 * "not ok N - name" (with the place and the values on failure), and
 * tap_done() returns the exit status. tests/run.sh sums the lines of every
 * test program into the suite's "N passed, N failed".
 */
#ifndef KAF_TESTS_TAP_H
#define KAF_TESTS_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

__attribute__((format(printf, 4, 5), unused))
static int tap_check(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

#define ok(cond, ...) tap_check(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

#define is_int(got, want, ...) do { \
	int64_t tap_g_ = (int64_t)(got), tap_w_ = (int64_t)(want); \
	if (!tap_check(tap_g_ == tap_w_, __FILE__, __LINE__, __VA_ARGS__)) \
		printf("#   got %" PRId64 ", want %" PRId64 "\n", tap_g_, tap_w_); \
} while (0)

#define is_str(got, want, ...) do { \
	const char *tap_g_ = (got), *tap_w_ = (want); \
	int tap_eq_ = tap_g_ && tap_w_ ? !strcmp(tap_g_, tap_w_) : tap_g_ == tap_w_; \
	if (!tap_check(tap_eq_, __FILE__, __LINE__, __VA_ARGS__)) \
		printf("#   got \"%s\", want \"%s\"\n", tap_g_ ? tap_g_ : "(null)", \
		       tap_w_ ? tap_w_ : "(null)"); \
} while (0)

#define is_mem(got, want, n, ...) \
	tap_check(!memcmp((got), (want), (n)), __FILE__, __LINE__, __VA_ARGS__)

__attribute__((unused))
static int tap_done(void)
{
	printf("# %d passed, %d failed\n", tap_n - tap_failed, tap_failed);
	return tap_failed ? 1 : 0;
}

#endif
