/* Text for the project's status codes. */
#include "core/base/err.h"

#include <string.h>

static const char *const kaf_errors[] = {
	[KAF_ECORRUPT - KAF_ECORRUPT] = "corrupt data",
	[KAF_ETRUNC - KAF_ECORRUPT] = "truncated data",
	[KAF_ECODEC - KAF_ECORRUPT] = "unsupported compression codec",
	[KAF_ETOOBIG - KAF_ECORRUPT] = "size over the configured limit",
	[KAF_ERANGE - KAF_ECORRUPT] = "offset out of range",
	[KAF_ENOTFOUND - KAF_ECORRUPT] = "not found",
	[KAF_ECONFIG - KAF_ECORRUPT] = "invalid configuration",
	[KAF_EEXIST - KAF_ECORRUPT] = "already exists",
	[KAF_ESTATE - KAF_ECORRUPT] = "not allowed in the current state",
	[KAF_EOFFLINE - KAF_ECORRUPT] = "log directory is offline",
};

const char *kaf_strerror(int err)
{
	if (err >= KAF_ECORRUPT && err < KAF_E_LAST)
		return kaf_errors[err - KAF_ECORRUPT];
	if (err < 0 && err > -4096)
		return strerror(-err);
	return err == 0 ? "success" : "unknown error";
}
