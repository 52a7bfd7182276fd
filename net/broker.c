/* Listeners, the idle timer, and the broker's start and stop. */
#include "net/broker.h"
#include "net/api/fetch_wait.h"
#include "net/conn.h"
#include "core/config/config.h"
#include "core/base/err.h"
#include "core/base/say.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/*
 * What each listener advertises: the entry of advertised.listeners with the
 * same name, else the listener's own address (the host name for a wildcard
 * bind, and the bound port, so an ephemeral port is advertised right).
 */
static int listeners_advertise(struct broker *b, const char *advertised)
{
	struct config_listener adv[BROKER_MAX_LISTENERS];
	char err[256];
	int nadv = 0;
	if (advertised && *advertised &&
	    config_listeners_parse(advertised, adv, BROKER_MAX_LISTENERS, &nadv, err, sizeof(err))) {
		say_error("advertised.listeners: %s", err);
		return KAF_ECONFIG;
	}
	for (int i = 0; i < b->nlisteners; i++) {
		struct listener *l = &b->listeners[i];
		const char *host = l->host;
		char hostname[256];
		l->adv_port = l->port;
		for (int j = 0; j < nadv; j++)
			if (!strcmp(adv[j].name, l->name)) {
				host = adv[j].host;
				if (adv[j].port)
					l->adv_port = adv[j].port;
			}
		if (!*host || !strcmp(host, "0.0.0.0") || !strcmp(host, "::")) {
			if (gethostname(hostname, sizeof(hostname)) < 0)
				snprintf(hostname, sizeof(hostname), "localhost");
			host = hostname;
		}
		snprintf(l->adv_host, sizeof(l->adv_host), "%s", host);
	}
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
	struct config_listener ls[BROKER_MAX_LISTENERS];
	char err[256];
	int n = 0, rc;
	if (config_listeners_parse(opts->listeners, ls, BROKER_MAX_LISTENERS, &n, err, sizeof(err))) {
		say_error("listeners: %s", err);
		return KAF_ECONFIG;
	}
	for (int i = 0; i < n; i++) {
		struct listener *l = &b->listeners[b->nlisteners];
		_Static_assert(sizeof(l->name) == sizeof(ls[i].name) && sizeof(l->host) == sizeof(ls[i].host),
			       "listener fields match the config's");
		memcpy(l->name, ls[i].name, sizeof(l->name));
		memcpy(l->host, ls[i].host, sizeof(l->host));
		l->port = ls[i].port;
		rc = listener_bind(b, l);
		b->nlisteners++;
		if (rc) {
			broker_close(b);
			return rc;
		}
	}
	if ((rc = listeners_advertise(b, opts->advertised_listeners))) {
		broker_close(b);
		return rc;
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
	/*
	 * Idle connections go now; busy ones when their last response is
	 * written. Long polls answer now rather than after their MaxWaitMs
	 * (kafkajs waits 5 s by default, a client may ask for minutes).
	 */
	fetch_wait_expire_all(b);
	struct conn *c = b->conns;
	while (c) {
		struct conn *next = c->next;
		if (!conn_busy(c))
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
