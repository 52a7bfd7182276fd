/*
 * kaf perf produce and kaf perf consume: the loops that drive the
 * producer and consumer engines flat out (or at a rate), with a line every
 * --interval and a summary at the end.
 *
 * Produce latency is per record, from producer_send to the delivery
 * callback: the record's id is its send time, and the callback reads the
 * time the engine took when the answer arrived (one clock read per
 * response, not per record).
 */
#include "cmd/perf.h"

#include "cmd/cmd.h"
#include "core/base/clock.h"
#include "net/client/consumer.h"
#include "net/client/producer.h"
#include "net/proto/errors.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Errors printed one by one before the rest are only counted. */
#define MAX_PRINTED_ERRORS 5

static void on_signal(int sig)
{
	perf_stop = sig;
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	perf_stop = 0;
}

static void restore_signals(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
}

/* ---- produce ---- */

/* --payload-file: the values, in the file's bytes. */
struct payloads {
	char *data;
	size_t *off;
	int32_t *len;
	size_t n;
};

struct prun {
	struct perf_args *pa;
	struct payloads pl;
	struct producer prod;
	struct hist iv, total;		/* latency in microseconds */
	uint64_t iv_records, iv_bytes;
	uint64_t acked, failed, bytes;
	int printed;
	int64_t start_ns, iv_start_ns, last_ack_ns;
};

static void on_ack(void *ctx, const struct producer_result *r)
{
	struct prun *pr = ctx;

	if (r->error) {
		pr->failed++;
		if (pr->printed++ < MAX_PRINTED_ERRORS)
			cmd_error(pr->pa->tool.cmd, "partition %d: %s%s%s", r->partition,
				  kafka_error_name(r->error), r->message ? ": " : "",
				  r->message ? r->message : "");
		return;
	}
	int64_t now = pr->prod.now_ns;
	uint64_t us = now > (int64_t)r->id ? (uint64_t)(now - (int64_t)r->id) / 1000 : 0;
	hist_add(&pr->iv, us);
	pr->iv_records++;
	pr->acked++;
	pr->last_ack_ns = now;
}

/* One interval line, or the summary when final. */
static void produce_report(struct prun *pr, int64_t now, int final)
{
	struct perf_args *pa = pr->pa;
	uint64_t bytes = pr->prod.stats.bytes_acked;

	pr->iv_bytes = bytes - pr->bytes;
	pr->bytes = bytes;
	hist_merge(&pr->total, &pr->iv);
	const struct hist *h = final ? &pr->total : &pr->iv;
	uint64_t n = final ? pr->acked : pr->iv_records;
	uint64_t b = final ? bytes : pr->iv_bytes;
	double secs = final ? perf_secs(pr->start_ns, pr->last_ack_ns > pr->start_ns ?
				       pr->last_ack_ns : now) : perf_secs(pr->iv_start_ns, now);
	if (pa->tool.output == OUT_JSONL) {
		printf("{\"type\":\"%s\",\"elapsed_s\":%.3f,\"records\":%llu,\"bytes\":%llu,"
		       "\"rec_per_s\":%.1f,\"mb_per_s\":%.3f,", final ? "summary" : "interval",
		       perf_secs(pr->start_ns, now), (unsigned long long)n, (unsigned long long)b,
		       perf_rate(n, secs), perf_mbps(b, secs));
		if (final)
			printf("\"failed\":%llu,\"requests\":%llu,", (unsigned long long)pr->failed,
			       (unsigned long long)pr->prod.stats.requests);
		perf_json_latency("latency_ms", h);
		fputs("}\n", stdout);
	} else {
		printf("%llu records sent, %.1f records/sec (%.2f MB/sec), ", (unsigned long long)n,
		       perf_rate(n, secs), perf_mbps(b, secs));
		perf_text_latency(h, final);
		fputs(".\n", stdout);
	}
	fflush(stdout);
	hist_init(&pr->iv);
	pr->iv_records = 0;
	pr->iv_start_ns = now;
}

static uint64_t xorshift(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

static void fill_random(uint8_t *p, size_t n, uint64_t *seed)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t v = xorshift(seed);
		memcpy(p + i, &v, 8);
	}
	if (i < n) {
		uint64_t v = xorshift(seed);
		memcpy(p + i, &v, n - i);
	}
}

/* The file's values (empty ones skipped); 0 or an exit code after the message. */
static int load_payloads(struct perf_args *pa, struct payloads *pl)
{
	const size_t max = 1ull << 30;
	FILE *f = fopen(pa->payload_file, "rb");
	size_t cap = 1 << 16, len = 0;

	if (!f) {
		int e = errno;
		cmd_error(pa->tool.cmd, "%s: %s", pa->payload_file, strerror(e));
		return e == ENOENT ? EXIT_NOTFOUND : EXIT_FAILED;
	}
	pl->data = malloc(cap);
	while (pl->data) {
		if (len == cap) {
			char *d = cap < max ? realloc(pl->data, cap * 2) : NULL;
			if (!d) {
				cmd_error(pa->tool.cmd, "%s: larger than 1 GiB or out of memory",
					  pa->payload_file);
				fclose(f);
				return EXIT_FAILED;
			}
			pl->data = d;
			cap *= 2;
		}
		size_t got = fread(pl->data + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	int bad = ferror(f);
	fclose(f);
	if (!pl->data || bad) {
		cmd_error(pa->tool.cmd, "%s: cannot read it", pa->payload_file);
		return EXIT_FAILED;
	}
	size_t dl = (size_t)pa->payload_delim_len, most = len / (dl + 1) + 1;
	pl->off = malloc(most * sizeof(*pl->off));
	pl->len = malloc(most * sizeof(*pl->len));
	if (!pl->off || !pl->len)
		return EXIT_FAILED;
	for (size_t at = 0; at < len;) {
		const char *end = memmem(pl->data + at, len - at, pa->payload_delim, dl);
		size_t n = end ? (size_t)(end - pl->data) - at : len - at;
		if (n > 0 && n <= (size_t)INT32_MAX) {
			pl->off[pl->n] = at;
			pl->len[pl->n++] = (int32_t)n;
		}
		at += n + (end ? dl : 0);
	}
	if (!pl->n) {
		cmd_error(pa->tool.cmd, "%s: no values in it", pa->payload_file);
		return EXIT_FAILED;
	}
	return 0;
}

static void free_payloads(struct payloads *pl)
{
	free(pl->data);
	free(pl->off);
	free(pl->len);
}

static int produce_loop(struct prun *pr)
{
	struct perf_args *pa = pr->pa;
	size_t size = (size_t)pa->record_size;
	uint8_t *val = malloc(size ? size : 1);
	uint64_t seed = (uint64_t)clock_mono_ns() | 1;
	int64_t wall0 = clock_wall_ms(), sent = 0;
	int64_t iv_ns = pa->interval_ms * 1000000;
	int64_t next_report = pr->start_ns + iv_ns;
	char key[32];
	int rc = 0;

	if (!val)
		return -1;
	if (pa->payload_text)
		for (size_t i = 0; i < size; i++)
			val[i] = (uint8_t)('A' + xorshift(&seed) % 26);
	while (!perf_stop && (pa->num < 0 || sent < pa->num)) {
		int64_t now = clock_mono_ns();
		if (pa->duration_ms >= 0 && now - pr->start_ns >= pa->duration_ms * 1000000)
			break;
		if (now >= next_report) {
			produce_report(pr, now, 0);
			next_report += iv_ns;
			if (next_report <= now)
				next_report = now + iv_ns;
		}
		if (pa->throughput > 0) {
			int64_t due = pr->start_ns + (int64_t)((double)sent * 1e9 / (double)pa->throughput);
			if (due > now) {
				int64_t until = due < next_report ? due : next_report;
				if ((rc = perf_wait(&pr->prod, until - now)))
					break;
				continue;
			}
		}
		const uint8_t *v = val;
		int32_t vlen = (int32_t)size;
		if (pr->pl.n) {
			size_t i = xorshift(&seed) % pr->pl.n;
			v = (const uint8_t *)pr->pl.data + pr->pl.off[i];
			vlen = pr->pl.len[i];
		} else if (!pa->payload_text) {
			fill_random(val, size, &seed);
		}
		int klen = -1;
		if (pa->keys > 0)
			klen = snprintf(key, sizeof(key), "key-%lld", (long long)(sent % pa->keys));
		rc = producer_send(&pr->prod, -1, wall0 + (now - pr->start_ns) / 1000000,
				   klen >= 0 ? key : NULL, klen, v, vlen, NULL, 0,
				   (uint64_t)now);
		if (rc)
			break;
		sent++;
	}
	/* The rest in flight: keep reporting while the answers come. */
	while (!rc && producer_pending(&pr->prod) > 0) {
		int64_t now = clock_mono_ns();
		if (now >= next_report) {
			produce_report(pr, now, 0);
			next_report += iv_ns;
		}
		int before = producer_pending(&pr->prod);
		rc = producer_poll(&pr->prod, 100000000);
		if (!rc && producer_pending(&pr->prod) == before && before > 0)
			break;	/* nothing moving: flush waits and retries properly */
	}
	if (!rc)
		rc = producer_flush(&pr->prod);
	free(val);
	return rc;
}

int perf_produce(struct perf_args *pa)
{
	static struct prun pr;
	struct client c;
	struct producer_opts o;
	int32_t nparts;
	int rc;

	memset(&pr, 0, sizeof(pr));
	pr.pa = pa;
	if (pa->payload_file && (rc = load_payloads(pa, &pr.pl))) {
		free_payloads(&pr.pl);
		return rc;
	}
	if ((rc = tool_connect(&pa->tool, &c))) {
		free_payloads(&pr.pl);
		return rc;
	}
	if ((rc = perf_topic(pa, &c, 1, &nparts))) {
		free_payloads(&pr.pl);
		client_release(&c);
		return rc;
	}
	hist_init(&pr.iv);
	hist_init(&pr.total);
	perf_producer_opts(pa, &o);
	rc = producer_open(&pr.prod, &c, pa->topic, &o, on_ack, &pr);
	if (rc) {
		if (rc == PRODUCER_ENOTOPIC) {
			cmd_error(pa->tool.cmd, "%s", pr.prod.err);
			rc = EXIT_FAILED;
		} else {
			rc = tool_client_fail(&pa->tool, &c, rc);
		}
		free_payloads(&pr.pl);
		client_release(&c);
		return rc;
	}
	catch_signals();
	pr.start_ns = pr.iv_start_ns = clock_mono_ns();
	int lrc = produce_loop(&pr);
	int64_t end = clock_mono_ns();
	if (lrc)
		cmd_error(pa->tool.cmd, "%s", lrc == -1 ? "out of memory" : client_error(&c));
	produce_report(&pr, end, 1);
	producer_close(&pr.prod);
	free_payloads(&pr.pl);
	restore_signals();
	client_release(&c);
	if (pr.printed > MAX_PRINTED_ERRORS)
		cmd_error(pa->tool.cmd, "%d more records failed", pr.printed - MAX_PRINTED_ERRORS);
	if (lrc == CLIENT_EUNAVAIL)
		return EXIT_UNAVAILABLE;
	if (lrc || pr.failed)
		return EXIT_FAILED;
	return perf_stop ? 128 + perf_stop : EXIT_OK;
}

/* ---- consume ---- */

struct crun {
	struct perf_args *pa;
	uint64_t records, bytes, fetches;
	uint64_t iv_records, iv_bytes, iv_fetches;
	int64_t start_ns, iv_start_ns, last_ns;
};

static int on_record(void *ctx, const struct consumer_record *r)
{
	struct crun *cr = ctx;

	cr->records++;
	cr->bytes += (uint64_t)(r->rec->key_len > 0 ? r->rec->key_len : 0) +
		     (uint64_t)(r->rec->value_len > 0 ? r->rec->value_len : 0);
	return cr->pa->num > 0 && cr->records >= (uint64_t)cr->pa->num;
}

static void consume_report(struct crun *cr, int64_t now, int final)
{
	struct perf_args *pa = cr->pa;
	uint64_t n = final ? cr->records : cr->records - cr->iv_records;
	uint64_t b = final ? cr->bytes : cr->bytes - cr->iv_bytes;
	uint64_t f = final ? cr->fetches : cr->fetches - cr->iv_fetches;
	double secs = final ? perf_secs(cr->start_ns, now) : perf_secs(cr->iv_start_ns, now);

	if (pa->tool.output == OUT_JSONL)
		printf("{\"type\":\"%s\",\"elapsed_s\":%.3f,\"records\":%llu,\"bytes\":%llu,"
		       "\"rec_per_s\":%.1f,\"mb_per_s\":%.3f,\"fetches\":%llu}\n",
		       final ? "summary" : "interval", perf_secs(cr->start_ns, now),
		       (unsigned long long)n, (unsigned long long)b, perf_rate(n, secs),
		       perf_mbps(b, secs), (unsigned long long)f);
	else
		printf("%llu records received, %.1f records/sec (%.2f MB/sec), %.2f MB in %.2f s, "
		       "%llu fetches.\n", (unsigned long long)n, perf_rate(n, secs),
		       perf_mbps(b, secs), (double)b / (1024.0 * 1024.0), secs,
		       (unsigned long long)f);
	fflush(stdout);
	cr->iv_records = cr->records;
	cr->iv_bytes = cr->bytes;
	cr->iv_fetches = cr->fetches;
	cr->iv_start_ns = now;
}

static int consume_loop(struct crun *cr, struct consumer *k)
{
	struct perf_args *pa = cr->pa;
	int64_t iv_ns = pa->interval_ms * 1000000;
	int64_t next_report = cr->start_ns + iv_ns;
	int64_t last_record = cr->start_ns;
	int32_t max_wait = k->opts.max_wait_ms;

	while (!perf_stop && !consumer_done(k)) {
		if (pa->num > 0 && cr->records >= (uint64_t)pa->num)
			break;
		if (pa->duration_ms >= 0) {
			/* A fetch waiting at the broker must not outlast the run. */
			int64_t left = (cr->start_ns + pa->duration_ms * 1000000 - clock_mono_ns() + 999999) /
				       1000000;
			k->opts.max_wait_ms = (int32_t)(left < max_wait ? (left > 0 ? left : 0) : max_wait);
		}
		int n = consumer_poll(k, on_record, cr);
		int64_t now = clock_mono_ns();
		if (n < 0) {
			cmd_error(pa->tool.cmd, "%s", consumer_error(k));
			return n == CLIENT_EUNAVAIL ? EXIT_UNAVAILABLE :
			       n == CONSUMER_ENOTFOUND ? EXIT_NOTFOUND : EXIT_FAILED;
		}
		cr->fetches++;
		if (n > 0) {
			last_record = now;
			cr->last_ns = now;
		}
		if (now >= next_report) {
			consume_report(cr, now, 0);
			next_report += iv_ns;
			if (next_report <= now)
				next_report = now + iv_ns;
		}
		if (pa->duration_ms >= 0 && now - cr->start_ns >= pa->duration_ms * 1000000)
			break;
		if (n == 0 && now - last_record >= pa->tool.timeout_ms * 1000000) {
			if (pa->num > 0) {
				cmd_error(pa->tool.cmd, "no record for %lld ms: %llu of %lld records read",
					  (long long)pa->tool.timeout_ms, (unsigned long long)cr->records,
					  (long long)pa->num);
				return EXIT_FAILED;
			}
			break;
		}
	}
	return 0;
}

int perf_consume(struct perf_args *pa)
{
	struct crun cr;
	struct client c;
	struct consumer k;
	int32_t nparts;
	int rc = tool_connect(&pa->tool, &c);

	if (rc)
		return rc;
	if ((rc = perf_topic(pa, &c, 0, &nparts))) {
		client_release(&c);
		return rc;
	}
	struct consumer_opts co = {
		.max_bytes = 64 << 20,
		.partition_max_bytes = (int32_t)pa->fetch_size,
		.max_wait_ms = 500,
		.reset = pa->from_latest ? CONSUMER_RESET_LATEST : CONSUMER_RESET_EARLIEST,
		.timeout_ms = pa->tool.timeout_ms,
	};
	if (co.max_wait_ms > pa->interval_ms)
		co.max_wait_ms = (int32_t)pa->interval_ms;
	consumer_init(&k, &c, &co);
	struct consumer_point start = { pa->from_latest ? CONSUMER_AT_END : CONSUMER_AT_BEGINNING, 0 };
	struct consumer_point stop = { pa->exit_at_end ? CONSUMER_AT_END : CONSUMER_AT_NONE, 0 };
	for (int32_t p = 0; p < nparts; p++)
		consumer_assign(&k, pa->topic, p, start, stop);
	memset(&cr, 0, sizeof(cr));
	cr.pa = pa;
	catch_signals();
	cr.start_ns = cr.iv_start_ns = clock_mono_ns();
	rc = consume_loop(&cr, &k);
	int64_t end = clock_mono_ns();
	consume_report(&cr, end, 1);
	restore_signals();
	consumer_release(&k);
	client_release(&c);
	if (!rc && perf_stop)
		rc = 128 + perf_stop;
	return rc;
}
