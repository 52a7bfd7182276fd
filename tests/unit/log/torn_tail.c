/*
 * Crash recovery of torn tails (docs/STORAGE.md, "Recovery"). A log is built
 * once; then for every byte position inside its last two batches the .log
 * holding that byte is cut there, or overwritten from there with garbage, or
 * with zeros, and the log reopened with the recovery point at the start of
 * those two batches. Each time: the log end is the offset after the last
 * whole valid batch, the files hold exactly the valid batches, every offset
 * reads back the right batch, the rebuilt index files equal those of a fresh
 * rebuild from the .log files alone, and an append gets the next offset.
 * In one variant the last two batches share the active segment; in the
 * other the last batch opens a segment of its own, so cuts in the batch
 * before must delete it. Segments below the recovery point keep their
 * index files, which must pass the sanity check untouched.
 * A flipped byte below the recovery point must fail with KAF_ECORRUPT and
 * change nothing; a batch larger than the scan buffer is checked too.
 */
#include "tests/unit/log/logtest.h"

#include "core/base/say.h"

#include <dirent.h>

#define MAXB 16
#define MAXS 4

enum mode { CUT, GARBAGE, ZEROS, NMODES };
static const char *const mode_name[] = { "cut", "garbage", "zeros" };

struct pbatch {
	int64_t base, last;
	int seg;
	size_t pos, size;
};

struct pseg {
	int64_t base;
	struct buf log, idx, tix;
};

static struct log_config cfg;
static struct pbatch bt[MAXB];
static struct pseg sg[MAXS];
static int nb, ns;
static char pdir[300], wdir[300], fdir[300];
static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static int failures;

static uint8_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint8_t)rng;
}

static void write_file(const char *path, const void *p, size_t n)
{
	/* No O_TRUNC: ext4 flushes files truncated to zero and rewritten, on close. */
	int fd = open(path, O_WRONLY | O_CREAT, 0644);
	if (fd < 0 || pwrite_full(fd, p, n, 0) || ftruncate(fd, (off_t)n) || close(fd)) {
		perror(path);
		exit(1);
	}
}

/*
 * Make path hold exactly p[0..n), writing only when it differs: thousands of
 * cases rewrite few files, which keeps the file system's journal quiet.
 */
static void sync_file(const char *path, const void *p, size_t n)
{
	struct buf cur = BUF_INIT;
	if (file_read_all(path, 1 << 26, &cur) || cur.len != n || (n && memcmp(cur.data, p, n)))
		write_file(path, p, n);
	buf_release(&cur);
}

static void read_seg(const char *dir, int64_t base, const char *suffix, struct buf *out)
{
	buf_reset(out);
	file_read_all(seg_path(dir, base, suffix), 1 << 26, out);
}

/* Build the pristine log: batches of varying sizes; roll_before_last puts the last alone. */
static void build(int roll_before_last)
{
	struct log *l;
	rm_rf(pdir);
	rm_rf(wdir);
	rm_rf(fdir);
	if (open_log(pdir, &cfg, 0, -1, 0, &l, NULL))
		exit(1);
	nb = 9;
	for (int i = 0; i < nb; i++) {
		if (i == 3 || (roll_before_last && i == nb - 1))
			log_roll(l, T0);
		/* The second to last batch is small: cuts in it delete a segment (a dir fsync). */
		if (i == nb - 2)
			append_one(l, 1, T0 + 100 * i, 3, T0);
		else
			append_one(l, 1 + i % 3, T0 + 100 * i, 20 + 7 * i, T0);
	}
	log_flush(l);
	log_close(l);
	/* Learn the layout back from the files. */
	ns = 0;
	int64_t next = 0;
	for (int i = 0; i < nb;) {
		struct pseg *s = &sg[ns];
		s->base = next;
		read_seg(pdir, next, ".log", &s->log);
		read_seg(pdir, next, ".index", &s->idx);
		read_seg(pdir, next, ".timeindex", &s->tix);
		size_t pos = 0;
		while (pos < s->log.len) {
			struct batch_header h;
			batch_header_parse(s->log.data + pos, s->log.len - pos, &h);
			bt[i] = (struct pbatch){ h.base_offset, batch_last_offset(&h), ns, pos,
						 batch_total_size(&h) };
			pos += bt[i].size;
			next = bt[i++].last + 1;
		}
		ns++;
	}
}

static int64_t dir_log_bytes(const char *dir, int *nfiles)
{
	char d[400];
	snprintf(d, sizeof(d), "%s/t-0", dir);
	DIR *dp = opendir(d);
	struct dirent *e;
	int64_t total = 0;
	*nfiles = 0;
	while (dp && (e = readdir(dp))) {
		size_t n = strlen(e->d_name);
		char p[700];
		if (n > 4 && !strcmp(e->d_name + n - 4, ".log")) {
			snprintf(p, sizeof(p), "%s/%s", d, e->d_name);
			total += file_size(p);
			(*nfiles)++;
		}
	}
	if (dp)
		closedir(dp);
	return total;
}

/* Copy only the .log files of wdir into fdir and rebuild everything from them. */
static int indexes_match_fresh_rebuild(void)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	char d[400];
	struct log *l;
	int good = 1;
	snprintf(d, sizeof(d), "%s/t-0", fdir);
	mkdir_p(d);
	for (int s = 0; s < ns; s++) {
		if (file_size(seg_path(wdir, sg[s].base, ".log")) >= 0) {
			read_seg(wdir, sg[s].base, ".log", &a);
			sync_file(seg_path(fdir, sg[s].base, ".log"), a.data, a.len);
		} else {
			unlink(seg_path(fdir, sg[s].base, ".log"));
		}
	}
	if (open_log(fdir, &cfg, 0, -1, 0, &l, NULL))
		return 0;
	log_close(l);
	static const char *const sfx[] = { ".index", ".timeindex" };
	for (int s = 0; s < ns; s++) {
		for (int k = 0; k < 2; k++) {
			read_seg(wdir, sg[s].base, sfx[k], &a);
			read_seg(fdir, sg[s].base, sfx[k], &b);
			if (a.len != b.len || (a.len && memcmp(a.data, b.data, a.len)))
				good = 0;
		}
	}
	buf_release(&a);
	buf_release(&b);
	return good;
}

/* Every segment's index files are what the rule says for its .log. */
static int indexes_match_oracle(void)
{
	int good = 1;
	for (int s = 0; s < ns; s++)
		if (file_size(seg_path(wdir, sg[s].base, ".log")) >= 0)
			good &= index_files_match_oracle(wdir, sg[s].base, cfg.index_interval_bytes);
	return good;
}

/* Put the pristine files into wdir, with segment s_mod's .log replaced by mod. */
static void write_work(int s_mod, const uint8_t *mod, size_t mod_len)
{
	char d[400];
	snprintf(d, sizeof(d), "%s/t-0", wdir);
	mkdir_p(d);
	for (int s = 0; s < ns; s++) {
		if (s == s_mod)
			sync_file(seg_path(wdir, sg[s].base, ".log"), mod, mod_len);
		else
			sync_file(seg_path(wdir, sg[s].base, ".log"), sg[s].log.data, sg[s].log.len);
		sync_file(seg_path(wdir, sg[s].base, ".index"), sg[s].idx.data, sg[s].idx.len);
		sync_file(seg_path(wdir, sg[s].base, ".timeindex"), sg[s].tix.data, sg[s].tix.len);
	}
}

static int fail(const char *what, int var, enum mode m, int64_t b)
{
	if (failures++ < 10)
		printf("# variant %d %s at byte %ld: %s\n", var, mode_name[m], (long)b, what);
	return 0;
}

/*
 * One case: segment s_mod's .log changed from local position lo by mode m
 * (new length mod_len). Returns 1 when everything checks out.
 */
static int run_case(int var, enum mode m, int s_mod, size_t lo, size_t mod_len,
		    const uint8_t *mod, int64_t rp)
{
	write_work(s_mod, mod, mod_len);
	/* Which batches survive, by the rules of the format alone. */
	int keep[MAXB], cut = 0, intact = 1;
	int64_t valid = 0, prefix_end = 0, cut_off = sg[s_mod].base, leo = 0, bytes_cut = 0;
	const struct buf *orig = &sg[s_mod].log;
	for (int i = 0; i < nb; i++) {
		/* A batch of the changed file survives while it and those before are unchanged. */
		if (bt[i].seg == s_mod)
			intact = intact && bt[i].pos + bt[i].size <= mod_len &&
				 !memcmp(mod + bt[i].pos, orig->data + bt[i].pos, bt[i].size);
		keep[i] = bt[i].seg < s_mod || (bt[i].seg == s_mod && intact);
		if (bt[i].seg == s_mod && keep[i]) {
			prefix_end = (int64_t)(bt[i].pos + bt[i].size);
			cut_off = bt[i].last + 1;
		}
	}
	cut = (int64_t)mod_len > prefix_end;
	for (int i = 0; i < nb; i++) {
		if (bt[i].seg > s_mod) {
			keep[i] = !cut;
			if (cut)
				bytes_cut += (int64_t)bt[i].size;
		}
		if (keep[i]) {
			valid += (int64_t)bt[i].size;
			leo = bt[i].last + 1;
		}
	}
	if (cut)
		bytes_cut += (int64_t)mod_len - prefix_end;

	struct log *l;
	struct log_recovery rep;
	int64_t b = (int64_t)lo;
	int rc = open_log(wdir, &cfg, rp, -1, 0, &l, &rep);
	if (rc)
		return fail(kaf_strerror(rc), var, m, b);
	int nfiles;
	int good = 1;
	if (log_end_offset(l) != leo)
		good = fail("log end offset", var, m, b);
	if (dir_log_bytes(wdir, &nfiles) != valid)
		good = fail("bytes on disk", var, m, b);
	if (rep.bytes_truncated != bytes_cut || rep.truncated_at_offset != (cut ? cut_off : -1))
		good = fail("recovery report", var, m, b);
	if (cut && s_mod < ns - 1 && rep.segments_deleted != ns - 1 - s_mod)
		good = fail("later segments not deleted", var, m, b);

	/* Every offset reads back its own batch, byte for byte. */
	struct buf got = BUF_INIT;
	for (int i = 0; i < nb && good; i++) {
		if (!keep[i])
			continue;
		for (int64_t o = bt[i].base; o <= bt[i].last; o++) {
			struct log_slice s;
			const struct pseg *ps = &sg[bt[i].seg];
			if (log_read(l, o, 1, leo, &s) || slice_bytes(&s, &got) ||
			    got.len != bt[i].size ||
			    memcmp(got.data, ps->log.data + bt[i].pos, got.len))
				good = fail("read back", var, m, o);
			log_slice_release(&s);
		}
	}
	int64_t at = append_one(l, 2, T0 + 5000, 9, T0);
	struct log_slice s;
	if (at != leo || log_read(l, at, 1, at + 2, &s) || slice_check(&s, at) != 1)
		good = fail("append after recovery", var, m, b);
	log_slice_release(&s);
	buf_release(&got);
	log_close(l);
	if (good && !indexes_match_oracle())
		good = fail("index files differ from what the log implies", var, m, b);
	/* A real rebuild from the .log files alone, on a sample of the cases. */
	if (good && (b % 8 == 0 || b == (int64_t)sg[s_mod].log.len - 1) &&
	    !indexes_match_fresh_rebuild())
		good = fail("index files differ from a fresh rebuild", var, m, b);
	return good;
}

/* Every byte of the last two batches, each mode. */
static void torn_tail(int var)
{
	int64_t rp = bt[nb - 2].base;
	int cases = 0, good = 0;
	struct buf mod = BUF_INIT;
	for (enum mode m = 0; m < NMODES; m++) {
		for (int i = nb - 2; i < nb; i++) {
			const struct pseg *ps = &sg[bt[i].seg];
			for (size_t k = 0; k < bt[i].size; k++) {
				size_t lo = bt[i].pos + k;
				buf_reset(&mod);
				buf_append(&mod, ps->log.data, ps->log.len);
				if (m == CUT)
					mod.len = lo;
				for (size_t j = lo; m != CUT && j < mod.len; j++)
					mod.data[j] = m == ZEROS ? 0 : rnd();
				cases++;
				good += run_case(var, m, bt[i].seg, lo, mod.len, mod.data, rp);
			}
		}
	}
	is_int(good, cases, "variant %d: %d torn tails recovered exactly", var, cases);

	/* A zero-filled tail as preallocation leaves it. */
	const struct pseg *last = &sg[ns - 1];
	buf_reset(&mod);
	buf_append(&mod, last->log.data, last->log.len);
	buf_grow(&mod, 4096);
	ok(run_case(var, ZEROS, ns - 1, last->log.len, mod.len, mod.data, rp),
	   "variant %d: 4 KiB of zeros after the last batch cut", var);
	buf_release(&mod);
}

/* Flip bytes of the batch below the recovery point: corruption, nothing changed. */
static void corruption(int var)
{
	int64_t rp = bt[nb - 2].base;
	const struct pbatch *v = &bt[nb - 3];
	const struct pseg *ps = &sg[v->seg];
	struct buf mod = BUF_INIT, before = BUF_INIT, after = BUF_INIT;
	int cases = 0, good = 0;
	for (size_t k = BATCH_OFF_LENGTH; k < v->size; k++) {
		/* baseOffset and the leader epoch are outside the CRC: nothing to catch. */
		if (k >= BATCH_OFF_LEADER_EPOCH && k < BATCH_OFF_MAGIC)
			continue;
		buf_reset(&mod);
		buf_append(&mod, ps->log.data, ps->log.len);
		mod.data[v->pos + k] ^= 0x01;
		write_work(v->seg, mod.data, mod.len);
		struct log *l;
		struct log_recovery rep;
		int rc = open_log(wdir, &cfg, rp, -1, 0, &l, &rep);
		int same = 1, nfiles;
		for (int s = 0; s < ns; s++) {
			static const char *const sfx[] = { ".log", ".index", ".timeindex" };
			for (int x = 0; x < 3; x++) {
				read_seg(wdir, sg[s].base, sfx[x], &after);
				const struct buf *want = x == 0 ? (s == v->seg ? &mod : &sg[s].log)
						       : x == 1 ? &sg[s].idx : &sg[s].tix;
				if (after.len != want->len || memcmp(after.data, want->data, after.len))
					same = 0;
			}
		}
		dir_log_bytes(wdir, &nfiles);
		cases++;
		if (rc == KAF_ECORRUPT && rep.corrupt_offset == v->base && same && nfiles == ns &&
		    strstr(rep.detail, "corrupt"))
			good++;
		else if (failures++ < 10)
			printf("# flip at %zu: rc %d corrupt_offset %ld same %d\n", k, rc,
			       (long)rep.corrupt_offset, same);
		if (!rc)
			log_close(l);
	}
	is_int(good, cases, "variant %d: %d flipped bytes below the recovery point refused", var,
	       cases);
	buf_release(&mod);
	buf_release(&before);
	buf_release(&after);
}

/* A batch bigger than the recovery scan's buffer, valid and damaged. */
static void big_batch(void)
{
	struct log *l;
	struct log_recovery rep;
	struct log_config big = cfg;
	big.segment_bytes = 16 << 20;
	rm_rf(pdir);
	if (open_log(pdir, &big, 0, -1, 0, &l, NULL))
		exit(1);
	append_one(l, 1, T0, 10, T0);
	append_one(l, 2, T0, 5 << 20, T0);
	append_one(l, 1, T0, 10, T0);
	log_close(l);
	is_int(open_log(pdir, &big, 0, -1, 0, &l, &rep), 0, "5 MiB batch scanned");
	is_int(log_end_offset(l), 4, "and kept");
	is_int(rep.bytes_truncated, 0, "nothing cut");
	is_int(log_segment_count(l), 1, "one segment");
	log_close(l);
	struct buf b = BUF_INIT;
	read_seg(pdir, 0, ".log", &b);
	b.data[b.len / 2] ^= 0x40;	/* inside the big batch */
	write_file(seg_path(pdir, 0, ".log"), b.data, b.len);
	is_int(open_log(pdir, &big, 2, -1, 0, &l, &rep), KAF_ECORRUPT,
	       "damaged big batch below the recovery point: corrupt");
	is_int(rep.corrupt_offset, 1, "at its offset");
	is_int(open_log(pdir, &big, 1, -1, 0, &l, &rep), 0, "above it: cut");
	is_int(log_end_offset(l), 1, "after the first batch");
	is_int(rep.truncated_at_offset, 1, "cut at 1");
	log_close(l);
	buf_release(&b);
}

int main(void)
{
	const char *root = tmp_make();
	say_set_level(SAY_ERROR);
	cfg_small(&cfg);
	cfg.segment_bytes = 1 << 20;
	cfg.index_interval_bytes = 100;
	snprintf(pdir, sizeof(pdir), "%s/pristine", root);
	snprintf(wdir, sizeof(wdir), "%s/work", root);
	snprintf(fdir, sizeof(fdir), "%s/fresh", root);
	for (int var = 1; var <= 2; var++) {
		build(var == 2);
		ok(var == 1 ? ns == 2 && bt[nb - 2].seg == 1
			    : ns == 3 && bt[nb - 1].seg == 2 && bt[nb - 2].seg == 1,
		   "variant %d layout: %d segments", var, ns);
		torn_tail(var);
		corruption(var);
	}
	big_batch();
	for (int s = 0; s < MAXS; s++) {
		buf_release(&sg[s].log);
		buf_release(&sg[s].idx);
		buf_release(&sg[s].tix);
	}
	tmp_clean();
	return tap_done();
}
