/*
 * Prints what the broker key table generates, for the tests and for
 * regenerating the committed files:
 *   config-gen defaults        etc/kaf.conf
 *   config-gen keys            broker keys, one per line
 *   config-gen topic-keys      topic-level keys, one per line
 *   config-gen man             the roff entries of man/kaf.conf.5's key sections
 *   config-gen effective FILE  what `kaf server --print-config` shows for FILE
 */
#include <stdio.h>
#include <string.h>

#include "core/base/buf.h"
#include "core/config/config.h"

/* roff text: backslash as \e, hyphen-minus as \-, a leading '.' or '\'' guarded. */
static void roff(const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", stdout);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", stdout);
		else if (*s == '-')
			fputs("\\-", stdout);
		else
			putchar(*s);
	}
}

static void man_entries(void)
{
	char sum[512];

	for (int g = 0; g < G__COUNT; g++) {
		printf(".SS %s\n", config_group_name((enum config_group)g));
		for (int i = 0; i < CFG__COUNT; i++) {
			const struct config_key_info *k = config_key_info((enum config_key)i);
			if ((int)k->group != g)
				continue;
			config_key_summary((enum config_key)i, sum, sizeof(sum));
			printf(".TP\n.B ");
			roff(k->name);
			printf("\n");
			roff(sum);
			printf("\n.br\n");
			roff(k->help);
			printf(".\n");
		}
	}
	printf(".SS Topic-level keys\n");
	for (int i = 0; i < config_topic_key_count(); i++) {
		const struct config_topic_key *t = config_topic_key_at(i);
		printf(".TP\n.B ");
		roff(t->name);
		printf("\n");
		if (t->synonym != CFG_NONE) {
			printf("broker default: ");
			roff(config_key_info(t->synonym)->name);
			printf(t->applied ? "\n" : "; stored with the topic, no effect on its log yet\n");
		} else {
			printf("no broker default; stored with the topic, no effect yet\n.br\n");
			roff(t->help);
			printf(".\n");
		}
	}
}

int main(int argc, char **argv)
{
	struct buf b = BUF_INIT;
	const char *what = argc > 1 ? argv[1] : "";

	if (!strcmp(what, "defaults")) {
		config_write_defaults(&b);
	} else if (!strcmp(what, "keys")) {
		for (int i = 0; i < CFG__COUNT; i++)
			printf("%s\n", config_key_info((enum config_key)i)->name);
	} else if (!strcmp(what, "topic-keys")) {
		for (int i = 0; i < config_topic_key_count(); i++)
			printf("%s\n", config_topic_key_at(i)->name);
	} else if (!strcmp(what, "man")) {
		man_entries();
	} else if (!strcmp(what, "effective") && argc > 2) {
		struct config *cfg = config_new();
		int rc = config_load_file(cfg, argv[2]);
		if (!rc)
			rc = config_validate(cfg);
		config_write_effective(cfg, &b);
		config_free(cfg);
		fwrite(b.data, 1, b.len, stdout);
		buf_release(&b);
		return rc ? 1 : 0;
	} else {
		fprintf(stderr, "usage: config-gen defaults|keys|topic-keys|man|effective FILE\n");
		return 2;
	}
	if (b.len && fwrite(b.data, 1, b.len, stdout) != b.len)
		return 1;
	buf_release(&b);
	return fflush(stdout) ? 1 : 0;
}
