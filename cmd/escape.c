/* Backslash escapes in delimiters and format strings (see escape.h). */
#include "cmd/escape.h"

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int escape_decode_one(const char *s, int *used)
{
	*used = 1;
	switch (s[0]) {
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	case '0': return '\0';
	case '\\': return '\\';
	case 'x': {
		int hi = s[1] ? hex_digit(s[1]) : -1, lo = hi >= 0 && s[2] ? hex_digit(s[2]) : -1;
		if (lo < 0)
			return -1;
		*used = 3;
		return hi << 4 | lo;
	}
	}
	return -1;
}

int escape_decode(const char *s, char *out, size_t cap)
{
	size_t n = 0;

	while (*s) {
		int c = (unsigned char)*s++, used;
		if (c == '\\') {
			if ((c = escape_decode_one(s, &used)) < 0)
				return -1;
			s += used;
		}
		if (n == cap)
			return -1;
		out[n++] = (char)c;
	}
	if (n < cap)
		out[n] = 0;
	return (int)n;
}
