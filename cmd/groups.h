/*
 * What the files of `kaf groups` share: the parsed options, one partition
 * row of a group (committed offset, log offsets, owner), and the helpers
 * that find a group's coordinator, describe a group and read log offsets.
 * describe lives in groups_describe.c, reset-offsets in groups_reset.c.
 */
#ifndef KAF_CMD_GROUPS_H
#define KAF_CMD_GROUPS_H

#include <stdint.h>

#include "cmd/tool.h"
#include "core/base/arena.h"
#include "net/proto/msg_cluster.h"
#include "net/proto/msg_group.h"

#define GROUPS_MAX 256

/* A --topic T[:P,...] scope; nparts 0 = every partition. */
struct groups_scope {
	const char *topic;
	int32_t *parts;
	int nparts;
};

enum groups_view { VIEW_OFFSETS, VIEW_MEMBERS, VIEW_STATE, VIEW_LAG };

enum groups_target {
	T_NONE, T_EARLIEST, T_LATEST, T_CURRENT, T_OFFSET, T_SHIFT, T_DATETIME, T_DURATION,
	T_FILE,
};

struct groups_args {
	struct tool tool;
	const char *states;		/* list --state S,... */
	int long_out, names_only;
	int all;			/* --all: every group */
	enum groups_view view;
	int if_exists;
	struct groups_scope scopes[GROUPS_MAX];	/* --topic */
	int nscopes;
	int all_topics;
	enum groups_target target;
	int64_t target_value;		/* --to-offset, --shift-by; a time for the others */
	int execute, dry_run, export_csv;
	const char *from_file;		/* --from-file: scope and offsets */
	struct gpart *file_parts;	/* its rows for this group (malloc'd; strings too) */
	int nfile_parts;
	const char *action;		/* Kafka's --list etc.: the subcommand's name */
	const char *groups[GROUPS_MAX];	/* Kafka's --group */
	int ngroups;
	/* json: one document also on failure; what the error document says. */
	int printed;
	char err_code[64];
	char err_msg[512];
};

/* One partition of a group. Offsets are -1 where unknown. */
struct gpart {
	const char *topic;
	int32_t partition;
	int64_t committed;
	int32_t epoch;			/* committed leader epoch */
	const char *metadata;
	int64_t start, end;		/* log start and end offsets */
	int64_t at;			/* ListOffsets at a time (reset-offsets) */
	int64_t want;			/* --from-file's offset */
	const struct describe_groups_resp_members *owner;
	int16_t error;			/* ListOffsets or metadata error */
};

/* A described group: DescribeGroups and (optionally) its partitions. */
struct gdesc {
	const char *name;
	struct client_conn *coord;
	int32_t coord_id;
	const struct describe_groups_resp_groups *g;	/* NULL: no answer */
	struct gpart *parts;
	int nparts;
	int64_t total_lag;		/* -1 when no partition has a lag */
};

/*
 * The coordinator of group, or an exit code after printing the error
 * (4 unreachable, 1 a Kafka error).
 */
int groups_coordinator(struct groups_args *ga, struct client *c, const char *group,
		       struct client_conn **out, int32_t *node);

/*
 * DescribeGroups for one group at its coordinator into d (memory from a).
 * Returns 0 or an exit code after printing the error; an unknown group
 * (GROUP_ID_NOT_FOUND, or state Dead) is EXIT_NOTFOUND without a message.
 */
int groups_describe_one(struct groups_args *ga, struct client *c, const char *group,
			struct gdesc *d, struct arena *a);

/* Whether the described group does not exist. */
int groups_dead(const struct gdesc *d);

/*
 * The group's committed offsets (OffsetFetch of all topics) as d->parts,
 * plus the partitions assigned to members without a commit, each with its
 * owner; then log start and end offsets. Returns 0 or an exit code.
 */
int groups_load_offsets(struct groups_args *ga, struct client *c, struct gdesc *d, struct arena *a);

/*
 * Log offsets of parts from the partition leaders: start and end, and
 * with ts != 0 also at (the offset at time ts). Sets error per partition
 * (UNKNOWN_TOPIC_OR_PARTITION for a topic that does not exist). Returns 0
 * or a client error.
 */
int groups_log_offsets(struct client *c, struct gpart *parts, int n, int64_t ts, struct arena *a);

/* The consumer-protocol assignment of a member, "t(0,1), u(2)"; "" when none. */
char *groups_assignment_text(const struct describe_groups_resp_members *m, int *count,
			     struct arena *a);

/* The names of every group of the cluster, sorted (from a); 0 or an exit code. */
int groups_all_names(struct groups_args *ga, struct client *c, char ***names, int *n,
		     struct arena *a);

/* Print a finished table in the chosen format and release it. */
void groups_print(struct groups_args *ga, struct table *t);

/*
 * An error line on stderr, remembered (code: a Kafka error name) for the
 * json error document printed when a run fails before printing a table.
 */
void groups_error(struct groups_args *ga, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* tool_client_fail, noting that the error document is out. */
int groups_client_fail(struct groups_args *ga, struct client *c, int rc);

/* The worse of two exit codes: failure over not-found over success. */
int groups_worse(int a, int b);

int groups_describe(struct groups_args *ga, struct client *c, char **names, int n);
int groups_reset(struct groups_args *ga, struct client *c, char **names, int n);

/*
 * Read --from-file (Kafka's CSV: topic,partition,offset, or
 * group,topic,partition,offset keeping group's rows) into ga->file_parts.
 * Returns 0, or EXIT_USAGE after naming the file and line.
 */
int groups_read_file(struct groups_args *ga, const char *group);

/* Parse a --by-duration value (ISO-8601 PnDTnHnMnS, or 250ms 5s 2m 1h 1d); 0 or -1. */
int groups_parse_duration(const char *s, int64_t *ms);

#endif
