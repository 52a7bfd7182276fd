/*
 * kaf perf e2e: records sent at a fixed rate and read back by a consumer in
 * a second thread (on its own connection), each record's value carrying
 * the run's nonce and its send time, so the latency from producer_send to
 * the consumer's callback is measured on one monotonic clock. The produce
 * acknowledgement latency is measured as in perf produce.
 *
 * Value layout (big enough for --record-size 16, the rest zero):
 *
 *	0   8  nonce of this run (records of other runs are skipped)
 *	8   8  send time, monotonic nanoseconds, host order
 */
#include "cmd/perf.h"

#include "cmd/cmd.h"
#include "core/base/clock.h"
#include "net/client/consumer.h"
#include "net/client/producer.h"
#include "net/proto/errors.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct erun {
	struct perf_args *pa;
	struct producer prod;
	struct hist ack_iv, ack_total;	/* main thread only */
	uint64_t sent, acked, failed, iv_sent;
	int64_t start_ns, iv_start_ns;
	uint64_t nonce;

	/* The consumer thread's, guarded by mu. */
	pthread_mutex_t mu;
	struct hist e2e_iv, e2e_total;
	uint64_t received, iv_received;
	int sending_done;
	int64_t done_ns;
	struct client cc;
	struct consumer k;
	int crc;			/* the consumer's failure, an exit code */
};

static void on_signal(int sig)
{
	perf_stop = sig;
}

static void on_ack(void *ctx, const struct producer_result *r)
{
	struct erun *er = ctx;

	if (r->error) {
		if (er->failed++ < 5)
			cmd_error(er->pa->tool.cmd, "partition %d: %s%s%s", r->partition,
				  kafka_error_name(r->error), r->message ? ": " : "",
				  r->message ? r->message : "");
		return;
	}
	int64_t now = er->prod.now_ns;
	hist_add(&er->ack_iv, now > (int64_t)r->id ? (uint64_t)(now - (int64_t)r->id) / 1000 : 0);
	er->acked++;
}

static int on_record(void *ctx, const struct consumer_record *r)
{
	struct erun *er = ctx;
	uint64_t nonce;
	int64_t sent;

	if (r->rec->value_len < 16)
		return 0;
	memcpy(&nonce, r->rec->value, 8);
	if (nonce != er->nonce)
		return 0;
	memcpy(&sent, r->rec->value + 8, 8);
	int64_t now = clock_mono_ns();
	pthread_mutex_lock(&er->mu);
	hist_add(&er->e2e_iv, now > sent ? (uint64_t)(now - sent) / 1000 : 0);
	er->received++;
	pthread_mutex_unlock(&er->mu);
	return 0;
}

static void *consume_thread(void *arg)
{
	struct erun *er = arg;
	int64_t timeout_ns = er->pa->tool.timeout_ms * 1000000;

	while (!perf_stop) {
		pthread_mutex_lock(&er->mu);
		int done = er->sending_done && (er->received >= er->acked ||
						clock_mono_ns() - er->done_ns >= timeout_ns);
		pthread_mutex_unlock(&er->mu);
		if (done)
			break;
		int n = consumer_poll(&er->k, on_record, er);
		if (n < 0) {
			cmd_error(er->pa->tool.cmd, "%s", consumer_error(&er->k));
			__atomic_store_n(&er->crc, n == CLIENT_EUNAVAIL ? EXIT_UNAVAILABLE :
					 n == CONSUMER_ENOTFOUND ? EXIT_NOTFOUND : EXIT_FAILED,
					 __ATOMIC_RELAXED);
			break;
		}
	}
	return NULL;
}

static void e2e_report(struct erun *er, int64_t now, int final)
{
	struct perf_args *pa = er->pa;
	static struct hist e2e;

	pthread_mutex_lock(&er->mu);
	hist_merge(&er->e2e_total, &er->e2e_iv);
	e2e = final ? er->e2e_total : er->e2e_iv;
	hist_init(&er->e2e_iv);
	uint64_t received = er->received, rn = final ? received : received - er->iv_received;
	er->iv_received = received;
	pthread_mutex_unlock(&er->mu);
	hist_merge(&er->ack_total, &er->ack_iv);
	const struct hist *ack = final ? &er->ack_total : &er->ack_iv;
	uint64_t sn = final ? er->sent : er->sent - er->iv_sent;
	double secs = final ? perf_secs(er->start_ns, now) : perf_secs(er->iv_start_ns, now);

	if (pa->tool.output == OUT_JSONL) {
		printf("{\"type\":\"%s\",\"elapsed_s\":%.3f,\"sent\":%llu,\"records\":%llu,"
		       "\"rec_per_s\":%.1f,", final ? "summary" : "interval",
		       perf_secs(er->start_ns, now), (unsigned long long)sn,
		       (unsigned long long)rn, perf_rate(rn, secs));
		if (final)
			printf("\"lost\":%llu,\"failed\":%llu,",
			       (unsigned long long)(er->acked > received ? er->acked - received : 0),
			       (unsigned long long)er->failed);
		perf_json_latency("latency_ms", &e2e);
		fputc(',', stdout);
		perf_json_latency("ack_latency_ms", ack);
		fputs("}\n", stdout);
	} else {
		printf("%llu records sent, %llu received, %.1f records/sec, ", (unsigned long long)sn,
		       (unsigned long long)rn, perf_rate(rn, secs));
		perf_text_latency(&e2e, final);
		printf("; ack %.2f ms avg, %.2f ms 50th, %.2f ms 99th, %.2f ms 99.9th.\n",
		       hist_mean(ack) / 1000.0, (double)hist_percentile(ack, 50) / 1000.0,
		       (double)hist_percentile(ack, 99) / 1000.0,
		       (double)hist_percentile(ack, 99.9) / 1000.0);
	}
	fflush(stdout);
	hist_init(&er->ack_iv);
	er->iv_sent = er->sent;
	er->iv_start_ns = now;
}

static int send_loop(struct erun *er)
{
	struct perf_args *pa = er->pa;
	size_t size = (size_t)pa->record_size;
	uint8_t *val = calloc(1, size);
	int64_t iv_ns = pa->interval_ms * 1000000;
	int64_t next_report = er->start_ns + iv_ns, wall0 = clock_wall_ms();
	int rc = 0;

	if (!val)
		return -1;
	memcpy(val, &er->nonce, 8);
	while (!perf_stop && (pa->num < 0 || (int64_t)er->sent < pa->num) &&
	       !__atomic_load_n(&er->crc, __ATOMIC_RELAXED)) {
		int64_t now = clock_mono_ns();
		if (pa->duration_ms >= 0 && now - er->start_ns >= pa->duration_ms * 1000000)
			break;
		if (now >= next_report) {
			e2e_report(er, now, 0);
			next_report += iv_ns;
			if (next_report <= now)
				next_report = now + iv_ns;
		}
		int64_t due = er->start_ns + (int64_t)((double)er->sent * 1e9 / (double)pa->throughput);
		if (due > now) {
			if ((rc = perf_wait(&er->prod, (due < next_report ? due : next_report) - now)))
				break;
			continue;
		}
		memcpy(val + 8, &now, 8);
		rc = producer_send(&er->prod, -1, wall0 + (now - er->start_ns) / 1000000, NULL, -1,
				   val, (int32_t)size, NULL, 0, (uint64_t)now);
		if (!rc)
			rc = producer_poll(&er->prod, 0);
		if (rc)
			break;
		er->sent++;
	}
	if (!rc)
		rc = producer_flush(&er->prod);
	free(val);
	return rc;
}

/* The consumer at the end of every partition, resolved before the first record goes. */
static int open_consumer(struct erun *er, int32_t nparts)
{
	struct perf_args *pa = er->pa;
	int rc = tool_connect(&pa->tool, &er->cc);

	if (rc)
		return rc;
	struct consumer_opts co = {
		.max_bytes = 64 << 20, .partition_max_bytes = 1 << 20, .max_wait_ms = 100,
		.reset = CONSUMER_RESET_EARLIEST, .timeout_ms = pa->tool.timeout_ms,
	};
	consumer_init(&er->k, &er->cc, &co);
	for (int32_t p = 0; p < nparts; p++)
		consumer_assign(&er->k, pa->topic, p, (struct consumer_point){ CONSUMER_AT_END, 0 },
				(struct consumer_point){ CONSUMER_AT_NONE, 0 });
	rc = consumer_resolve(&er->k);
	if (rc) {
		cmd_error(pa->tool.cmd, "%s", consumer_error(&er->k));
		rc = rc == CLIENT_EUNAVAIL ? EXIT_UNAVAILABLE : EXIT_FAILED;
		consumer_release(&er->k);
		client_release(&er->cc);
	}
	return rc;
}

int perf_e2e(struct perf_args *pa)
{
	static struct erun er;
	struct client c;
	struct producer_opts o;
	int32_t nparts;
	pthread_t th;
	int rc = tool_connect(&pa->tool, &c);

	if (rc)
		return rc;
	if ((rc = perf_topic(pa, &c, 1, &nparts))) {
		client_release(&c);
		return rc;
	}
	memset(&er, 0, sizeof(er));
	er.pa = pa;
	er.nonce = (uint64_t)clock_mono_ns() ^ ((uint64_t)clock_wall_ms() << 20) ^ (uint64_t)getpid();
	pthread_mutex_init(&er.mu, NULL);
	if ((rc = open_consumer(&er, nparts))) {
		client_release(&c);
		return rc;
	}
	perf_producer_opts(pa, &o);
	rc = producer_open(&er.prod, &c, pa->topic, &o, on_ack, &er);
	if (rc) {
		rc = rc == PRODUCER_ENOTOPIC ? (cmd_error(pa->tool.cmd, "%s", er.prod.err), EXIT_FAILED)
					     : tool_client_fail(&pa->tool, &c, rc);
		consumer_release(&er.k);
		client_release(&er.cc);
		client_release(&c);
		return rc;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	perf_stop = 0;
	er.start_ns = er.iv_start_ns = clock_mono_ns();
	if (pthread_create(&th, NULL, consume_thread, &er)) {
		cmd_error(pa->tool.cmd, "cannot start the consumer thread");
		producer_close(&er.prod);
		consumer_release(&er.k);
		client_release(&er.cc);
		client_release(&c);
		return EXIT_FAILED;
	}
	int lrc = send_loop(&er);
	if (lrc)
		cmd_error(pa->tool.cmd, "%s", lrc == -1 ? "out of memory" : client_error(&c));
	pthread_mutex_lock(&er.mu);
	er.sending_done = 1;
	er.done_ns = clock_mono_ns();
	pthread_mutex_unlock(&er.mu);
	pthread_join(th, NULL);
	e2e_report(&er, clock_mono_ns(), 1);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	producer_close(&er.prod);
	consumer_release(&er.k);
	client_release(&er.cc);
	client_release(&c);
	pthread_mutex_destroy(&er.mu);
	uint64_t lost = er.acked > er.received ? er.acked - er.received : 0;
	if (lost && !perf_stop && !er.crc)
		cmd_error(pa->tool.cmd, "%llu acknowledged records were not read back within %lld ms",
			  (unsigned long long)lost, (long long)pa->tool.timeout_ms);
	if (er.crc)
		return er.crc;
	if (lrc == CLIENT_EUNAVAIL)
		return EXIT_UNAVAILABLE;
	if (lrc || er.failed || (lost && !perf_stop))
		return EXIT_FAILED;
	return perf_stop ? 128 + perf_stop : EXIT_OK;
}
