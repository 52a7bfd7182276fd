/* Reading server.properties files: syntax, line numbers, long lines, CRLF, escapes, errors. */
#include <errno.h>
#include <stdlib.h>

#include "core/base/err.h"
#include "core/base/fsutil.h"
#include "core/config/config.h"
#include "tests/unit/config/report.h"
#include "tests/unit/tap.h"

static char dir[] = "/tmp/kaf-config-test-XXXXXX";

/* Write text to a file of the test directory; returns its path (static buffer). */
static const char *write_file(const char *name, const char *text, size_t len)
{
	static char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f)) {
		printf("# cannot write %s\n", path);
		return path;
	}
	return path;
}

static void test_syntax(void)
{
	struct report r;
	struct config *cfg = new_cfg(&r);
	const char *text = "# a comment\n"
			   "! another comment, Java style\n"
			   "\n"
			   "   \t\n"
			   "num.partitions = 3\n"
			   "  default.replication.factor:1\n"
			   "log.dirs=/tmp/a\n"
			   "log.dirs=/tmp/b\n"
			   "message.max.bytes    =    2097152   \n"
			   "; an ini comment\n"
			   "log.cleanup.policy=compact # not a comment in .properties\n";
	const char *path = write_file("syntax.properties", text, strlen(text));
	char where[300];

	is_int(config_load_file(cfg, path), KAF_ECONFIG, "the '#' inside a value makes it bad");
	is_int(config_num(cfg, CFG_NUM_PARTITIONS), 3, "blanks around '='");
	is_int(config_num(cfg, CFG_DEFAULT_REPLICATION_FACTOR), 1, "':' separator, leading blanks");
	is_str(config_str(cfg, CFG_LOG_DIRS), "/tmp/b", "duplicate key: last wins");
	config_source_format(config_source_of(cfg, CFG_LOG_DIRS), where, sizeof(where));
	ok(strstr(where, "syntax.properties:8") != NULL, "source is the last line (%s)", where);
	is_int(config_num(cfg, CFG_MESSAGE_MAX_BYTES), 2097152, "trailing blanks trimmed");
	ok(has_msg(&r, "syntax.properties:11: log.cleanup.policy=compact # not a comment in "
		       ".properties: 'compact # not a comment in .properties' is not one of"),
	   "no inline comments: the whole rest is the value");
	is_int(r.errors, 1, "one error");
	is_int(r.warnings, 0, "no warnings");
	config_free(cfg);
}

static void test_line_numbers(void)
{
	struct report r;
	struct config *cfg = new_cfg(&r);
	const char *text = "num.partitions=2\n"
			   "just some words\n"
			   "=value\n"
			   "[section\n"
			   "log.segment.bytes=\\\n"
			   "    1\n"
			   "unknown.key=1\n"
			   "log.retention.bytes=12MiB\n";

	is_int(config_load_string(cfg, "n.properties", text), KAF_ECONFIG, "errors reported");
	ok(has_msg(&r, "E: n.properties:2: expected key=value"), "a line without '=' is line 2");
	ok(has_msg(&r, "E: n.properties:3: missing key before the separator"), "empty key line 3");
	ok(has_msg(&r, "E: n.properties:4: '[' without ']'"), "broken section line 4");
	ok(has_msg(&r, "E: n.properties:5: log.segment.bytes=1: out of range"),
	   "a continued line is named by its first line");
	ok(has_msg(&r, "W: n.properties:7: unknown key 'unknown.key' ignored"),
	   "line count continues after a continuation");
	is_int(config_num(cfg, CFG_NUM_PARTITIONS), 2, "lines before errors applied");
	is_int(config_num(cfg, CFG_LOG_RETENTION_BYTES), 12 << 20, "lines after errors applied");
	is_int(r.errors, 4, "four errors");
	config_free(cfg);

	cfg = new_cfg(&r);
	is_int(config_load_string(cfg, "s.properties", "num.partitions=2\n[kafka]\nnum.partitions=9\n"
						       "log.dirs=/z\n"),
	       KAF_ECONFIG, "sections refused");
	ok(has_msg(&r, "E: s.properties:3: section [kafka]: the broker file takes keys outside any "
		       "section"),
	   "section error names the first key's line");
	is_int(r.errors, 1, "reported once per section");
	is_int(config_num(cfg, CFG_NUM_PARTITIONS), 2, "keys inside a section are ignored");
	is_str(config_str(cfg, CFG_LOG_DIRS), "./data", "all of them");
	config_free(cfg);
}

static void test_crlf_bom_escapes(void)
{
	struct report r;
	struct config *cfg = new_cfg(&r);
	const char *text = "\xef\xbb\xbf# windows file\r\n"
			   "num.partitions=4\r\n"
			   "log.dirs=C:\\\\kafka\\\\logs\r\n"
			   "advertised.listeners=PLAINTEXT://h\\u00e9.example:9092\r\n"
			   "listeners=PLAINTEXT://:9092,\\\r\n"
			   "          \\\r\n"
			   "    EXTERNAL://:9094\r\n"
			   "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,EXTERNAL:PLAINTEXT\r\n"
			   "# comment ending in a backslash does not continue \\\r\n"
			   "log.segment.bytes=1048576\r\n";
	const char *path = write_file("crlf.properties", text, strlen(text));

	is_int(config_load_file(cfg, path), 0, "CRLF file with BOM loads");
	is_int(config_num(cfg, CFG_NUM_PARTITIONS), 4, "CR stripped from values");
	is_str(config_str(cfg, CFG_LOG_DIRS), "C:\\kafka\\logs", "\\\\ is one backslash");
	is_str(config_str(cfg, CFG_ADVERTISED_LISTENERS), "PLAINTEXT://h\xc3\xa9.example:9092",
	       "\\u00e9 is UTF-8");
	is_str(config_str(cfg, CFG_LISTENERS), "PLAINTEXT://:9092,EXTERNAL://:9094",
	       "continuation lines joined, their leading blanks dropped");
	is_int(config_num(cfg, CFG_LOG_SEGMENT_BYTES), 1048576, "comment with backslash ends there");
	is_int(config_validate(cfg), 0, "it validates");
	is_int(r.errors + r.warnings, 0, "nothing reported (%s)", r.text);
	config_free(cfg);
}

static void test_long_lines(void)
{
	struct report r;
	struct config *cfg = new_cfg(&r);
	size_t big = 100 * 1024;
	char *text = malloc(big + 200);
	char *want = malloc(big + 1);

	/* A 1 KiB value: inih's own limit is 200 bytes. */
	size_t n = (size_t)sprintf(text, "num.partitions=2\nlog.dirs=");
	for (int i = 0; i < 1024; i++)
		text[n++] = (char)('a' + i % 26);
	n += (size_t)sprintf(text + n, "\nnum.partitions=5\n");
	const char *path = write_file("long.properties", text, n);
	is_int(config_load_file(cfg, path), 0, "1 KiB line loads");
	ok(config_str(cfg, CFG_LOG_DIRS) && strlen(config_str(cfg, CFG_LOG_DIRS)) == 1024,
	   "whole 1 KiB value kept");
	ok(config_str(cfg, CFG_LOG_DIRS) && !memcmp(config_str(cfg, CFG_LOG_DIRS), "abcdefghij", 10),
	   "value starts right");
	is_int(config_num(cfg, CFG_NUM_PARTITIONS), 5, "the line after it is read as its own line");
	is_int(r.errors + r.warnings, 0, "nothing reported");
	config_free(cfg);

	/* 100 KiB, through inih's buffer growth. */
	cfg = new_cfg(&r);
	n = (size_t)sprintf(text, "log.dirs=");
	for (size_t i = 0; i < big; i++)
		want[i] = text[n++] = (char)('A' + i % 26);
	want[big] = '\0';
	n += (size_t)sprintf(text + n, "\nnum.partitions=7");	/* no final newline */
	path = write_file("longer.properties", text, n);
	is_int(config_load_file(cfg, path), 0, "100 KiB line loads");
	ok(config_str(cfg, CFG_LOG_DIRS) && !strcmp(config_str(cfg, CFG_LOG_DIRS), want),
	   "100 KiB value intact");
	is_int(config_num(cfg, CFG_NUM_PARTITIONS), 7, "last line without newline");
	config_free(cfg);
	free(text);
	free(want);

	/* Over the limit: reported, skipped, and the next line still read. */
	cfg = new_cfg(&r);
	size_t huge = 1024 * 1024 + 10;
	text = malloc(huge + 64);
	n = (size_t)sprintf(text, "log.dirs=");
	memset(text + n, 'x', huge);
	n += huge;
	n += (size_t)sprintf(text + n, "\nnum.partitions=8\n");
	path = write_file("huge.properties", text, n);
	is_int(config_load_file(cfg, path), KAF_ECONFIG, "a line over 1 MiB is an error");
	ok(has_msg(&r, "huge.properties:1: line longer than 1048576 bytes"), "too-long message");
	is_str(config_str(cfg, CFG_LOG_DIRS), "./data", "nothing of it applied");
	is_int(config_num(cfg, CFG_NUM_PARTITIONS), 8, "the next line is read");
	config_free(cfg);
	free(text);
}

static void test_open_errors(void)
{
	struct report r;
	struct config *cfg = new_cfg(&r);
	char path[256];

	snprintf(path, sizeof(path), "%s/missing.properties", dir);
	is_int(config_load_file(cfg, path), -ENOENT, "missing file is -ENOENT");
	ok(has_msg(&r, "missing.properties: cannot open: No such file or directory"),
	   "missing file reported");
	is_int(config_load_string(cfg, "empty", ""), 0, "an empty file is fine");
	is_int(config_load_string(cfg, "nul", "num.partitions=2\nlog.dirs=a\\u0000b\n"), 0,
	       "an escaped NUL just ends the value");
	is_str(config_str(cfg, CFG_LOG_DIRS), "a", "value cut at the NUL");
	config_free(cfg);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		printf("not ok 1 - mkdtemp\n");
		return 1;
	}
	test_syntax();
	test_line_numbers();
	test_crlf_bom_escapes();
	test_long_lines();
	test_open_errors();
	if (rm_rf(dir))
		printf("# could not remove %s\n", dir);
	return tap_done();
}
