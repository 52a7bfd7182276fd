/*
 * `kaf dump-log`: Kafka's kafka-dump-log.sh for our segments and Kafka's.
 * This file owns the option table, the expansion of operands (files,
 * --files lists, partition directories) into an ordered list of files, the
 * dispatch on file type, Kafka's end-of-run report blocks and the exit
 * status. The dumpers themselves live in cmd/dump_log_*.c; they read files
 * directly (never through core/log), so damaged segments can be shown.
 */
#include "cmd/dump_log.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "core/base/buf.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEFAULT_MAX_MESSAGE_SIZE (5 << 20)
/* Decompressed records of one batch, unless --max-message-size is given. */
#define DEFAULT_MAX_UNCOMPRESSED (64 << 20)

enum {
	O_PRINT_DATA = 1,
	O_DEEP,
	O_OFFSETS,
	O_TXNLOG,
	O_KEY_DECODER,
	O_VALUE_DECODER,
	O_VERIFY,
	O_SANITY,
	O_MAX_BYTES,
	O_MAX_MESSAGE_SIZE,
	O_SKIP_METADATA,
	O_OUTPUT,
	O_JSON,
	O_NO_FAIL,
	O_FILES,
	O_KEY_CLASS,
	O_VALUE_CLASS,
	O_CLUSTER_METADATA,
	O_REMOTE_METADATA,
	O_SHARE_STATE,
};

static const struct opt dump_log_opts[] = {
	{ .id = O_PRINT_DATA, .long_name = "print-data", .type = OPT_FLAG,
	  .help = "print each record's key and value (implies --deep)",
	  .aliases = "print-data-log" },
	{ .id = O_DEEP, .long_name = "deep", .type = OPT_FLAG,
	  .help = "print one line per record under each batch", .aliases = "deep-iteration" },
	{ .id = O_OFFSETS, .long_name = "offsets-decoder", .type = OPT_FLAG,
	  .help = "decode __consumer_offsets keys and values as JSON (implies --print-data)" },
	{ .id = O_TXNLOG, .long_name = "transaction-log-decoder", .type = OPT_FLAG,
	  .help = "decode __transaction_state keys and values as JSON (implies --print-data)" },
	{ .id = O_CLUSTER_METADATA, .long_name = "cluster-metadata-decoder", .type = OPT_FLAG,
	  .help = "decode __cluster_metadata records as JSON (implies --print-data)" },
	{ .id = O_KEY_DECODER, .long_name = "key-decoder", .type = OPT_ENUM, .arg_name = "FORMAT",
	  .help = "keys as string (UTF-8), hex, base64 or none", .def = "string",
	  .values = "string|hex|base64|none" },
	{ .id = O_VALUE_DECODER, .long_name = "value-decoder", .type = OPT_ENUM,
	  .arg_name = "FORMAT", .help = "values as string (UTF-8), hex, base64 or none",
	  .def = "string",
	  .values = "string|hex|base64|none" },
	{ .id = O_VERIFY, .long_name = "verify-index", .type = OPT_FLAG,
	  .help = "check index entries against the log; print only mismatches",
	  .aliases = "verify-index-only" },
	{ .id = O_SANITY, .long_name = "index-sanity", .type = OPT_FLAG,
	  .help = "run Kafka's start-up sanity check on index files only",
	  .aliases = "index-sanity-check" },
	{ .id = O_MAX_BYTES, .long_name = "max-bytes", .type = OPT_SIZE, .arg_name = "SIZE",
	  .help = "read only the first SIZE bytes of each .log file (default: all of it)" },
	{ .id = O_MAX_MESSAGE_SIZE, .long_name = "max-message-size", .type = OPT_SIZE,
	  .arg_name = "SIZE",
	  .help = "largest batch read for an index check; also caps decompressed records",
	  .def = "5MiB" },
	{ .id = O_SKIP_METADATA, .long_name = "skip-record-metadata", .type = OPT_FLAG,
	  .help = "leave offset, timestamp and sizes out of record lines" },
	{ .id = O_OUTPUT, .long_name = "output", .type = OPT_ENUM, .arg_name = "FORMAT",
	  .help = "text (Kafka's lines) or jsonl (one JSON object per batch or entry)",
	  .def = "text", .values = "text|jsonl" },
	{ .id = O_JSON, .short_name = 'J', .long_name = "json", .type = OPT_FLAG,
	  .help = "the same as --output jsonl" },
	{ .id = O_NO_FAIL, .long_name = "no-fail", .type = OPT_FLAG,
	  .help = "exit 0 even when anomalies were found" },
	{ .id = O_FILES, .long_name = "files", .type = OPT_STRING, .arg_name = "FILE,...",
	  .help = "comma-separated files to dump (Kafka's form of the operands)", .hidden = 1,
	  .repeatable = 1, .complete = "file" },
	{ .id = O_KEY_CLASS, .long_name = "key-decoder-class", .type = OPT_STRING,
	  .arg_name = "CLASS", .help = "Kafka's decoder class for keys (StringDecoder)",
	  .hidden = 1 },
	{ .id = O_VALUE_CLASS, .long_name = "value-decoder-class", .type = OPT_STRING,
	  .arg_name = "CLASS", .help = "Kafka's decoder class for values (StringDecoder)",
	  .hidden = 1 },
	{ .id = O_REMOTE_METADATA, .long_name = "remote-log-metadata-decoder", .type = OPT_FLAG,
	  .help = "not supported: tiered-storage metadata records", .hidden = 1 },
	{ .id = O_SHARE_STATE, .long_name = "share-group-state-decoder", .type = OPT_FLAG,
	  .help = "not supported: share-group state records", .hidden = 1 },
	{ 0 },
};

static const char *const dump_log_examples[] = {
	"kaf dump-log /var/lib/kafka/orders-0/00000000000000000000.log",
	"kaf dump-log --print-data /var/lib/kafka/orders-0",
	"kaf dump-log --verify-index /var/lib/kafka/orders-0",
	"kaf dump-log --offsets-decoder --output jsonl __consumer_offsets-7/00000000000000000000.log",
	NULL,
};

const struct cmd_spec dump_log_spec = {
	.name = "dump-log",
	.summary = "Print the batches, records and index entries of log segment files",
	.usage = "[options] PATH...",
	.opts = dump_log_opts,
	.examples = dump_log_examples,
	.min_operands = 0,
	.max_operands = -1,
};

struct dl_args {
	struct dl_opts o;
	int max_message_given;
	char **files;		/* from --files, split at commas (malloc'ed strings) */
	size_t nfiles;
};

static void args_add_file(struct dl_args *a, const char *s, size_t n)
{
	char **f = realloc(a->files, (a->nfiles + 1) * sizeof(*f));
	if (!f)
		abort();
	a->files = f;
	a->files[a->nfiles] = strndup(s, n);
	if (!a->files[a->nfiles])
		abort();
	a->nfiles++;
}

/* Kafka's --key-decoder-class names mapped onto our formats. */
static int decoder_class(const char *cls, enum dl_format *fmt)
{
	const char *dot = strrchr(cls, '.');
	const char *name = dot ? dot + 1 : cls;
	if (!*cls || !strcmp(name, "StringDecoder")) {
		*fmt = DL_FMT_STRING;
		return 0;
	}
	if (!strcmp(name, "DefaultDecoder")) {
		*fmt = DL_FMT_HEX;
		return 0;
	}
	return -1;
}

static int format_from_name(const char *s)
{
	if (!strcmp(s, "hex"))
		return DL_FMT_HEX;
	if (!strcmp(s, "base64"))
		return DL_FMT_BASE64;
	if (!strcmp(s, "none"))
		return DL_FMT_NONE;
	return DL_FMT_STRING;
}

static int size_arg(const char *name, const char *arg, int64_t *out)
{
	if (opt_parse_size(arg, out) || *out < 0)
		return cmd_usage_error(&dump_log_spec, "--%s: '%s' is not a size (4096, 64KiB, 16MiB)",
				       name, arg);
	return 0;
}

static int on_option(void *ctx, int id, const char *arg)
{
	struct dl_args *a = ctx;
	struct dl_opts *o = &a->o;
	int on = !(arg && !strcmp(arg, "0"));
	switch (id) {
	case O_PRINT_DATA: o->print_data = on; break;
	case O_DEEP: o->deep = on; break;
	case O_OFFSETS: o->decoder = on ? DL_DEC_OFFSETS : DL_DEC_PLAIN; o->print_data |= on; break;
	case O_TXNLOG: o->decoder = on ? DL_DEC_TXNLOG : DL_DEC_PLAIN; o->print_data |= on; break;
	case O_CLUSTER_METADATA:
		o->decoder = on ? DL_DEC_METADATA : DL_DEC_PLAIN;
		o->print_data |= on;
		break;
	case O_KEY_DECODER: o->key_fmt = format_from_name(arg); break;
	case O_VALUE_DECODER: o->value_fmt = format_from_name(arg); break;
	case O_VERIFY: o->verify_index = on; break;
	case O_SANITY: o->index_sanity = on; break;
	case O_SKIP_METADATA: o->skip_metadata = on; break;
	case O_OUTPUT: o->jsonl = !strcmp(arg, "jsonl"); break;
	case O_JSON: o->jsonl = on; break;
	case O_NO_FAIL: o->no_fail = on; break;
	case O_MAX_BYTES:
		return size_arg("max-bytes", arg, &o->max_bytes);
	case O_MAX_MESSAGE_SIZE:
		a->max_message_given = 1;
		return size_arg("max-message-size", arg, &o->max_message_size);
	case O_FILES:
		for (const char *s = arg; *s;) {
			size_t n = strcspn(s, ",");
			if (n)
				args_add_file(a, s, n);
			s += n;
			if (*s == ',')
				s++;
		}
		break;
	case O_KEY_CLASS:
	case O_VALUE_CLASS: {
		enum dl_format fmt;
		if (decoder_class(arg, &fmt))
			return cmd_usage_error(&dump_log_spec,
					       "decoder class '%s' is not supported (kaf runs no Java "
					       "classes); use --%s string|hex|base64|none",
					       arg, id == O_KEY_CLASS ? "key-decoder" : "value-decoder");
		if (id == O_KEY_CLASS)
			o->key_fmt = fmt;
		else
			o->value_fmt = fmt;
		o->print_data = 1;
		break;
	}
	case O_REMOTE_METADATA:
	case O_SHARE_STATE:
		return cmd_usage_error(&dump_log_spec,
				       "this decoder is not supported by kaf; use --print-data "
				       "with --value-decoder hex or base64 to see the raw records");
	}
	return 0;
}

void dl_cannot_open(struct dl_run *run, const char *path, int err)
{
	fflush(stdout);
	cmd_error("dump-log", "%s: %s", path, strerror(-err));
	run->missing++;
}

/* File types, in the order a directory's files are dumped for one base offset. */
enum ftype { FT_LOG, FT_INDEX, FT_TIMEINDEX, FT_TXNINDEX, FT_SNAPSHOT, FT_KRAFT_SNAPSHOT,
	     FT_CHECKPOINT, FT_UNKNOWN };

static enum ftype file_type(const char *path)
{
	const char *name = dl_basename(path);
	const char *dot = strrchr(name, '.');
	const char *suffix = dot ? dot : "";
	if (!strcmp(suffix, ".log"))
		return FT_LOG;
	if (!strcmp(suffix, ".index"))
		return FT_INDEX;
	if (!strcmp(suffix, ".timeindex"))
		return FT_TIMEINDEX;
	if (!strcmp(suffix, ".txnindex"))
		return FT_TXNINDEX;
	if (!strcmp(suffix, ".snapshot"))
		return FT_SNAPSHOT;
	if (!strcmp(suffix, ".checkpoint"))
		return FT_KRAFT_SNAPSHOT;
	size_t n = strlen(name);
	if (n >= 11 && !strcmp(name + n - 11, "-checkpoint"))
		return FT_CHECKPOINT;
	return FT_UNKNOWN;
}

static void dump_file(struct dl_run *run, const char *path)
{
	const struct dl_opts *o = &run->o;
	enum ftype t = file_type(path);
	/* Files of a directory that a checking flag does not look at are skipped. */
	if (o->from_dir && (o->verify_index || o->index_sanity) && t != FT_INDEX && t != FT_TIMEINDEX)
		return;
	switch (t) {
	case FT_LOG: dl_dump_log(run, path, 0); break;
	case FT_KRAFT_SNAPSHOT: dl_dump_log(run, path, 1); break;
	case FT_INDEX: dl_dump_index(run, path); break;
	case FT_TIMEINDEX: dl_dump_time_index(run, path); break;
	case FT_TXNINDEX: dl_dump_txn_index(run, path); break;
	case FT_SNAPSHOT: dl_dump_producer_snapshot(run, path); break;
	case FT_CHECKPOINT: dl_dump_checkpoint(run, path); break;
	case FT_UNKNOWN:
		if (!o->from_dir) {
			fflush(stdout);
			cmd_warn("dump-log", "Ignoring unknown file %s (dump-log reads .log, .index, "
				 ".timeindex, .txnindex, .snapshot, .checkpoint and *-checkpoint files)",
				 path);
		}
		break;
	}
}

struct dir_entry {
	int64_t base;
	enum ftype type;
	char *path;
};

static int dir_entry_cmp(const void *a, const void *b)
{
	const struct dir_entry *x = a, *y = b;
	if (x->base != y->base)
		return x->base < y->base ? -1 : 1;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	return strcmp(x->path, y->path);
}

/* A partition directory: every segment in offset order, each with its indexes. */
static void dump_dir(struct dl_run *run, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		dl_cannot_open(run, dir, -errno);
		return;
	}
	struct dir_entry *e = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		enum ftype t = file_type(de->d_name);
		int64_t base = dl_name_offset(de->d_name);
		if (t == FT_UNKNOWN || (t != FT_CHECKPOINT && base < 0))
			continue;
		if (t == FT_CHECKPOINT)
			base = INT64_MAX;	/* after the segments */
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			e = realloc(e, cap * sizeof(*e));
			if (!e)
				abort();
		}
		size_t len = strlen(dir) + strlen(de->d_name) + 2;
		e[n].path = malloc(len);
		if (!e[n].path)
			abort();
		snprintf(e[n].path, len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
			 de->d_name);
		e[n].base = base;
		e[n].type = t;
		n++;
	}
	closedir(d);
	if (n)
		qsort(e, n, sizeof(*e), dir_entry_cmp);
	int before = run->dumped;
	run->o.from_dir = 1;
	for (size_t i = 0; i < n; i++) {
		dump_file(run, e[i].path);
		free(e[i].path);
	}
	run->o.from_dir = 0;
	free(e);
	if (run->dumped == before) {
		fflush(stdout);
		cmd_error("dump-log", "%s: no segment files here (give a partition directory such "
			  "as orders-0, or the files themselves)", dir);
		run->missing++;
	}
}

static void dump_operand(struct dl_run *run, const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		dl_cannot_open(run, path, -errno);
		return;
	}
	if (S_ISDIR(st.st_mode))
		dump_dir(run, path);
	else
		dump_file(run, path);
}

/* Kafka's report blocks, grouped by file in order of first appearance. */
static void print_reports(struct dl_run *run)
{
	/* Block heading (the file follows unless with_file is 0), then two labels per line. */
	static const struct {
		const char *head;
		int with_file;
		const char *a, *b;
	} fmt[DL_REP_COUNT] = {
		[DL_REP_INDEX_MISMATCH] = { "Mismatches in :", 1, "  Index offset: ", ", log offset: " },
		[DL_REP_TIME_MISMATCH] = { "Found timestamp mismatch in :", 1, "  Index timestamp: ",
					   ", log timestamp: " },
		[DL_REP_TIME_ORDER] = { "Found out of order timestamp in :", 1, "  Index timestamp: ",
					", Previously indexed timestamp: " },
		[DL_REP_TIME_NOTFOUND] = { "The following indexed offsets are not found in the log.", 0,
					   "Indexed offset: ", ", found log offset: " },
		[DL_REP_NONCONSECUTIVE] = { "Non-consecutive offsets in ", 1, "  ", " is followed by " },
	};
	fflush(stdout);
	for (int k = 0; k < DL_REP_COUNT; k++) {
		for (size_t i = 0; i < run->nreports; i++) {
			struct dl_report_entry *e = &run->reports[i];
			if (e->kind != (enum dl_report)k || !e->file)
				continue;
			/* Print this file's block now and mark its entries done. */
			char *file = e->file;
			fprintf(stderr, "%s%s\n", fmt[k].head, fmt[k].with_file ? file : "");
			for (size_t j = i; j < run->nreports; j++) {
				struct dl_report_entry *f = &run->reports[j];
				if (f->kind != e->kind || !f->file || strcmp(f->file, file))
					continue;
				fprintf(stderr, "%s%" PRId64 "%s%" PRId64 "\n", fmt[k].a, f->a, fmt[k].b,
					f->b);
				if (f != e) {
					free(f->file);
					f->file = NULL;
				}
			}
			free(file);
			e->file = NULL;
		}
	}
	free(run->reports);
	run->reports = NULL;
	run->nreports = run->capreports = 0;
}

int cmd_dump_log(int argc, char **argv)
{
	struct dl_args a = {
		.o = {
			.key_fmt = DL_FMT_STRING, .value_fmt = DL_FMT_STRING,
			.max_bytes = -1, .max_message_size = DEFAULT_MAX_MESSAGE_SIZE,
		},
	};
	char **operands = NULL;
	int noperands = 0;
	int rc = opt_parse(&dump_log_spec, argc, argv, on_option, &a, &operands, &noperands);
	int status = EXIT_OK;
	if (rc == OPT_PARSE_HELP)
		goto out;
	if (rc != OPT_PARSE_OK) {
		status = EXIT_USAGE;
		goto out;
	}
	if (!noperands && !a.nfiles) {
		status = cmd_usage_error(&dump_log_spec, "no PATH given");
		goto out;
	}
	if (a.o.verify_index && a.o.index_sanity) {
		status = cmd_usage_error(&dump_log_spec,
					 "--verify-index and --index-sanity cannot be combined");
		goto out;
	}
	if (a.o.print_data)
		a.o.deep = 1;
	a.o.max_uncompressed = a.max_message_given ? (size_t)a.o.max_message_size
						   : DEFAULT_MAX_UNCOMPRESSED;
	if (a.o.max_message_size > INT32_MAX)
		a.o.max_message_size = INT32_MAX;

	struct dl_run run = { .o = a.o };
	for (size_t i = 0; i < a.nfiles; i++)
		dump_operand(&run, a.files[i]);
	for (int i = 0; i < noperands; i++)
		dump_operand(&run, operands[i]);
	print_reports(&run);

	if (run.missing || !run.dumped)
		status = EXIT_NOTFOUND;
	else if (run.anomalies && !run.o.no_fail)
		status = EXIT_FAILED;
	if (run.anomalies) {
		if (run.o.no_fail)
			cmd_warn("dump-log", "%d %s found (ignored: --no-fail)", run.anomalies,
				 run.anomalies == 1 ? "anomaly" : "anomalies");
		else
			cmd_error("dump-log", "%d %s found", run.anomalies,
				  run.anomalies == 1 ? "anomaly" : "anomalies");
	}
out:
	for (size_t i = 0; i < a.nfiles; i++)
		free(a.files[i]);
	free(a.files);
	return status;
}
