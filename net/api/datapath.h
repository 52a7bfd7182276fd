/*
 * What the data-path handlers (Produce, Fetch, ListOffsets, DeleteRecords)
 * share. Until the metadata layer answers for topics, a topic-partition
 * exists iff the log directory holds its log; this node leads every
 * partition at leader epoch 0, and with one replica the high watermark and
 * the last stable offset are the log end offset.
 */
#ifndef KAF_NET_API_DATAPATH_H
#define KAF_NET_API_DATAPATH_H

#include <stdint.h>

#include "core/codec/types.h"

struct req;
struct log;

#define DATAPATH_LEADER_EPOCH 0

/*
 * The log of (topic, partition) as named in a request, or NULL: no log
 * directory, no such log, a name no log can have, or the metadata log
 * (internal; clients never see it). The log belongs to the broker.
 */
struct log *datapath_log(struct req *r, struct kstr topic, int32_t partition);

/* The Kafka error code for a failed log operation (KAF_EOFFLINE, -errno, ...). */
int16_t datapath_storage_error(int rc);

#endif
