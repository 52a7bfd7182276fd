/*
 * The metadata image: the topics that the records of the metadata log
 * build, kept sorted by name (for listing and lookup) and by id (for the
 * records that name a topic by id), plus the names of removed topics (so
 * the log directory's leftovers of a deletion can be told from logs that
 * the metadata never knew). One function applies a record, for replay and
 * for new changes alike.
 */
#include "core/meta/meta_impl.h"
#include "core/base/err.h"
#include "core/base/say.h"
#include "core/log/log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void meta_image_init(struct meta_image *img)
{
	memset(img, 0, sizeof(*img));
	img->metadata_version = -1;
}

static void partition_release(struct meta_partition *p)
{
	free(p->replicas);
	free(p->isr);
}

static void topic_free(struct meta_topic *t)
{
	if (!t)
		return;
	for (int32_t i = 0; i < t->npartitions; i++)
		partition_release(&t->partitions[i]);
	free(t->partitions);
	for (int i = 0; i < t->nconfigs; i++) {
		free(t->configs[i].key);
		free(t->configs[i].value);
	}
	free(t->configs);
	free(t->name);
	free(t);
}

void meta_image_release(struct meta_image *img)
{
	for (size_t i = 0; i < img->n; i++)
		topic_free(img->by_name[i]);
	free(img->by_name);
	free(img->by_id);
	for (size_t i = 0; i < img->nremoved; i++)
		free(img->removed[i]);
	free(img->removed);
	meta_image_init(img);
}

/* strcmp of a NUL-terminated name against (name, len). */
static int name_cmp(const char *a, const char *b, size_t blen)
{
	size_t alen = strlen(a);
	int c = memcmp(a, b, alen < blen ? alen : blen);
	return c ? c : (alen > blen) - (alen < blen);
}

/* Index of name in by_name, or where it would go; *found set. */
static size_t find_name(const struct meta_image *img, const char *name, size_t len, int *found)
{
	size_t lo = 0, hi = img->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = name_cmp(img->by_name[mid]->name, name, len);
		if (!c) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = 0;
	return lo;
}

static size_t find_id(const struct meta_image *img, const struct kuuid *id, int *found)
{
	size_t lo = 0, hi = img->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = memcmp(img->by_id[mid]->id.b, id->b, 16);
		if (!c) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = 0;
	return lo;
}

struct meta_topic *meta_image_find(const struct meta_image *img, const char *name, size_t len)
{
	int found;
	size_t i = find_name(img, name, len, &found);
	return found ? img->by_name[i] : NULL;
}

struct meta_topic *meta_image_find_id(const struct meta_image *img, const struct kuuid *id)
{
	int found;
	size_t i = find_id(img, id, &found);
	return found ? img->by_id[i] : NULL;
}

static size_t find_removed(const struct meta_image *img, const char *name, int *found)
{
	size_t lo = 0, hi = img->nremoved;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(img->removed[mid], name);
		if (!c) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = 0;
	return lo;
}

int meta_image_was_removed(const struct meta_image *img, const char *name)
{
	int found;
	find_removed(img, name, &found);
	return found;
}

static void insert_at(void **v, size_t n, size_t i, void *x)
{
	memmove(v + i + 1, v + i, (n - i) * sizeof(*v));
	v[i] = x;
}

static void remove_at(void **v, size_t n, size_t i)
{
	memmove(v + i, v + i + 1, (n - i - 1) * sizeof(*v));
}

static int apply_topic(struct meta_image *img, const struct meta_topic_record *r, char *err,
		       size_t errlen)
{
	static const struct kuuid zero;
	char idtext[23];
	int found_name, found_id;
	meta_uuid_format(&r->topic_id, idtext);
	size_t len = r->name.len > 0 ? (size_t)r->name.len : 0;
	char *name = len ? strndup(r->name.p, len) : NULL;
	if (len && !name)
		return -ENOMEM;
	if (!name || strlen(name) != len || !log_topic_name_valid(name)) {
		free(name);
		return meta_err(KAF_ECORRUPT, err, errlen, "TopicRecord with an illegal name \"%.*s\"",
				(int)(len > 300 ? 300 : len), len ? r->name.p : "");
	}
	size_t pn = find_name(img, name, len, &found_name);
	size_t pi = find_id(img, &r->topic_id, &found_id);
	if (found_name || found_id || !memcmp(r->topic_id.b, zero.b, 16)) {
		int rc = meta_err(KAF_ECORRUPT, err, errlen,
				  "TopicRecord for \"%s\" (id %s): %s", name, idtext,
				  found_name ? "the name exists" : found_id ? "the id exists"
									  : "zero id");
		free(name);
		return rc;
	}
	struct meta_topic *t = calloc(1, sizeof(*t));
	if (!t) {
		free(name);
		return -ENOMEM;
	}
	t->name = name;
	t->id = r->topic_id;
	t->internal = name[0] == '_' && name[1] == '_';
	if (img->n == img->cap) {
		size_t cap = img->cap ? img->cap * 2 : 16;
		struct meta_topic **a = realloc(img->by_name, cap * sizeof(*a));
		if (a)
			img->by_name = a;
		struct meta_topic **b = a ? realloc(img->by_id, cap * sizeof(*b)) : NULL;
		if (!b) {
			topic_free(t);
			return -ENOMEM;
		}
		img->by_id = b;
		img->cap = cap;
	}
	insert_at((void **)img->by_name, img->n, pn, t);
	insert_at((void **)img->by_id, img->n, pi, t);
	img->n++;
	return 0;
}

static int32_t *dup_i32(const int32_t *v, int32_t n)
{
	if (n <= 0)
		return NULL;
	int32_t *c = malloc((size_t)n * sizeof(*c));
	if (c)
		memcpy(c, v, (size_t)n * sizeof(*c));
	return c;
}

static int apply_partition(struct meta_image *img, const struct meta_partition_record *r,
			   char *err, size_t errlen)
{
	char idtext[23];
	struct meta_topic *t = meta_image_find_id(img, &r->topic_id);
	meta_uuid_format(&r->topic_id, idtext);
	if (!t)
		return meta_err(KAF_ECORRUPT, err, errlen,
				"PartitionRecord %d for unknown topic id %s", r->partition_id, idtext);
	/* Kafka writes a topic's partitions in order; a gap is not a log we wrote or can trust. */
	if (r->partition_id < 0 || r->partition_id > t->npartitions)
		return meta_err(KAF_ECORRUPT, err, errlen,
				"PartitionRecord %d for topic %s which has %d partitions",
				r->partition_id, t->name, t->npartitions);
	struct meta_partition p = {
		.id = r->partition_id,
		.leader = r->leader,
		.leader_epoch = r->leader_epoch,
		.partition_epoch = r->partition_epoch,
		.replicas = dup_i32(r->replicas.v, r->replicas.n),
		.nreplicas = r->replicas.n > 0 ? r->replicas.n : 0,
		.isr = dup_i32(r->isr.v, r->isr.n),
		.nisr = r->isr.n > 0 ? r->isr.n : 0,
	};
	if ((p.nreplicas && !p.replicas) || (p.nisr && !p.isr)) {
		partition_release(&p);
		return -ENOMEM;
	}
	int32_t n = t->npartitions;
	if (r->partition_id == n) {
		/* Room for powers of two: a topic of many partitions replays in linear time. */
		if (!(n & (n - 1))) {
			struct meta_partition *v = realloc(t->partitions,
							   (n ? (size_t)n * 2 : 1) * sizeof(*v));
			if (!v) {
				partition_release(&p);
				return -ENOMEM;
			}
			t->partitions = v;
		}
		t->npartitions++;
	} else {
		/* A PartitionRecord for an existing partition replaces it whole, as in Kafka. */
		partition_release(&t->partitions[r->partition_id]);
	}
	t->partitions[r->partition_id] = p;
	return 0;
}

static int config_set(struct meta_topic *t, const struct kstr *key, const struct kstr *value)
{
	int lo = 0, hi = t->nconfigs, found = 0;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		int c = name_cmp(t->configs[mid].key, key->p, (size_t)key->len);
		if (!c) {
			found = 1;
			lo = mid;
			break;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (value->len < 0) {
		if (found) {
			free(t->configs[lo].key);
			free(t->configs[lo].value);
			memmove(t->configs + lo, t->configs + lo + 1,
				(size_t)(t->nconfigs - lo - 1) * sizeof(*t->configs));
			t->nconfigs--;
		}
		return 0;
	}
	char *v = strndup(value->len ? value->p : "", (size_t)value->len);
	if (!v)
		return -ENOMEM;
	if (found) {
		free(t->configs[lo].value);
		t->configs[lo].value = v;
		return 0;
	}
	char *k = strndup(key->p, (size_t)key->len);
	struct meta_config *c = k ? realloc(t->configs, ((size_t)t->nconfigs + 1) * sizeof(*c)) : NULL;
	if (!c) {
		free(k);
		free(v);
		return -ENOMEM;
	}
	t->configs = c;
	memmove(c + lo + 1, c + lo, (size_t)(t->nconfigs - lo) * sizeof(*c));
	c[lo].key = k;
	c[lo].value = v;
	t->nconfigs++;
	return 0;
}

static int has_nul(const struct kstr *s)
{
	return s->len > 0 && memchr(s->p, 0, (size_t)s->len) != NULL;
}

static int apply_config(struct meta_image *img, const struct meta_config_record *r, char *err,
			size_t errlen)
{
	/* Broker and other resources' settings come from the configuration file here. */
	if (r->resource_type != META_RESOURCE_TOPIC)
		return 0;
	int32_t nlen = r->resource_name.len > 0 ? r->resource_name.len : 0;
	struct meta_topic *t = meta_image_find(img, r->resource_name.p, (size_t)nlen);
	if (!t)
		return meta_err(KAF_ECORRUPT, err, errlen, "ConfigRecord for unknown topic \"%.*s\"",
				nlen > 300 ? 300 : nlen, nlen ? r->resource_name.p : "");
	if (r->name.len <= 0 || has_nul(&r->name) || has_nul(&r->value))
		return meta_err(KAF_ECORRUPT, err, errlen,
				"ConfigRecord for topic %s with an empty or binary key or value",
				t->name);
	return config_set(t, &r->name, &r->value);
}

static int apply_remove_topic(struct meta_image *img, const struct meta_remove_topic_record *r,
			      char *err, size_t errlen)
{
	char idtext[23];
	int found;
	size_t pi = find_id(img, &r->topic_id, &found);
	if (!found) {
		meta_uuid_format(&r->topic_id, idtext);
		return meta_err(KAF_ECORRUPT, err, errlen, "RemoveTopicRecord for unknown topic id %s",
				idtext);
	}
	struct meta_topic *t = img->by_id[pi];
	size_t pn = find_name(img, t->name, strlen(t->name), &found);
	size_t pr = find_removed(img, t->name, &found);
	if (!found) {
		if (img->nremoved == img->capremoved) {
			size_t cap = img->capremoved ? img->capremoved * 2 : 16;
			char **v = realloc(img->removed, cap * sizeof(*v));
			if (!v)
				return -ENOMEM;
			img->removed = v;
			img->capremoved = cap;
		}
		char *name = strdup(t->name);
		if (!name)
			return -ENOMEM;
		insert_at((void **)img->removed, img->nremoved++, pr, name);
	}
	remove_at((void **)img->by_name, img->n, pn);
	remove_at((void **)img->by_id, img->n, pi);
	img->n--;
	topic_free(t);
	return 0;
}

int meta_image_apply(struct meta_image *img, const struct meta_record *rec, char *err,
		     size_t errlen)
{
	switch (rec->type) {
	case META_REC_TOPIC:
		return apply_topic(img, &rec->u.topic, err, errlen);
	case META_REC_PARTITION:
		return apply_partition(img, &rec->u.partition, err, errlen);
	case META_REC_CONFIG:
		return apply_config(img, &rec->u.config, err, errlen);
	case META_REC_REMOVE_TOPIC:
		return apply_remove_topic(img, &rec->u.remove_topic, err, errlen);
	case META_REC_FEATURE_LEVEL:
		if (kstr_eq(rec->u.feature_level.name, "metadata.version"))
			img->metadata_version = rec->u.feature_level.feature_level;
		return 0;
	default:
		return meta_err(KAF_ECORRUPT, err, errlen, "record type %d cannot be applied",
				rec->type);
	}
}
