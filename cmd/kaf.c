/* kaf: the multi-call entry point (placeholder until the command table lands). */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--version")) {
		printf("kaf %s\n", KAF_VERSION);
		return 0;
	}
	fprintf(stderr, "usage: kaf COMMAND [ARGS]\n");
	return 2;
}
