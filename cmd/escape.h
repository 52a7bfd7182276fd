/*
 * Backslash escapes of the tools' delimiters and format strings, one
 * grammar for every command.
 */
#ifndef KAF_CMD_ESCAPE_H
#define KAF_CMD_ESCAPE_H

#include <stddef.h>

/*
 * Delimiters and format strings: \n \t \r \0 \\ and \xNN. escape_decode_one
 * decodes the escape after a backslash (the byte, *used = characters
 * taken; -1 if unknown); escape_decode decodes all of s into out (cap
 * bytes; NUL-terminated when there is room) and returns the length, or -1
 * for a bad escape or no room.
 */
int escape_decode_one(const char *s, int *used);
int escape_decode(const char *s, char *out, size_t cap);

#endif
