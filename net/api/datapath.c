/* Partition lookup and storage error codes for the data-path handlers. */
#include "net/api/datapath.h"
#include "net/broker.h"
#include "net/req.h"
#include "net/proto/errors.h"
#include "core/base/err.h"
#include "core/log/logdir.h"
#include "core/meta/meta.h"

#include <string.h>

/* Kafka's limit on topic names; the log directory refuses longer ones too. */
#define TOPIC_NAME_MAX 249

struct log *datapath_log(struct req *r, struct kstr topic, int32_t partition)
{
	char name[TOPIC_NAME_MAX + 1];
	if (!r->b->logs || topic.len <= 0 || topic.len > TOPIC_NAME_MAX || partition < 0)
		return NULL;
	/* An embedded NUL would make "a\0b" find topic "a". */
	if (memchr(topic.p, 0, (size_t)topic.len))
		return NULL;
	memcpy(name, topic.p, (size_t)topic.len);
	name[topic.len] = 0;
	if (!strcmp(name, META_LOG_TOPIC))
		return NULL;
	return log_dir_find(r->b->logs, name, partition);
}

int16_t datapath_storage_error(int rc)
{
	/* A log that failed earlier, an errno from the disk, or bytes on disk that do not parse. */
	int errno_rc = rc < 0 && rc > KAF_ECORRUPT;
	if (errno_rc || rc == KAF_EOFFLINE || rc == KAF_ECORRUPT || rc == KAF_ETRUNC)
		return KERR_KAFKA_STORAGE_ERROR;
	return KERR_UNKNOWN_SERVER_ERROR;
}
