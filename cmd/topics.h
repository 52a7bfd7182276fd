/*
 * What the files of `kaf topics` share: the parsed options and the
 * subcommands that live outside topics.c.
 */
#ifndef KAF_CMD_TOPICS_H
#define KAF_CMD_TOPICS_H

#include <stdint.h>
#include <stdio.h>

#include "core/base/arena.h"
#include "core/codec/types.h"
#include "cmd/tool.h"

#define TOPICS_MAX_KV 64

struct cmd_spec;

struct topics_args {
	struct tool tool;		/* connection and output */
	int internal;			/* list: show internal topics */
	int names_only;
	int32_t partitions;		/* -1 = not given */
	int16_t replication;		/* -1 = not given */
	int if_exists, if_not_exists, dry_run;
	const char *at;			/* offsets --at */
	const char *kv[TOPICS_MAX_KV];	/* --config / --set K=V */
	int nkv;
	const char *del[TOPICS_MAX_KV];	/* config --delete K */
	int ndel;
	const char *action;		/* Kafka's --create etc.: the subcommand's name */
	const char *topics[TOPICS_MAX_KV];	/* Kafka's --topic */
	int ntopics;
};

int topics_describe(struct topics_args *ta, struct client *c, char **names, int n);
int topics_config(struct topics_args *ta, struct client *c, char **names, int n);
/* The --at grammar; 0 or -1. */
int topics_parse_at(const char *s, int64_t *ts);
int topics_offsets(struct topics_args *ta, struct client *c, char **names, int n);

#endif
