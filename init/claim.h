/*
 * One use per connection: a client's connection starts the commands of
 * one request, once.
 */
#ifndef DINIT_CLAIM_H
#define DINIT_CLAIM_H

/*
 * 0 if command seq of count may use the connection fd; -1 if the
 * connection was used before (or the commands come out of order): sockd
 * is replaying it.
 */
int	claim(int, int, int);

#endif
