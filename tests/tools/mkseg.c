/*
 * mkseg: writes log segments (and their index files) for the dump-log tests
 * from a small line-based description, building every batch with
 * core/record's batch builder. Usage:
 *
 *   mkseg OUT.log [DESC]        build OUT.log (DESC file, default stdin)
 *   mkseg poke FILE POS HEX     overwrite bytes of FILE at POS
 *   mkseg hex OUT HEXFILE       write the bytes of a commented hex file
 *
 * Description lines ('#' starts a comment; TEXT may not hold spaces, use
 * %20 for one, keyhex=/valuehex= for binary):
 *
 *   batch [offset=N] [codec=none|gzip|snappy|lz4|zstd] [ts=MS] [lat=MS]
 *         [txn] [pid=N] [epoch=N] [seq=N] [lepoch=N]
 *       start a batch (offset: the previous batch's last offset + 1)
 *   record [key=TEXT|keyhex=HEX|nullkey] [value=TEXT|valuehex=HEX|nullvalue]
 *          [ts=+DELTA|MS] [header=K:V|header=K:] (K: alone = null value)
 *   records n=N [key=PREFIX] [value=PREFIX] [pad=BYTES] [step=MS]
 *       N records with key PREFIX<i>, value PREFIX<i> padded to pad bytes
 *   control type=commit|abort [offset=N] [pid=N] [epoch=N] [coord=N] [ts=MS]
 *   hex HEX...                 raw bytes appended to the log
 *   index [interval=N] [closed] write OUT's .index and .timeindex as a broker
 *       would (an entry once more than interval bytes were appended since the
 *       last; "closed" adds the final time index entry of a rolled segment)
 *   indexentry offset=O position=P   an explicit .index entry
 *   timeentry ts=T offset=O          an explicit .timeindex entry
 *   aborted pid=P first=F last=L lso=S   a .txnindex entry
 *   snapshot offset=N           the following producers go to N's .snapshot
 *   producer pid=P epoch=E seq=S lastoffset=O delta=D ts=T coord=C [txnfirst=F]
 */
#include "core/base/buf.h"
#include "core/base/bytes.h"
#include "core/base/crc32c.h"
#include "core/record/batch.h"
#include "core/record/codec.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HEADERS 16

struct batch_info {
	size_t pos, size;
	int64_t last_offset, max_ts;
};

struct mkseg {
	const char *out;
	struct buf log, index, timeindex, txnindex, snapshot;
	int64_t snapshot_offset;
	int explicit_index;
	struct batch_info *batches;
	size_t nbatches;
	/* the open batch */
	int open;
	struct batch_builder b;
	int64_t offset, next_offset, ts, last_ts, lat;
	int line;
};

static void die(struct mkseg *m, const char *msg, const char *what)
{
	fprintf(stderr, "mkseg: line %d: %s%s%s\n", m ? m->line : 0, msg, what ? ": " : "",
		what ? what : "");
	exit(2);
}

static int64_t num(struct mkseg *m, const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 0);
	if (end == s || *end)
		die(m, "not a number", s);
	return v;
}

static void hex_append(struct mkseg *m, struct buf *b, const char *s)
{
	while (*s) {
		if (isspace((unsigned char)*s)) {
			s++;
			continue;
		}
		if (!isxdigit((unsigned char)s[0]) || !isxdigit((unsigned char)s[1]))
			die(m, "bad hex", s);
		char t[3] = { s[0], s[1], 0 };
		buf_put_u8(b, (uint8_t)strtoul(t, NULL, 16));
		s += 2;
	}
}

/* %20 -> space, %25 -> '%'; the result is malloc'ed. */
static char *unescape(const char *s, int32_t *len)
{
	char *o = malloc(strlen(s) + 1);
	size_t n = 0;
	for (; *s; s++) {
		if (s[0] == '%' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])) {
			char t[3] = { s[1], s[2], 0 };
			o[n++] = (char)strtoul(t, NULL, 16);
			s += 2;
		} else {
			o[n++] = *s;
		}
	}
	o[n] = 0;
	*len = (int32_t)n;
	return o;
}

static void finish_batch(struct mkseg *m)
{
	if (!m->open)
		return;
	size_t pos = m->log.len;
	if (batch_builder_finish(&m->b, m->offset, -1, &m->log))
		die(m, "cannot build the batch (codec not available?)", NULL);
	size_t total = m->log.len - pos;
	if (m->lat >= 0)
		batch_set_log_append_time(m->log.data + pos, total, m->lat);
	struct batch_header h;
	batch_header_parse(m->log.data + pos, total, &h);
	m->batches = realloc(m->batches, (m->nbatches + 1) * sizeof(*m->batches));
	m->batches[m->nbatches++] = (struct batch_info){
		.pos = pos, .size = total, .last_offset = batch_last_offset(&h),
		.max_ts = h.max_timestamp,
	};
	m->next_offset = batch_last_offset(&h) + 1;
	batch_builder_release(&m->b);
	m->open = 0;
}

/* key=value words of a line after the directive. */
struct words {
	char *k[32];
	char *v[32];
	int n;
};

static void split(char *s, struct words *w)
{
	w->n = 0;
	for (char *t = strtok(s, " \t"); t && w->n < 32; t = strtok(NULL, " \t")) {
		char *eq = strchr(t, '=');
		w->k[w->n] = t;
		w->v[w->n] = eq ? eq + 1 : NULL;
		if (eq)
			*eq = 0;
		w->n++;
	}
}

static const char *get(struct words *w, const char *k)
{
	for (int i = 0; i < w->n; i++)
		if (!strcmp(w->k[i], k))
			return w->v[i] ? w->v[i] : "";
	return NULL;
}

static int64_t get_num(struct mkseg *m, struct words *w, const char *k, int64_t def)
{
	const char *v = get(w, k);
	return v ? num(m, v) : def;
}

static void do_batch(struct mkseg *m, struct words *w)
{
	finish_batch(m);
	struct batch_opts o = BATCH_OPTS_DEFAULT;
	const char *codec = get(w, "codec");
	if (codec && (o.codec = codec_from_name(codec)) < 0)
		die(m, "unknown codec", codec);
	o.transactional = get(w, "txn") != NULL;
	o.producer_id = get_num(m, w, "pid", -1);
	o.producer_epoch = (int16_t)get_num(m, w, "epoch", -1);
	o.base_sequence = (int32_t)get_num(m, w, "seq", -1);
	o.leader_epoch = (int32_t)get_num(m, w, "lepoch", 0);
	m->lat = get_num(m, w, "lat", -1);
	m->offset = get_num(m, w, "offset", m->next_offset);
	m->ts = get_num(m, w, "ts", m->last_ts);
	batch_builder_init(&m->b, &o);
	m->open = 1;
}

static void add_record(struct mkseg *m, int64_t ts, const void *k, int32_t kl, const void *v,
		       int32_t vl, const struct record_header *h, int nh)
{
	if (!m->open)
		die(m, "record outside a batch", NULL);
	batch_builder_add(&m->b, ts, -1, k, kl, v, vl, h, nh);
	m->last_ts = ts;
}

static void do_record(struct mkseg *m, struct words *w)
{
	struct buf kb = BUF_INIT, vb = BUF_INIT;
	char *ktext = NULL, *vtext = NULL;
	const void *k = "", *v = "";
	int32_t kl = 0, vl = 0;
	const char *s;
	if ((s = get(w, "key"))) {
		ktext = unescape(s, &kl);
		k = ktext;
	} else if ((s = get(w, "keyhex"))) {
		hex_append(m, &kb, s);
		k = kb.data ? (void *)kb.data : (void *)"";
		kl = (int32_t)kb.len;
	} else {
		k = NULL;
		kl = -1;
	}
	if (get(w, "nullvalue")) {
		v = NULL;
		vl = -1;
	} else if ((s = get(w, "valuehex"))) {
		hex_append(m, &vb, s);
		v = vb.data ? (void *)vb.data : (void *)"";
		vl = (int32_t)vb.len;
	} else if ((s = get(w, "value"))) {
		vtext = unescape(s, &vl);
		v = vtext;
	}
	int64_t ts = m->open && m->b.count ? m->last_ts : m->ts;
	if ((s = get(w, "ts")))
		ts = s[0] == '+' ? m->ts + num(m, s + 1) : num(m, s);
	struct record_header h[MAX_HEADERS];
	char *htext[MAX_HEADERS];
	int nh = 0;
	for (int i = 0; i < w->n && nh < MAX_HEADERS; i++) {
		if (strcmp(w->k[i], "header") || !w->v[i])
			continue;
		char *colon = strchr(w->v[i], ':');
		if (!colon)
			die(m, "header needs K:V", w->v[i]);
		*colon = 0;
		int32_t len;
		htext[nh] = unescape(w->v[i], &len);
		h[nh].key = (const uint8_t *)htext[nh];
		h[nh].key_len = len;
		if (colon[1]) {
			char *val = unescape(colon + 1, &len);
			h[nh].value = (const uint8_t *)val;
			h[nh].value_len = len;
		} else {
			h[nh].value = NULL;
			h[nh].value_len = -1;
		}
		nh++;
	}
	add_record(m, ts, k, kl, v, vl, h, nh);
	for (int i = 0; i < nh; i++) {
		free(htext[i]);
		free((void *)h[i].value);
	}
	free(ktext);
	free(vtext);
	buf_release(&kb);
	buf_release(&vb);
}

static void do_records(struct mkseg *m, struct words *w)
{
	int64_t n = get_num(m, w, "n", 1), pad = get_num(m, w, "pad", 0);
	int64_t step = get_num(m, w, "step", 0);
	const char *kp = get(w, "key"), *vp = get(w, "value");
	char key[64], *val = malloc((size_t)(pad > 64 ? pad : 64) + 1);
	for (int64_t i = 0; i < n; i++) {
		int kl = snprintf(key, sizeof(key), "%s%lld", kp ? kp : "k", (long long)i);
		int vl = sprintf(val, "%s%lld", vp ? vp : "v", (long long)i);
		while (vl < pad)
			val[vl++] = '.';
		int64_t ts = (m->b.count ? m->last_ts : m->ts) + (m->b.count ? step : 0);
		add_record(m, ts, kp || !vp ? key : NULL, kp || !vp ? kl : -1, val, vl, NULL, 0);
	}
	free(val);
}

static void do_control(struct mkseg *m, struct words *w)
{
	finish_batch(m);
	const char *t = get(w, "type");
	enum control_type type = t && !strcmp(t, "abort") ? CONTROL_ABORT : CONTROL_COMMIT;
	int64_t offset = get_num(m, w, "offset", m->next_offset);
	int64_t ts = get_num(m, w, "ts", m->last_ts);
	size_t pos = m->log.len;
	if (batch_build_control(&m->log, offset, get_num(m, w, "pid", 1),
				(int16_t)get_num(m, w, "epoch", 0), type,
				(int32_t)get_num(m, w, "coord", 0), ts))
		die(m, "cannot build the control batch", NULL);
	batch_set_leader_epoch(m->log.data + pos, (int32_t)get_num(m, w, "lepoch", 0));
	m->batches = realloc(m->batches, (m->nbatches + 1) * sizeof(*m->batches));
	m->batches[m->nbatches++] = (struct batch_info){
		.pos = pos, .size = m->log.len - pos, .last_offset = offset, .max_ts = ts,
	};
	m->next_offset = offset + 1;
	m->last_ts = ts;
}

static int64_t base_offset(const char *path)
{
	const char *b = strrchr(path, '/');
	return strtoll(b ? b + 1 : path, NULL, 10);
}

/* Kafka's LogSegment.append: index once more than interval bytes went by. */
static void do_index(struct mkseg *m, struct words *w)
{
	finish_batch(m);
	int64_t interval = get_num(m, w, "interval", 4096);
	int64_t base = base_offset(m->out);
	int64_t since = 0, max_ts = -1, max_ts_offset = -1, last_time_entry = -1;
	for (size_t i = 0; i < m->nbatches; i++) {
		struct batch_info *b = &m->batches[i];
		if (b->max_ts > max_ts) {
			max_ts = b->max_ts;
			max_ts_offset = b->last_offset;
		}
		if (since > interval) {
			buf_put_be32(&m->index, (uint32_t)(b->last_offset - base));
			buf_put_be32(&m->index, (uint32_t)b->pos);
			if (max_ts > last_time_entry) {
				buf_put_be64(&m->timeindex, (uint64_t)max_ts);
				buf_put_be32(&m->timeindex, (uint32_t)(max_ts_offset - base));
				last_time_entry = max_ts;
			}
			since = 0;
		}
		since += (int64_t)b->size;
	}
	if (get(w, "closed") && max_ts > last_time_entry) {
		buf_put_be64(&m->timeindex, (uint64_t)max_ts);
		buf_put_be32(&m->timeindex, (uint32_t)(max_ts_offset - base));
	}
	m->explicit_index = 1;
}

static void do_producer(struct mkseg *m, struct words *w)
{
	buf_put_be64(&m->snapshot, (uint64_t)get_num(m, w, "pid", 0));
	buf_put_be16(&m->snapshot, (uint16_t)get_num(m, w, "epoch", 0));
	buf_put_be32(&m->snapshot, (uint32_t)get_num(m, w, "seq", 0));
	buf_put_be64(&m->snapshot, (uint64_t)get_num(m, w, "lastoffset", 0));
	buf_put_be32(&m->snapshot, (uint32_t)get_num(m, w, "delta", 0));
	buf_put_be64(&m->snapshot, (uint64_t)get_num(m, w, "ts", 0));
	buf_put_be32(&m->snapshot, (uint32_t)get_num(m, w, "coord", -1));
	buf_put_be64(&m->snapshot, (uint64_t)get_num(m, w, "txnfirst", -1));
}

static void line(struct mkseg *m, char *s)
{
	char *hash = strchr(s, '#');
	if (hash)
		*hash = 0;
	char *dir = strtok(s, " \t\r\n");
	if (!dir)
		return;
	char *rest = strtok(NULL, "\r\n");
	struct words w;
	if (!strcmp(dir, "hex")) {
		finish_batch(m);
		hex_append(m, &m->log, rest ? rest : "");
		return;
	}
	split(rest ? rest : (char *)"", &w);
	if (!strcmp(dir, "batch"))
		do_batch(m, &w);
	else if (!strcmp(dir, "record"))
		do_record(m, &w);
	else if (!strcmp(dir, "records"))
		do_records(m, &w);
	else if (!strcmp(dir, "control"))
		do_control(m, &w);
	else if (!strcmp(dir, "index"))
		do_index(m, &w);
	else if (!strcmp(dir, "indexentry")) {
		buf_put_be32(&m->index, (uint32_t)(get_num(m, &w, "offset", 0) - base_offset(m->out)));
		buf_put_be32(&m->index, (uint32_t)get_num(m, &w, "position", 0));
		m->explicit_index = 1;
	} else if (!strcmp(dir, "timeentry")) {
		buf_put_be64(&m->timeindex, (uint64_t)get_num(m, &w, "ts", 0));
		buf_put_be32(&m->timeindex,
			     (uint32_t)(get_num(m, &w, "offset", 0) - base_offset(m->out)));
		m->explicit_index = 1;
	} else if (!strcmp(dir, "aborted")) {
		buf_put_be16(&m->txnindex, 0);
		buf_put_be64(&m->txnindex, (uint64_t)get_num(m, &w, "pid", 0));
		buf_put_be64(&m->txnindex, (uint64_t)get_num(m, &w, "first", 0));
		buf_put_be64(&m->txnindex, (uint64_t)get_num(m, &w, "last", 0));
		buf_put_be64(&m->txnindex, (uint64_t)get_num(m, &w, "lso", 0));
	} else if (!strcmp(dir, "snapshot")) {
		m->snapshot_offset = get_num(m, &w, "offset", 0);
	} else if (!strcmp(dir, "producer")) {
		do_producer(m, &w);
	} else {
		die(m, "unknown directive", dir);
	}
}

static void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || (n && fwrite(p, 1, n, f) != n) || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static char *sibling(const char *path, const char *suffix)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	size_t stem = dot ? (size_t)(dot - path) : strlen(path);
	char *s = malloc(stem + strlen(suffix) + 1);
	memcpy(s, path, stem);
	strcpy(s + stem, suffix);
	return s;
}

static int cmd_poke(int argc, char **argv)
{
	if (argc != 5)
		die(NULL, "usage: mkseg poke FILE POS HEX", NULL);
	struct buf b = BUF_INIT;
	hex_append(NULL, &b, argv[4]);
	FILE *f = fopen(argv[2], "r+b");
	if (!f || fseek(f, strtol(argv[3], NULL, 0), SEEK_SET) ||
	    fwrite(b.data, 1, b.len, f) != b.len || fclose(f)) {
		perror(argv[2]);
		return 1;
	}
	buf_release(&b);
	return 0;
}

/* A hex file with '#' comments: the bytes of a hand-derived fixture. */
static int cmd_hex(int argc, char **argv)
{
	if (argc != 4)
		die(NULL, "usage: mkseg hex OUT HEXFILE", NULL);
	FILE *in = fopen(argv[3], "r");
	if (!in) {
		perror(argv[3]);
		return 1;
	}
	struct buf b = BUF_INIT;
	char s[4096];
	while (fgets(s, sizeof(s), in)) {
		char *hash = strchr(s, '#');
		if (hash)
			*hash = 0;
		hex_append(NULL, &b, s);
	}
	fclose(in);
	write_file(argv[2], b.data, b.len);
	buf_release(&b);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "poke"))
		return cmd_poke(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "hex"))
		return cmd_hex(argc, argv);
	if (argc < 2 || argc > 3)
		die(NULL, "usage: mkseg OUT.log [DESC] | poke FILE POS HEX | hex OUT HEXFILE", NULL);
	struct mkseg m = { .out = argv[1], .lat = -1, .ts = 1700000000000LL,
			   .last_ts = 1700000000000LL, .snapshot_offset = -1 };
	m.next_offset = base_offset(argv[1]);
	FILE *in = argc == 3 ? fopen(argv[2], "r") : stdin;
	if (!in) {
		perror(argv[2]);
		return 1;
	}
	char s[8192];
	while (fgets(s, sizeof(s), in)) {
		m.line++;
		line(&m, s);
	}
	finish_batch(&m);
	write_file(m.out, m.log.data, m.log.len);
	if (m.explicit_index) {
		char *p = sibling(m.out, ".index");
		write_file(p, m.index.data, m.index.len);
		free(p);
		p = sibling(m.out, ".timeindex");
		write_file(p, m.timeindex.data, m.timeindex.len);
		free(p);
	}
	if (m.txnindex.len) {
		char *p = sibling(m.out, ".txnindex");
		write_file(p, m.txnindex.data, m.txnindex.len);
		free(p);
	}
	if (m.snapshot_offset >= 0) {
		/* version 1, CRC-32C of everything after the CRC field, count, entries */
		struct buf f = BUF_INIT;
		buf_put_be16(&f, 1);
		buf_put_be32(&f, 0);
		buf_put_be32(&f, (uint32_t)(m.snapshot.len / 46));
		buf_append(&f, m.snapshot.data, m.snapshot.len);
		be32_put(f.data + 2, crc32c(0, f.data + 6, f.len - 6));
		const char *slash = strrchr(m.out, '/');
		size_t dir = slash ? (size_t)(slash - m.out + 1) : 0;
		char *p = malloc(dir + 32);
		snprintf(p, dir + 32, "%.*s%020lld.snapshot", (int)dir, m.out,
			 (long long)m.snapshot_offset);
		write_file(p, f.data, f.len);
		free(p);
		buf_release(&f);
	}
	buf_release(&m.log);
	buf_release(&m.index);
	buf_release(&m.timeindex);
	buf_release(&m.txnindex);
	buf_release(&m.snapshot);
	free(m.batches);
	return 0;
}
