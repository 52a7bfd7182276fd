/*
 * Status codes of the project. Functions return 0 on success, -errno for a
 * system error, or one of the KAF_E* codes below (all negative, below any
 * errno). Kafka protocol error codes are response data and never appear here.
 */
#ifndef KAF_BASE_ERR_H
#define KAF_BASE_ERR_H

enum {
	KAF_ECORRUPT = -10000,	/* bytes fail a format check (CRC, magic, sizes) */
	KAF_ETRUNC,		/* input ends before the structure does */
	KAF_ECODEC,		/* unknown or unsupported compression codec */
	KAF_ETOOBIG,		/* a size exceeds its configured limit */
	KAF_ERANGE,		/* an offset outside the log's range */
	KAF_ENOTFOUND,		/* no such topic, partition, segment or key */
	KAF_ECONFIG,		/* bad configuration value */
	KAF_EEXIST,		/* the thing already exists */
	KAF_ESTATE,		/* operation not allowed in the object's state */
	KAF_EOFFLINE,		/* log directory failed earlier; writes refused */
	KAF_E_LAST
};

/* Text for any status this project returns: KAF_E* or -errno. */
const char *kaf_strerror(int err);

#endif
