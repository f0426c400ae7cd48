/*
 * One use per connection: a client's connection starts the commands of
 * one request, once.
 */
#ifndef DINIT_CLAIM_H
#define DINIT_CLAIM_H

#define CLAIM_MS	200	/* for the rest of a request, after its first */

enum claim_check {
	CLAIM_OK,
	CLAIM_LATE,		/* the rest of a request, too late: refused */
	CLAIM_GONE,		/* its client left during it: refused */
	CLAIM_USED,		/* used before, or out of order: sockd lies */
};

/*
 * Whether command seq of count may use the connection fd.  Once a
 * request is late or its client gone, the rest of it is refused the
 * same way: a slow machine or a client that leaves is no lie of sockd's.
 */
enum claim_check claim(int, int, int);

/*
 * A page of a listing (dinit -status): the first claims the connection
 * as claim() does and marks it as a listing's; each later one must come
 * on a connection so marked whose client is still there.  CLAIM_OK, or
 * CLAIM_USED.
 */
enum claim_check claim_status(int, int);

#endif
