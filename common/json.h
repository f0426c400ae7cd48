/*
 * JSON text for the log: any bytes at all become the content of a valid
 * JSON string, in UTF-8.  Quotes and backslashes are escaped, control
 * characters (C0, DEL, C1) and U+2028/U+2029 written as \uXXXX, and
 * each byte that does not begin a well-formed UTF-8 sequence becomes
 * U+FFFD, as Go's encoding/json does.
 */
#ifndef DINIT_JSON_H
#define DINIT_JSON_H

#include <stddef.h>

size_t	json_escape(char *, size_t, const char *, size_t);
size_t	json_argv(char *, size_t, char *const []);

#endif
