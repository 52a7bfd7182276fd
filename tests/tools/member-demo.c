/*
 * member-demo: one consumer-group member on net/client/member, for the
 * integration tests. It joins GROUP subscribed to TOPICS, prints each
 * assignment it gets, optionally commits, and leaves on SIGTERM/SIGINT or
 * after --run-ms.
 *
 *	member-demo [--assignor NAME]... [--session-ms N] [--heartbeat-ms N]
 *		    [--run-ms N] [--commit N] [--subscription-version V] [--metadata-ms N]
 *		    [--instance-id ID]
 *		    BOOTSTRAP GROUP TOPIC[,TOPIC...]
 *
 * Lines on stdout (one per event, flushed):
 *	assigned GEN LEADER|FOLLOWER PROTOCOL T:P@COMMITTED ...   (COMMITTED -1 = none)
 *	revoked
 *	committed T:P@OFFSET ...   (--commit N: each partition's committed offset + N,
 *	                            or N when none, right after every assignment and
 *	                            again when the partitions are revoked)
 *	commit-failed ERROR
 *	left
 *	error MESSAGE      (then exit 1)
 */
#include "core/base/clock.h"
#include "core/base/say.h"
#include "net/client/member.h"
#include "net/proto/errors.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void print_assignment(const struct member *m)
{
	printf("assigned %d %s %s", m->generation, m->is_leader ? "LEADER" : "FOLLOWER", m->protocol);
	for (int i = 0; i < m->nassigned; i++)
		printf(" %s:%d@%lld", m->assigned[i].topic, m->assigned[i].partition,
		       (long long)m->assigned[i].committed);
	printf("\n");
	fflush(stdout);
}

/* Commit for the first count partitions of m->assigned (count may exceed nassigned after a revoke). */
static void commit(struct member *m, int count, int64_t add)
{
	struct member_offset pos[256] = { { 0 } };
	int n = 0;

	for (int i = 0; i < count && n < 256; i++, n++) {
		pos[n].topic = m->assigned[i].topic;
		pos[n].partition = m->assigned[i].partition;
		pos[n].offset = (m->assigned[i].committed >= 0 ? m->assigned[i].committed : 0) + add;
		pos[n].metadata = "member-demo";
	}
	int rc = member_commit(m, pos, n);
	if (rc) {
		printf("commit-failed %s\n", rc > 0 ? kafka_error_name((int16_t)rc) : member_error(m));
	} else {
		printf("committed");
		for (int i = 0; i < n; i++)
			printf(" %s:%d@%lld", pos[i].topic, pos[i].partition, (long long)pos[i].offset);
		printf("\n");
	}
	fflush(stdout);
}

int main(int argc, char **argv)
{
	const char *assignors[MEMBER_MAX_ASSIGNORS];
	const char *topics[MEMBER_MAX_TOPICS];
	struct member_config cfg = { .heartbeat_interval_ms = 1000, .session_timeout_ms = 6000,
				     .rebalance_timeout_ms = 10000, .subscription_version = 1 };
	int64_t run_ms = 0, commit_add = -1;
	int i = 1;

	for (; i < argc && argv[i][0] == '-' && i + 1 < argc; i += 2) {
		const char *o = argv[i], *v = argv[i + 1];
		if (!strcmp(o, "--assignor") && cfg.nassignors < MEMBER_MAX_ASSIGNORS)
			assignors[cfg.nassignors++] = v;
		else if (!strcmp(o, "--session-ms"))
			cfg.session_timeout_ms = atoi(v);
		else if (!strcmp(o, "--heartbeat-ms"))
			cfg.heartbeat_interval_ms = atoi(v);
		else if (!strcmp(o, "--instance-id"))
			cfg.group_instance_id = v;
		else if (!strcmp(o, "--metadata-ms"))
			cfg.metadata_max_age_ms = atoi(v);
		else if (!strcmp(o, "--run-ms"))
			run_ms = atoll(v);
		else if (!strcmp(o, "--commit"))
			commit_add = atoll(v);
		else if (!strcmp(o, "--subscription-version"))
			cfg.subscription_version = (int16_t)atoi(v);
		else
			break;
	}
	if (argc - i != 3) {
		fprintf(stderr, "usage: member-demo [options] BOOTSTRAP GROUP TOPIC[,TOPIC...]\n");
		return 2;
	}
	cfg.group = argv[i + 1];
	char *list = argv[i + 2];
	for (char *save = NULL, *t = strtok_r(list, ",", &save); t && cfg.ntopics < MEMBER_MAX_TOPICS;
	     t = strtok_r(NULL, ",", &save))
		topics[cfg.ntopics++] = t;
	cfg.topics = topics;
	cfg.assignors = cfg.nassignors ? assignors : NULL;
	if (getenv("MEMBER_DEMO_DEBUG"))
		say_set_level(SAY_DEBUG);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);

	struct client c;
	struct member m;
	client_init(&c, argv[i], 10000);
	c.client_id = "member-demo";
	if (member_open(&m, &c, &cfg)) {
		printf("error %s\n", member_error(&m));
		return 1;
	}
	int64_t start = clock_mono_ns() / 1000000;
	int status = 0;
	while (!stop) {
		int64_t now = clock_mono_ns() / 1000000;
		if (run_ms && now - start >= run_ms)
			break;
		int held = m.nassigned;
		int rc = member_poll(&m, now);
		if (rc == MEMBER_ASSIGNED) {
			print_assignment(&m);
			if (commit_add >= 0)
				commit(&m, m.nassigned, commit_add);
		} else if (rc == MEMBER_REVOKED) {
			printf("revoked\n");
			fflush(stdout);
			if (commit_add >= 0)
				commit(&m, held, commit_add);
		} else if (rc < 0 && rc != CLIENT_EUNAVAIL) {
			printf("error %s\n", member_error(&m));
			status = 1;
			break;
		}
		struct timespec ts = { 0, 50 * 1000000 };
		nanosleep(&ts, NULL);
	}
	member_close(&m);
	client_release(&c);
	printf("left\n");
	return status;
}
