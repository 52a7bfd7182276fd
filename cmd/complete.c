/*
 * kaf completion bash|zsh|fish: shell completion scripts written from the
 * command table and each command's option table, so they list exactly what
 * the parser accepts. The committed completions/ files are this output
 * ("make completions"); a test fails when they differ.
 *
 * Every script works on "nodes": kaf itself (path ""), each command
 * ("dump-log") and each subcommand ("completion bash"). A node offers its
 * own visible options, the global options it does not shadow, and -h/--help;
 * the scripts find the node on the command line by skipping options and
 * the values of options that take one.
 */
#include "cmd/cmd.h"

#include "cmd/opt.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

struct node {
	const char *path;		/* "", "dump-log", "completion bash" */
	const struct cmd_spec *spec;	/* NULL: a command without an option table yet */
	const struct cmd *cmd;		/* the command row (NULL for kaf itself) */
};

static const struct opt help_opt = {
	.id = -1, .short_name = 'h', .long_name = "help", .type = OPT_FLAG,
	.help = "show help (-h: the short form)",
};

typedef void (*node_fn)(const struct node *n, void *ctx);

static void walk_subs(const struct node *parent, node_fn fn, void *ctx)
{
	for (const struct cmd_spec *const *s = parent->spec ? parent->spec->subs : NULL; s && *s; s++) {
		/* A subcommand's name is its whole path ("topics create"). */
		struct node n = { .path = (*s)->name, .spec = *s, .cmd = parent->cmd };
		fn(&n, ctx);
		walk_subs(&n, fn, ctx);
	}
}

/* kaf, then every real command (internal "__" ones left out) and its subcommands. */
static void walk(node_fn fn, void *ctx)
{
	struct node root = { .path = "", .spec = &kaf_spec };

	fn(&root, ctx);
	for (const struct cmd *c = commands; c->name; c++) {
		struct node n = { .path = c->name, .spec = c->spec, .cmd = c };
		if (c->alias_of || !strncmp(c->name, "__", 2))
			continue;
		fn(&n, ctx);
		walk_subs(&n, fn, ctx);
	}
}

static const struct opt *node_opts(const struct node *n)
{
	return n->spec ? n->spec->opts : NULL;
}

static int defines(const struct opt *opts, const struct opt *g)
{
	for (const struct opt *o = opts; o && o->id; o++)
		if ((g->short_name && o->short_name == g->short_name) ||
		    (g->long_name && o->long_name && !strcmp(o->long_name, g->long_name)))
			return 1;
	return 0;
}

/*
 * Every option of a node in offering order: its own table, the global
 * options it does not shadow, then -h/--help. Returns the count.
 */
static int collect(const struct node *n, const struct opt **out, int max)
{
	const struct opt *own = node_opts(n);
	int k = 0;

	for (const struct opt *o = own; o && o->id && k < max; o++)
		out[k++] = o;
	for (const struct opt *g = cmd_global_opts; g->id && k < max; g++)
		if (!defines(own, g))
			out[k++] = g;
	if (!defines(own, &help_opt) && k < max)
		out[k++] = &help_opt;
	return k;
}

static int takes_value(const struct opt *o)
{
	return o->type != OPT_FLAG;
}

/* Print a '|' or ',' separated list with sep between the words. */
static void put_words(const char *list, const char *sep)
{
	const char *s = "";

	while (list && *list) {
		size_t n = strcspn(list, "|,");
		printf("%s%.*s", s, (int)n, list);
		s = sep;
		list += n + (list[n] != 0);
	}
}

/* Text inside single quotes: each char in special gets a backslash; ' is closed and reopened. */
static void put_escaped(const char *s, const char *special, const char *quote)
{
	for (; s && *s; s++) {
		if (*s == '\'')
			fputs(quote, stdout);
		else if (strchr(special, *s))
			printf("\\%c", *s);
		else
			putchar(*s);
	}
}

static void put_command_names(const char *sep)
{
	const char *s = "";

	for (const struct cmd *c = commands; c->name; c++) {
		if (c->flags & CMD_HIDDEN)
			continue;
		printf("%s%s", s, c->name);
		s = sep;
	}
}

static const char *operand_kind(const struct node *n)
{
	if (!n->spec)
		return "file";
	if (n->spec->max_operands == 0 || n->spec->subs)
		return "none";
	return n->spec->operand_complete ? n->spec->operand_complete : "file";
}

/* ---- bash ---- */

static void bash_opts(const struct node *n, void *ctx)
{
	const struct opt *all[128];
	int k = collect(n, all, 128);
	const char *sep = "";

	printf("\t'%s') echo '", n->path);
	for (int i = 0; i < k; i++) {
		if (all[i]->hidden)
			continue;
		if (all[i]->short_name) {
			printf("%s-%c", sep, all[i]->short_name);
			sep = " ";
		}
		if (all[i]->long_name) {
			printf("%s--%s", sep, all[i]->long_name);
			sep = " ";
		}
	}
	printf("' ;;\n");
}

/*
 * One case pattern per option name, aliases included: 'dump-log --output'|...
 * path NULL matches the option under any command (*' --color').
 */
static int bash_patterns(const char *path, const struct opt *o)
{
	const char *a = o->aliases, *pre = path ? "'" : "*'", *p = path ? path : "";
	int k = 0;

	if (o->short_name)
		printf("%s%s%s -%c'", k++ ? "|" : "\t", pre, p, o->short_name);
	if (o->long_name)
		printf("%s%s%s --%s'", k++ ? "|" : "\t", pre, p, o->long_name);
	while (a && *a) {
		size_t len = strcspn(a, ",");
		printf("%s%s%s --%.*s'", k++ ? "|" : "\t", pre, p, (int)len, a);
		a += len + (a[len] == ',');
	}
	return k;
}

static void bash_value_action(const struct opt *o)
{
	if (o->complete && !strcmp(o->complete, "file"))
		printf(") _kaf_files ;;\n");
	else if (o->complete && !strcmp(o->complete, "dir"))
		printf(") _kaf_dirs ;;\n");
	else if (o->values) {
		printf(") _kaf_words '");
		put_words(o->values, " ");
		printf("' ;;\n");
	} else
		printf(") ;;\n");
}

/* A node's own options; the global ones follow as wildcards after every node. */
static void bash_takes_value(const struct node *n, void *ctx)
{
	for (const struct opt *o = node_opts(n); o && o->id; o++)
		if (bash_patterns(n->path, o))
			printf(") return %d ;;\n", takes_value(o) ? 0 : 1);
}

static void bash_values(const struct node *n, void *ctx)
{
	for (const struct opt *o = node_opts(n); o && o->id; o++)
		if (takes_value(o) && bash_patterns(n->path, o))
			bash_value_action(o);
}

static void bash_subs(const struct node *n, void *ctx)
{
	if (!n->spec || !n->spec->subs)
		return;
	printf("\t'%s') echo '", n->path);
	for (const struct cmd_spec *const *s = n->spec->subs; *s; s++) {
		const char *last = strrchr((*s)->name, ' ');
		printf("%s%s", s == n->spec->subs ? "" : " ", last ? last + 1 : (*s)->name);
	}
	printf("' ;;\n");
}

static void bash_operands(const struct node *n, void *ctx)
{
	printf("\t'%s') echo %s ;;\n", n->path, operand_kind(n));
}

/* The completion function: find the command path, then complete the word. */
static void bash_main(void)
{
	printf("_kaf()\n{\n"
	       "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev= opt= path= i w dashdash=\n"
	       "\tCOMPREPLY=()\n"
	       "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	       "\t\tw=${COMP_WORDS[i]}\n"
	       "\t\tif [[ -z $dashdash && $w == -?* ]]; then\n"
	       "\t\t\tif [[ $w == -- ]]; then dashdash=1; continue; fi\n"
	       "\t\t\t[[ $w == --*=* ]] && continue\n"
	       "\t\t\tif _kaf_takes_value \"$path\" \"$w\"; then\n"
	       "\t\t\t\t# bash splits --opt=value into three words at the =\n"
	       "\t\t\t\tif [[ ${COMP_WORDS[i+1]} == = ]]; then ((i += 2)); else ((i++)); fi\n"
	       "\t\t\tfi\n"
	       "\t\t\tcontinue\n"
	       "\t\tfi\n"
	       "\t\tif [[ -z $path ]]; then\n"
	       "\t\t\tpath=$(_kaf_canon \"$w\")\n"
	       "\t\telif [[ -n $(_kaf_subs \"$path\") ]]; then\n"
	       "\t\t\tpath=\"$path $w\"\n"
	       "\t\tfi\n"
	       "\tdone\n"
	       "\t((COMP_CWORD >= 1)) && prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	       "\tif [[ $cur == = && $prev == --?* ]]; then\n"
	       "\t\topt=$prev cur=\n"
	       "\telif [[ $prev == = ]] && ((COMP_CWORD >= 2)); then\n"
	       "\t\topt=${COMP_WORDS[COMP_CWORD-2]}\n"
	       "\telif [[ $prev == -?* ]]; then\n"
	       "\t\topt=$prev\n"
	       "\tfi\n"
	       "\tif [[ -z $dashdash && -n $opt ]] && _kaf_takes_value \"$path\" \"$opt\"; then\n"
	       "\t\t_kaf_value \"$path\" \"$opt\"\n"
	       "\t\treturn\n"
	       "\tfi\n"
	       "\tif [[ -z $dashdash && $cur == -* ]]; then\n"
	       "\t\t_kaf_words \"$(_kaf_opts \"$path\")\"\n"
	       "\t\treturn\n"
	       "\tfi\n"
	       "\tif [[ -z $path ]]; then\n"
	       "\t\t_kaf_words '");
	put_command_names(" ");
	printf("'\n"
	       "\t\treturn\n"
	       "\tfi\n"
	       "\tlocal subs=$(_kaf_subs \"$path\")\n"
	       "\tif [[ -n $subs ]]; then\n"
	       "\t\t_kaf_words \"$subs\"\n"
	       "\t\treturn\n"
	       "\tfi\n"
	       "\tcase $(_kaf_operands \"$path\") in\n"
	       "\tfile) _kaf_files ;;\n"
	       "\tdir) _kaf_dirs ;;\n"
	       "\tcommand) _kaf_words '");
	put_command_names(" ");
	printf("' ;;\n"
	       "\tesac\n"
	       "}\n\n"
	       "complete -F _kaf kaf\n");
}

static void gen_bash(void)
{
	printf("# bash completion for kaf(1). Written by 'kaf completion bash' from kaf's\n"
	       "# command and option tables ('make completions'); change those, not this.\n\n");
	printf("_kaf_canon()\n{\n\tcase $1 in\n");
	for (const struct cmd *c = commands; c->name; c++)
		if (c->alias_of)
			printf("\t%s) echo %s ;;\n", c->name, c->alias_of);
	printf("\t*) echo \"$1\" ;;\n\tesac\n}\n\n");

	printf("# The options to offer for a command path (\"\" is kaf itself).\n");
	printf("_kaf_opts()\n{\n\tcase $1 in\n");
	walk(bash_opts, NULL);
	printf("\tesac\n}\n\n");

	printf("# Whether option $2 of command path $1 takes a value.\n");
	printf("_kaf_takes_value()\n{\n\tcase \"$1 $2\" in\n");
	walk(bash_takes_value, NULL);
	for (const struct opt *g = cmd_global_opts; g->id; g++)
		if (bash_patterns(NULL, g))
			printf(") return %d ;;\n", takes_value(g) ? 0 : 1);
	printf("\tesac\n\treturn 1\n}\n\n");

	printf("# Completes the value of option $2 of command path $1.\n");
	printf("_kaf_value()\n{\n\tcase \"$1 $2\" in\n");
	walk(bash_values, NULL);
	for (const struct opt *g = cmd_global_opts; g->id; g++)
		if (takes_value(g) && bash_patterns(NULL, g))
			bash_value_action(g);
	printf("\tesac\n}\n\n");

	printf("_kaf_subs()\n{\n\tcase $1 in\n");
	walk(bash_subs, NULL);
	printf("\tesac\n}\n\n");

	printf("_kaf_operands()\n{\n\tcase $1 in\n");
	walk(bash_operands, NULL);
	printf("\t*) echo file ;;\n\tesac\n}\n\n");

	printf("_kaf_words()\n{\n\tlocal IFS=$' \\t\\n'\n"
	       "\tCOMPREPLY=($(compgen -W \"$1\" -- \"$cur\"))\n}\n\n");
	printf("_kaf_files()\n{\n\tcompopt -o filenames 2>/dev/null\n\tlocal IFS=$'\\n'\n"
	       "\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n}\n\n");
	printf("_kaf_dirs()\n{\n\tcompopt -o filenames 2>/dev/null\n\tlocal IFS=$'\\n'\n"
	       "\tCOMPREPLY=($(compgen -d -- \"$cur\"))\n}\n\n");

	bash_main();
}

/* ---- zsh ---- */

static void zsh_func_name(const char *path)
{
	printf("_kaf%s", path[0] ? "_" : "");
	for (const char *p = path; *p; p++)
		putchar(isalnum((unsigned char)*p) ? *p : '_');
}

static void zsh_action(const struct opt *o)
{
	if (o->complete && !strcmp(o->complete, "file"))
		printf("_files");
	else if (o->complete && !strcmp(o->complete, "dir"))
		printf("_files -/");
	else if (o->values && o->type == OPT_ENUM) {
		printf("(");
		put_words(o->values, " ");
		printf(")");
	} else if (o->values) {
		/* A comma-separated list of words. */
		printf("_values -s , %s ", o->long_name ? o->long_name : "value");
		put_words(o->values, " ");
	} else
		printf(" ");
}

static void zsh_opt(const struct opt *o)
{
	const char *arg = !takes_value(o) ? "" : NULL;

	printf(" \\\n\t\t");
	if (o->short_name && o->long_name) {
		if (o->repeatable)
			printf("'*'");
		else
			printf("'(-%c --%s)'", o->short_name, o->long_name);
		printf("{-%c%s,--%s%s}'", o->short_name, arg ? "" : "+", o->long_name,
		       arg ? "" : "=");
	} else if (o->short_name) {
		printf("'%s-%c%s", o->repeatable ? "*" : "", o->short_name, arg ? "" : "+");
	} else {
		printf("'%s--%s%s", o->repeatable ? "*" : "", o->long_name, arg ? "" : "=");
	}
	printf("[");
	put_escaped(o->help, "[]:\\", "'\\''");
	printf("]");
	if (takes_value(o)) {
		printf(":");
		put_escaped(o->arg_name ? o->arg_name : "value", ":\\", "'\\''");
		printf(":");
		zsh_action(o);
	}
	printf("'");
}

static void zsh_subs_list(const struct node *n)
{
	for (const struct cmd_spec *const *s = n->spec->subs; *s; s++) {
		const char *last = strrchr((*s)->name, ' ');
		printf("\t\t\t'%s:", last ? last + 1 : (*s)->name);
		put_escaped((*s)->summary, "", "'\\''");
		printf("'\n");
	}
}

static void zsh_node(const struct node *n, void *ctx)
{
	const struct opt *all[128];
	int k = collect(n, all, 128);
	int dispatch = !n->path[0] || (n->spec && n->spec->subs);
	const char *kind = operand_kind(n);

	zsh_func_name(n->path);
	printf("()\n{\n");
	if (dispatch)
		printf("\tlocal curcontext=$curcontext state state_descr line ret=1\n"
		       "\ttypeset -A opt_args\n");
	printf("\t_arguments %s-s -S", dispatch ? "-C " : "");
	for (int i = 0; i < k; i++)
		if (!all[i]->hidden)
			zsh_opt(all[i]);
	if (dispatch)
		printf(" \\\n\t\t'1: :->command' '*:: :->args' && ret=0");
	else if (!strcmp(kind, "file"))
		printf(" \\\n\t\t'*:file:_files'");
	else if (!strcmp(kind, "dir"))
		printf(" \\\n\t\t'*:directory:_files -/'");
	else if (!strcmp(kind, "command")) {
		printf(" \\\n\t\t'1:command:(");
		put_command_names(" ");
		printf(")'");
	}
	printf("\n");
	if (!dispatch) {
		printf("}\n\n");
		return;
	}
	printf("\tcase $state in\n\tcommand)\n\t\tlocal -a cmds\n\t\tcmds=(\n");
	if (!n->path[0]) {
		for (const struct cmd *c = commands; c->name; c++) {
			if (c->flags & CMD_HIDDEN)
				continue;
			printf("\t\t\t'%s:", c->name);
			put_escaped(cmd_summary(c), "", "'\\''");
			printf("'\n");
		}
	} else
		zsh_subs_list(n);
	printf("\t\t)\n\t\t_describe -t commands 'kaf%s%s command' cmds && ret=0\n\t\t;;\n",
	       n->path[0] ? " " : "", n->path);
	printf("\targs)\n\t\tcurcontext=${curcontext%%:*:*}:kaf%s%s-$words[1]:\n"
	       "\t\tcase $words[1] in\n", n->path[0] ? "-" : "", n->path);
	if (!n->path[0]) {
		for (const struct cmd *c = commands; c->name; c++) {
			if (c->alias_of || !strncmp(c->name, "__", 2))
				continue;
			printf("\t\t%s", c->name);
			for (const struct cmd *a = commands; a->name; a++)
				if (a->alias_of && !strcmp(a->alias_of, c->name))
					printf("|%s", a->name);
			printf(") ");
			zsh_func_name(c->name);
			printf(" && ret=0 ;;\n");
		}
	} else {
		for (const struct cmd_spec *const *s = n->spec->subs; *s; s++) {
			const char *last = strrchr((*s)->name, ' ');
			printf("\t\t%s) ", last ? last + 1 : (*s)->name);
			zsh_func_name((*s)->name);
			printf(" && ret=0 ;;\n");
		}
	}
	printf("\t\tesac\n\t\t;;\n\tesac\n\treturn ret\n}\n\n");
}

static void gen_zsh(void)
{
	printf("#compdef kaf\n"
	       "# zsh completion for kaf(1). Written by 'kaf completion zsh' from kaf's\n"
	       "# command and option tables ('make completions'); change those, not this.\n\n");
	walk(zsh_node, NULL);
	printf("if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n"
	       "\t_kaf \"$@\"\nelse\n\tcompdef _kaf kaf\nfi\n");
}

/* ---- fish ---- */

static void fish_quoted(const char *s)
{
	putchar('\'');
	put_escaped(s, "\\", "\\'");
	putchar('\'');
}

static void fish_takes_value(const struct node *n, void *ctx)
{
	const struct opt *all[128];
	int k = collect(n, all, 128);

	for (int want = 1; want >= 0; want--) {
		int any = 0;
		for (int i = 0; i < k; i++) {
			const struct opt *o = all[i];
			const char *a = o->aliases;
			if (takes_value(o) != want)
				continue;
			if (!any++)
				printf("\tcase");
			if (o->short_name)
				printf(" '%s -%c'", n->path, o->short_name);
			if (o->long_name)
				printf(" '%s --%s'", n->path, o->long_name);
			while (a && *a) {
				size_t len = strcspn(a, ",");
				printf(" '%s --%.*s'", n->path, (int)len, a);
				a += len + (a[len] == ',');
			}
		}
		if (any)
			printf("\n\t\treturn %d\n", want ? 0 : 1);
	}
}

static void fish_node(const struct node *n, void *ctx)
{
	const struct opt *all[128];
	int k = collect(n, all, 128);
	const char *kind = operand_kind(n);

	printf("\n# kaf%s%s\n", n->path[0] ? " " : "", n->path);
	for (int i = 0; i < k; i++) {
		const struct opt *o = all[i];
		if (o->hidden)
			continue;
		printf("complete -c kaf -n '__kaf_at %s'", n->path);
		if (o->short_name)
			printf(" -s %c", o->short_name);
		if (o->long_name)
			printf(" -l %s", o->long_name);
		if (takes_value(o)) {
			if (o->complete && !strcmp(o->complete, "file"))
				printf(" -r -F");
			else if (o->complete && !strcmp(o->complete, "dir"))
				printf(" -x -a '(__fish_complete_directories)'");
			else if (o->values) {
				printf(" -x -a '");
				put_words(o->values, " ");
				printf("'");
			} else
				printf(" -x");
		}
		printf(" -d ");
		fish_quoted(o->help ? o->help : "");
		printf("\n");
	}
	if (!n->path[0]) {
		for (const struct cmd *c = commands; c->name; c++) {
			if (c->flags & CMD_HIDDEN)
				continue;
			printf("complete -c kaf -n '__kaf_at ' -a %s -d ", c->name);
			fish_quoted(cmd_summary(c));
			printf("\n");
		}
	} else if (n->spec && n->spec->subs) {
		for (const struct cmd_spec *const *s = n->spec->subs; *s; s++) {
			const char *last = strrchr((*s)->name, ' ');
			printf("complete -c kaf -n '__kaf_at %s' -a %s -d ", n->path,
			       last ? last + 1 : (*s)->name);
			fish_quoted((*s)->summary ? (*s)->summary : "");
			printf("\n");
		}
	} else if (!strcmp(kind, "file"))
		printf("complete -c kaf -n '__kaf_at %s' -F\n", n->path);
	else if (!strcmp(kind, "dir"))
		printf("complete -c kaf -n '__kaf_at %s' -a '(__fish_complete_directories)'\n",
		       n->path);
	else if (!strcmp(kind, "command")) {
		printf("complete -c kaf -n '__kaf_at %s' -a '", n->path);
		put_command_names(" ");
		printf("'\n");
	}
}

static void fish_has_subs(const struct node *n, void *ctx)
{
	if (n->spec && n->spec->subs && n->path[0])
		printf("\tcase '%s'\n\t\treturn 0\n", n->path);
}

static void gen_fish(void)
{
	printf("# fish completion for kaf(1). Written by 'kaf completion fish' from kaf's\n"
	       "# command and option tables ('make completions'); change those, not this.\n\n");
	printf("# Whether option $argv[2] of command path $argv[1] takes a value.\n"
	       "function __kaf_takes_value\n\tswitch \"$argv[1] $argv[2]\"\n");
	walk(fish_takes_value, NULL);
	printf("\tend\n\treturn 1\nend\n\n");
	printf("function __kaf_has_subs\n\tswitch \"$argv\"\n");
	walk(fish_has_subs, NULL);
	printf("\tend\n\treturn 1\nend\n\n");
	printf("# The command path typed so far (\"dump-log\", \"completion bash\"), aliases resolved.\n"
	       "function __kaf_path\n"
	       "\tset -l words (commandline -opc)\n"
	       "\tset -e words[1]\n"
	       "\tset -l path\n"
	       "\tset -l skip 0\n"
	       "\tset -l dashdash 0\n"
	       "\tfor w in $words\n"
	       "\t\tif test $skip = 1\n"
	       "\t\t\tset skip 0\n"
	       "\t\t\tcontinue\n"
	       "\t\tend\n"
	       "\t\tif test $dashdash = 0\n"
	       "\t\t\tswitch $w\n"
	       "\t\t\tcase --\n"
	       "\t\t\t\tset dashdash 1\n"
	       "\t\t\t\tcontinue\n"
	       "\t\t\tcase '--*=*'\n"
	       "\t\t\t\tcontinue\n"
	       "\t\t\tcase '-?*'\n"
	       "\t\t\t\tif __kaf_takes_value \"$path\" $w\n"
	       "\t\t\t\t\tset skip 1\n"
	       "\t\t\t\tend\n"
	       "\t\t\t\tcontinue\n"
	       "\t\t\tend\n"
	       "\t\tend\n"
	       "\t\tif test (count $path) = 0\n"
	       "\t\t\tswitch $w\n");
	for (const struct cmd *c = commands; c->name; c++)
		if (c->alias_of)
			printf("\t\t\tcase %s\n\t\t\t\tset w %s\n", c->name, c->alias_of);
	printf("\t\t\tend\n"
	       "\t\t\tset path $w\n"
	       "\t\telse if __kaf_has_subs \"$path\"\n"
	       "\t\t\tset -a path $w\n"
	       "\t\tend\n"
	       "\tend\n"
	       "\techo \"$path\"\n"
	       "end\n\n"
	       "function __kaf_at\n"
	       "\tset -l path (__kaf_path)\n"
	       "\ttest \"$path\" = \"$argv\"\n"
	       "end\n\n"
	       "complete -c kaf -f\n");
	walk(fish_node, NULL);
}

/* ---- the command ---- */

static int gen_cmd(int argc, char **argv);

static const struct cmd_spec completion_bash_spec = {
	.name = "completion bash",
	.summary = "Print the bash completion script",
	.max_operands = 0,
	.man_page = "kaf",
};
static const struct cmd_spec completion_zsh_spec = {
	.name = "completion zsh",
	.summary = "Print the zsh completion script",
	.max_operands = 0,
	.man_page = "kaf",
};
static const struct cmd_spec completion_fish_spec = {
	.name = "completion fish",
	.summary = "Print the fish completion script",
	.max_operands = 0,
	.man_page = "kaf",
};
static const struct cmd_spec *const completion_subs[] = {
	&completion_bash_spec, &completion_zsh_spec, &completion_fish_spec, NULL
};
static const char *const completion_examples[] = {
	"kaf completion bash > ~/.local/share/bash-completion/completions/kaf",
	"kaf completion fish > ~/.config/fish/completions/kaf.fish",
	NULL
};

const struct cmd_spec completion_spec = {
	.name = "completion",
	.summary = "Print a shell completion script for bash, zsh or fish",
	.usage = "bash|zsh|fish",
	.examples = completion_examples,
	.min_operands = 1,
	.max_operands = -1,
	.subs = completion_subs,
	.man_page = "kaf",
};

static int no_options(void *ctx, int id, const char *arg)
{
	return 0;
}

static int gen_cmd(int argc, char **argv)
{
	const struct cmd_spec *spec = NULL;
	char **ops;
	int n, rc;

	for (const struct cmd_spec *const *s = completion_subs; *s; s++)
		if (!strcmp(strchr((*s)->name, ' ') + 1, argv[0]))
			spec = *s;
	rc = opt_parse(spec, argc, argv, no_options, NULL, &ops, &n);
	if (rc)
		return rc == OPT_PARSE_HELP ? EXIT_OK : EXIT_USAGE;
	if (spec == &completion_bash_spec)
		gen_bash();
	else if (spec == &completion_zsh_spec)
		gen_zsh();
	else
		gen_fish();
	return EXIT_OK;
}

int cmd_completion(int argc, char **argv)
{
	char **ops;
	int n, rc = opt_parse(&completion_spec, argc, argv, no_options, NULL, &ops, &n);

	if (rc)
		return rc == OPT_PARSE_HELP ? EXIT_OK : EXIT_USAGE;
	for (const struct cmd_spec *const *s = completion_subs; *s; s++)
		if (!strcmp(strchr((*s)->name, ' ') + 1, ops[0]))
			return gen_cmd(n, ops);
	return cmd_usage_error(&completion_spec, "unknown shell '%s' (bash, zsh or fish)", ops[0]);
}
