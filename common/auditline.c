/*
 * A line of the audit trail, read from its end, where its members are
 * of a fixed shape: no string of the event before them can pass for one,
 * since JSON escapes every quote inside a string.
 */
#include <string.h>

#include "common/audit.h"
#include "common/auditline.h"
#include "common/hmac.h"

#define SEQ	",\"seq\":"
#define RUN	",\"run\":\""
#define MAC	",\"mac\":\""
#define DIGITS_MAX	19	/* below 2^63 */

static int
lowhex(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* Whether s[at..at+n) is member, then n hex digits, then a quote. */
static int
hexmember(const char *s, size_t at, const char *member, size_t n)
{
	size_t	 k = strlen(member);

	return memcmp(s + at, member, k) == 0 && lowhex(s + at + k, n) &&
	    s[at + k + n] == '"';
}

/* The line s[0..n), its newline taken off; NULL, or why it is none. */
const char *
auditline_parse(const char *s, size_t n, struct audit_line *l)
{
	const size_t	 runlen = sizeof(RUN) - 1 + AUDIT_RUNLEN + 1;
	const size_t	 maclen = sizeof(MAC) - 1 + HMAC_HEXLEN + 1;
	size_t		 end, d;

	memset(l, 0, sizeof(*l));
	if (n < 2 || s[0] != '{' || s[n - 1] != '}')
		return "not a JSON object";
	end = n - 1;
	if (end >= maclen && hexmember(s, end - maclen, MAC, HMAC_HEXLEN)) {
		end -= maclen;
		l->mac = s + end + sizeof(MAC) - 1;
	}
	l->body = end;
	if (end < runlen || !hexmember(s, end - runlen, RUN, AUDIT_RUNLEN))
		return "no run";
	end -= runlen;
	l->run = s + end + sizeof(RUN) - 1;
	for (d = 0; d < end && d <= DIGITS_MAX && s[end - 1 - d] >= '0' &&
	    s[end - 1 - d] <= '9'; d++)
		;
	if (d == 0 || d > DIGITS_MAX || (d > 1 && s[end - d] == '0') ||
	    end - d < sizeof(SEQ) - 1 ||
	    memcmp(s + end - d - (sizeof(SEQ) - 1), SEQ, sizeof(SEQ) - 1) != 0)
		return "no seq";
	l->at = end - d - (sizeof(SEQ) - 1);
	for (l->seq = 0; d > 0; d--)
		l->seq = l->seq * 10 + (s[end - d] - '0');
	return l->seq == 0 ? "no seq" : NULL;
}
