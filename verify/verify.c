/*
 * The verifier of a file sink's chain (common/audit.h).  Each run in the
 * file must start at seq 1, chained to its run's id, and go on one by
 * one, each mac the HMAC of the one before and the line without it.  The
 * first line that breaks this is named, by seq and line, and ends the
 * check with status 1; 0 says how many events of which runs were
 * checked; 2 is a key, file or anchor that cannot be used.  An anchor,
 * a checkpoint's seq and mac from another sink, pins the last run: the
 * file must reach that seq, and have that mac there.
 */
#include <sys/types.h>
#include <sys/uio.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/audit.h"
#include "common/auditline.h"
#include "common/hmac.h"
#include "verify/verify.h"

#define CHUNK		(1 << 20)

struct chain {
	struct hmac		 key;
	const char		*file;
	char			 run[AUDIT_RUNLEN + 1];
	char			 prev[HMAC_HEXLEN + 1];
	unsigned long long	 seq;		/* the last good one */
	unsigned long long	 line;
	unsigned long long	 anchor;	/* 0: none */
	char			 anchor_mac[HMAC_HEXLEN + 1];
	int			 anchored;	/* seen in the last run */
};

/* SEQ:MAC, MAC in hex. */
static int
anchor_parse(struct chain *c, const char *s)
{
	const char	*colon, *errstr;
	char		 num[24];

	if ((colon = strchr(s, ':')) == NULL ||
	    (size_t)(colon - s) >= sizeof(num) ||
	    strlen(colon + 1) != HMAC_HEXLEN ||
	    strspn(colon + 1, "0123456789abcdef") != HMAC_HEXLEN)
		return -1;
	memcpy(num, s, colon - s);
	num[colon - s] = '\0';
	c->anchor = strtonum(num, 1, LLONG_MAX, &errstr);
	if (errstr != NULL)
		return -1;
	strlcpy(c->anchor_mac, colon + 1, sizeof(c->anchor_mac));
	return 0;
}

static void
report(const struct chain *c)
{
	if (c->seq > 0)
		printf("run %s: %llu events verified\n", c->run, c->seq);
}

static int
bad(const struct chain *c, unsigned long long seq, const char *why)
{
	printf("%s:%llu: seq %llu: %s\n", c->file, c->line, seq, why);
	return 1;
}

/* One line, its newline taken off: 0, or 1 where the chain breaks. */
static int
check(struct chain *c, const char *s, size_t n)
{
	struct audit_line	 l;
	struct iovec		 iov[3];
	uint8_t			 mac[HMAC_LEN];
	char			 hex[HMAC_HEXLEN + 1];
	const char		*why;

	c->line++;
	if ((why = auditline_parse(s, n, &l)) != NULL)
		return bad(c, c->seq + 1, why);
	if (l.seq == 1 && (c->seq == 0 ||
	    memcmp(l.run, c->run, AUDIT_RUNLEN) != 0)) {
		report(c);
		memcpy(c->run, l.run, AUDIT_RUNLEN);
		memcpy(c->prev, l.run, AUDIT_RUNLEN);
		c->prev[AUDIT_RUNLEN] = '\0';
		c->seq = 0;
		c->anchored = 0;
	} else if (c->seq == 0 || memcmp(l.run, c->run, AUDIT_RUNLEN) != 0)
		return bad(c, l.seq, "not of the run before it (deleted or "
		    "inserted)");
	if (l.seq != c->seq + 1)
		return bad(c, l.seq, l.seq <= c->seq ? "out of order, or "
		    "inserted" : "events before it deleted");
	if (l.mac == NULL)
		return bad(c, l.seq, "no mac");
	iov[0].iov_base = c->prev;
	iov[0].iov_len = strlen(c->prev);
	iov[1].iov_base = (void *)(uintptr_t)s;	/* read only */
	iov[1].iov_len = l.body;
	iov[2].iov_base = "}";
	iov[2].iov_len = 1;
	hmac_iov(&c->key, iov, 3, mac);
	hmac_hex(mac, sizeof(mac), hex);
	if (memcmp(hex, l.mac, HMAC_HEXLEN) != 0)
		return bad(c, l.seq, "mac does not match (changed or forged)");
	memcpy(c->prev, hex, sizeof(hex));
	c->seq = l.seq;
	if (c->anchor == l.seq)
		c->anchored = memcmp(hex, c->anchor_mac, HMAC_HEXLEN) == 0 ?
		    1 : -1;
	return 0;
}

/* Each whole line of fd; 1 at the first that breaks the chain. */
static int
lines(struct chain *c, int fd)
{
	static char	 buf[CHUNK + AUDIT_LINEMAX];
	size_t		 have = 0, start, i;
	ssize_t		 r;
	char		*nl;

	for (;;) {
		while ((r = read(fd, buf + have, CHUNK)) == -1 &&
		    errno == EINTR)
			;
		if (r == -1)
			err(2, "%s", c->file);
		if (r == 0)
			break;
		have += r;
		for (start = 0; (nl = memchr(buf + start, '\n',
		    have - start)) != NULL; start = i + 1) {
			i = nl - buf;
			if (check(c, buf + start, i - start) != 0)
				return 1;
		}
		if (have - start >= AUDIT_LINEMAX) {
			c->line++;
			return bad(c, c->seq + 1, "line too long");
		}
		memmove(buf, buf + start, have - start);
		have -= start;
	}
	if (have > 0) {
		c->line++;
		return bad(c, c->seq + 1, "cut short (no newline)");
	}
	return 0;
}

int
verify_main(const char *file, const char *keyfile, const char *anchor)
{
	static struct chain	 c;
	const char		*why;
	int			 fd, r;

	if (keyfile == NULL)
		errx(2, "-verify-audit needs -audit-key-file");
	if ((why = hmac_keyfile(&c.key, keyfile, geteuid())) != NULL)
		errx(2, "-audit-key-file %s: %s", keyfile, why);
	if (anchor != NULL && anchor_parse(&c, anchor) == -1)
		errx(2, "-anchor %s: want SEQ:MAC, MAC 64 hex digits", anchor);
	c.file = file;
	if ((fd = open(file, O_RDONLY | O_CLOEXEC)) == -1)
		err(2, "%s", file);
	r = lines(&c, fd);
	close(fd);
	if (r != 0)
		return 1;
	if (c.anchor != 0 && c.anchored == 0) {
		printf("%s: ends at seq %llu, before the anchor's seq %llu\n",
		    file, c.seq, c.anchor);
		return 1;
	}
	if (c.anchor != 0 && c.anchored == -1) {
		printf("%s: seq %llu: mac is not the anchor's\n", file,
		    c.anchor);
		return 1;
	}
	report(&c);
	if (c.line == 0)
		printf("%s: no events\n", file);
	return 0;
}
