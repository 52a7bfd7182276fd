/*
 * The handler table: for each API key the function that answers it and the
 * versions the broker serves. ApiVersions answers from this same table, so
 * what the broker advertises is what it handles, with one exception: a key
 * marked advertise_v0 is advertised from v0 while versions below
 * min_version still close the connection (see table.c for why).
 */
#ifndef KAF_NET_API_API_H
#define KAF_NET_API_API_H

#include <stdint.h>

#include "net/req.h"

typedef enum req_status (*api_handler_fn)(struct req *r);

struct api_handler {
	api_handler_fn fn;
	int16_t min_version;
	int16_t max_version;
	unsigned advertise_v0 : 1;	/* ApiVersions says min 0 */
};

/* The lowest version ApiVersions advertises for h. */
static inline int16_t api_handler_advertised_min(const struct api_handler *h)
{
	return h->advertise_v0 ? 0 : h->min_version;
}

/* NULL when the broker does not serve the key. */
const struct api_handler *api_handler_find(int key);

enum req_status api_api_versions(struct req *r);
enum req_status api_metadata(struct req *r);
enum req_status api_create_topics(struct req *r);
enum req_status api_delete_topics(struct req *r);
enum req_status api_create_partitions(struct req *r);
enum req_status api_produce(struct req *r);
enum req_status api_fetch(struct req *r);
enum req_status api_list_offsets(struct req *r);
enum req_status api_delete_records(struct req *r);
enum req_status api_describe_configs(struct req *r);
enum req_status api_alter_configs(struct req *r);
enum req_status api_incremental_alter_configs(struct req *r);
enum req_status api_describe_cluster(struct req *r);
enum req_status api_find_coordinator(struct req *r);
enum req_status api_offset_commit(struct req *r);
enum req_status api_offset_fetch(struct req *r);
enum req_status api_join_group(struct req *r);
enum req_status api_sync_group(struct req *r);
enum req_status api_heartbeat(struct req *r);
enum req_status api_leave_group(struct req *r);
enum req_status api_list_groups(struct req *r);
enum req_status api_describe_groups(struct req *r);
enum req_status api_delete_groups(struct req *r);
enum req_status api_offset_delete(struct req *r);

#endif
