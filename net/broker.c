/* Listeners, the idle timer, and the broker's start and stop. */
#include "net/broker.h"
#include "net/conn.h"
#include "core/base/err.h"
#include "core/base/say.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int listener_parse(const char *s, size_t n, char *name, size_t name_size, char *host,
		   size_t host_size, int *port)
{
	const char *sep = memmem(s, n, "://", 3);
	if (!sep || sep == s || (size_t)(sep - s) >= name_size)
		return KAF_ECONFIG;
	memcpy(name, s, (size_t)(sep - s));
	name[sep - s] = 0;
	const char *h = sep + 3, *end = s + n;
	const char *colon = NULL;
	if (h < end && *h == '[') {		/* [::1]:9092 */
		const char *close = memchr(h, ']', (size_t)(end - h));
		if (!close || close + 1 >= end || close[1] != ':')
			return KAF_ECONFIG;
		colon = close + 1;
		h++;
		if ((size_t)(close - h) >= host_size)
			return KAF_ECONFIG;
		memcpy(host, h, (size_t)(close - h));
		host[close - h] = 0;
	} else {
		for (const char *p = end - 1; p >= h; p--)
			if (*p == ':') {
				colon = p;
				break;
			}
		if (!colon || (size_t)(colon - h) >= host_size)
			return KAF_ECONFIG;
		memcpy(host, h, (size_t)(colon - h));
		host[colon - h] = 0;
	}
	char digits[8];
	size_t dn = (size_t)(end - colon - 1);
	if (!dn || dn >= sizeof(digits))
		return KAF_ECONFIG;
	memcpy(digits, colon + 1, dn);
	digits[dn] = 0;
	char *e;
	long p = strtol(digits, &e, 10);
	if (*e || p < 0 || p > 65535)
		return KAF_ECONFIG;
	*port = (int)p;
	return 0;
}

static void on_connection(uv_stream_t *s, int status)
{
	struct listener *l = s->data;
	if (status < 0) {
		say_warn("%s listener: accept failed: %s", l->name, uv_strerror(status));
		return;
	}
	if (l->b->stopping)
		return;
	conn_accept(l);
}

static int listener_bind(struct broker *b, struct listener *l)
{
	struct sockaddr_storage ss;
	const char *host = l->host[0] ? l->host : "0.0.0.0";
	int rc = strchr(host, ':') ? uv_ip6_addr(host, l->port, (struct sockaddr_in6 *)&ss)
				   : uv_ip4_addr(host, l->port, (struct sockaddr_in *)&ss);
	if (rc) {
		say_error("listener %s://%s:%d: '%s' is not an IP address", l->name, l->host, l->port, host);
		return KAF_ECONFIG;
	}
	uv_tcp_init(b->loop, &l->tcp);
	l->tcp.data = l;
	l->b = b;
	if ((rc = uv_tcp_bind(&l->tcp, (struct sockaddr *)&ss, 0)) ||
	    (rc = uv_listen((uv_stream_t *)&l->tcp, 1024, on_connection))) {
		say_error("listener %s://%s:%d: %s", l->name, l->host, l->port, uv_strerror(rc));
		return rc;
	}
	int len = sizeof(ss);
	if (uv_tcp_getsockname(&l->tcp, (struct sockaddr *)&ss, &len) == 0)
		l->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
							 : ((struct sockaddr_in *)&ss)->sin_port);
	return 0;
}

static void on_idle_timer(uv_timer_t *t)
{
	struct broker *b = t->data;
	conn_check_idle(b, (int64_t)uv_now(b->loop));
}

int broker_open(struct broker *b, uv_loop_t *loop, const struct broker_opts *opts)
{
	memset(b, 0, sizeof(*b));
	b->loop = loop;
	b->opts = *opts;
	const char *s = opts->listeners;
	while (s && *s) {
		const char *comma = strchr(s, ',');
		size_t n = comma ? (size_t)(comma - s) : strlen(s);
		if (b->nlisteners == BROKER_MAX_LISTENERS) {
			say_error("listeners: more than %d entries", BROKER_MAX_LISTENERS);
			broker_close(b);
			return KAF_ECONFIG;
		}
		struct listener *l = &b->listeners[b->nlisteners];
		if (listener_parse(s, n, l->name, sizeof(l->name), l->host, sizeof(l->host), &l->port)) {
			say_error("listeners: cannot parse '%.*s' (want NAME://host:port)", (int)n, s);
			broker_close(b);
			return KAF_ECONFIG;
		}
		int rc = listener_bind(b, l);
		b->nlisteners++;
		if (rc) {
			broker_close(b);
			return rc;
		}
		s = comma ? comma + 1 : NULL;
	}
	uv_timer_init(loop, &b->idle_timer);
	b->idle_timer.data = b;
	uint64_t period = opts->idle_ms > 10000 ? 1000 : (uint64_t)(opts->idle_ms / 10 + 1);
	uv_timer_start(&b->idle_timer, on_idle_timer, period, period);
	return 0;
}

void broker_stop(struct broker *b)
{
	if (b->stopping)
		return;
	b->stopping = 1;
	for (int i = 0; i < b->nlisteners; i++)
		if (!uv_is_closing((uv_handle_t *)&b->listeners[i].tcp))
			uv_close((uv_handle_t *)&b->listeners[i].tcp, NULL);
	/* Idle connections go now; busy ones when their last response is written. */
	struct conn *c = b->conns;
	while (c) {
		struct conn *next = c->next;
		if (!c->parked && !c->pending_writes)
			conn_close(c);
		c = next;
	}
	if (!b->nconns && b->on_stopped)
		b->on_stopped(b);
}

void broker_close(struct broker *b)
{
	b->stopping = 1;
	for (int i = 0; i < b->nlisteners; i++)
		if (b->listeners[i].tcp.loop && !uv_is_closing((uv_handle_t *)&b->listeners[i].tcp))
			uv_close((uv_handle_t *)&b->listeners[i].tcp, NULL);
	while (b->conns)
		conn_close(b->conns);
	if (b->idle_timer.loop && !uv_is_closing((uv_handle_t *)&b->idle_timer))
		uv_close((uv_handle_t *)&b->idle_timer, NULL);
}
