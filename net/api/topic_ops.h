/*
 * Topic changes shared by the APIs that make them (CreateTopics, Metadata's
 * auto-creation, DeleteTopics, CreatePartitions): the metadata record first,
 * then the partition logs. Each returns a Kafka error code and, on error, a
 * message for the response's ErrorMessage field.
 */
#ifndef KAF_NET_API_TOPIC_OPS_H
#define KAF_NET_API_TOPIC_OPS_H

#include <stddef.h>
#include <stdint.h>

struct broker;
struct meta_config;

struct topic_spec {
	const char *name;
	size_t name_len;
	int32_t partitions;		/* -1 = num.partitions */
	int16_t replication_factor;	/* -1 = default.replication.factor */
	const struct meta_config *configs;
	int nconfigs;
	int validate_only;
};

int16_t topic_create(struct broker *b, const struct topic_spec *t, int64_t now_ms, char *msg, size_t msglen);
int16_t topic_delete(struct broker *b, const char *name, size_t len, int64_t now_ms, char *msg, size_t msglen);
int16_t topic_add_partitions(struct broker *b, const char *name, size_t len, int32_t count,
			     int validate_only, int64_t now_ms, char *msg, size_t msglen);

#endif
