/*
 * kaf produce: what produce.c (options, setup, outcomes and the summary)
 * and produce_input.c (reading files and stdin into records) share.
 */
#ifndef KAF_CMD_PRODUCE_H
#define KAF_CMD_PRODUCE_H

#include <signal.h>
#include <stdint.h>

#include "cmd/tool.h"
#include "core/base/arena.h"
#include "net/client/producer.h"

#define PRODUCE_MAX_HEADERS 64
#define PRODUCE_MAX_DELIM 32
#define PRODUCE_MAX_SOURCES 4096

/* Where record ids come from: ids first..; the record's number in it is id - first + 1. */
struct produce_source {
	const char *name;	/* "-" for stdin */
	uint64_t first;
};

struct produce_args {
	struct tool tool;
	const char *topic;
	const char *key;		/* -k; NULL = none */
	char key_delim[PRODUCE_MAX_DELIM];
	size_t key_delim_len;		/* 0 = no key parsing */
	char delim[PRODUCE_MAX_DELIM];
	size_t delim_len;
	int whole, input_json, keep_partition, keep_timestamp;
	struct record_header headers[PRODUCE_MAX_HEADERS];
	int nheaders;
	int32_t partition;		/* -1 = the partitioner */
	int partitioner;
	int acks;
	int codec;
	int64_t linger_ms;
	int64_t batch_size;
	int sync;
	int64_t timestamp;		/* -1 = now */
	int null_empty;
	const char *null_marker;
	int64_t count;			/* -1 = all */
	int tee, report, keep_going;
	const char *line_file;		/* kcat's -l FILE */
	char **files;
	int nfiles;

	/* While running. */
	struct producer prod;
	struct producer_stats stats;	/* kept when the producer is closed */
	int opened;
	struct arena json_arena;
	struct produce_source sources[PRODUCE_MAX_SOURCES];
	int nsources;
	uint64_t seen;			/* records read, sent or not: the record ids */
	uint64_t nread;			/* records handed to the producer */
	uint64_t bytes_read;		/* input bytes */
	uint64_t total_input;		/* bytes of all files, for the progress line; 0 = unknown */
	uint64_t ndelivered, nfailed, ninput_errors;
	struct { int16_t code; uint64_t n; } errs[16];
	int nerrs;
	int printed_errors;
	int stop;			/* stop reading: -c reached or a fatal delivery error */
	int client_rc;			/* a client failure that ended the run */
	int progress;			/* draw the progress line */
	int64_t progress_at_ns;
	int64_t start_ns;
	int64_t now_ms;			/* timestamp of records read in this chunk */
};

/* Set by SIGINT/SIGTERM: stop reading, deliver what was read, then exit. */
extern volatile sig_atomic_t produce_interrupted;

/* Read every source (files or stdin) into records; 0 or an exit code. */
int produce_read_all(struct produce_args *pa);
/* One record from the text of the input (after delimiting): key parsing, nulls, headers. */
int produce_text_record(struct produce_args *pa, const char *p, size_t n);
/* Send one record; 0 or an exit code. */
int produce_send(struct produce_args *pa, int32_t partition, int64_t ts, const void *key,
		 int32_t key_len, const void *value, int32_t value_len,
		 const struct record_header *headers, int32_t nheaders);
/* An input problem (bad JSON line): reported with its place; stops the run unless -E. */
void produce_input_error(struct produce_args *pa, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Redraw the progress line when it is due. */
void produce_progress(struct produce_args *pa, int final);

#endif
