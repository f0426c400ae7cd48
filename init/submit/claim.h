/*
 * One use per connection: a client's connection starts the commands of
 * one request, once.
 */
#ifndef DINIT_CLAIM_H
#define DINIT_CLAIM_H

#define CLAIM_MS	200	/* for the rest of a request, after its first */

/*
 * NULL if command seq of count may use the connection fd; why not
 * otherwise: the connection was used before, the commands come out of
 * order, late, or after their client left: sockd is replaying it.
 */
const char	*claim(int, int, int);

#endif
