/*
 * What the files of core/config share and nobody else needs: the parser of
 * one typed value, the per-key syntax checks and the report helper.
 */
#ifndef KAF_CONFIG_CONFIG_INT_H
#define KAF_CONFIG_CONFIG_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/config/config.h"

/* Longest logical line of a file (after joining continuation lines). */
#define CONFIG_MAX_LINE (1024 * 1024)
/* Most listeners one list may name. */
#define CONFIG_MAX_LISTENERS 16

typedef int (*config_check_fn)(const char *text, char *err, size_t n);

int config_check_listeners(const char *text, char *err, size_t n);
int config_check_protocol_map(const char *text, char *err, size_t n);
int config_check_voters(const char *text, char *err, size_t n);
int config_check_dirs(const char *text, char *err, size_t n);
config_check_fn config_key_check(enum config_key id);

/*
 * Parse text against k's type and range. An empty text on a key without a
 * default means "unset" (*unset = 1) when allow_unset, an error otherwise.
 * *num gets the number / bool / enum index or mask, *dbl a T_DOUBLE value.
 */
int config_parse_typed(const struct config_key_info *k, const char *text, int allow_unset,
		       int64_t *num, double *dbl, int *unset, char *err, size_t n);

/* Milliseconds per unit of a duration type; 1 for anything else. */
int64_t config_unit_ms(enum config_type t);

/* Count and deliver one message. */
void config_report(struct config *cfg, enum config_severity sev, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A value made safe for a one-line message: control characters as '?', long text cut. */
void config_show_value(const char *text, char *out, size_t n);

/* Protocol of a listener name from the map text ("" when the map does not name it). */
void config_protocol_lookup(const char *map, const char *name, char *out, size_t n);

#endif
