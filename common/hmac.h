/*
 * HMAC-SHA256 (RFC 2104) over libmd's SHA-256, which libbsd already
 * brings: no hash of our own.  The key is kept only as the two hashed
 * pads, so that not one byte of it stays in memory once they are made.
 */
#ifndef DINIT_HMAC_H
#define DINIT_HMAC_H

#include <sys/types.h>
#include <sys/uio.h>

#include <stddef.h>
#include <stdint.h>

#include <sha2.h>

#define HMAC_LEN	SHA256_DIGEST_LENGTH
#define HMAC_HEXLEN	(2 * HMAC_LEN)
#define HMAC_KEY_MIN	32		/* bytes of a key file */
#define HMAC_KEY_MAX	4096

struct hmac {
	SHA2_CTX	 inner;		/* (key ^ ipad) hashed */
	SHA2_CTX	 outer;		/* (key ^ opad) hashed */
};

void	hmac_init(struct hmac *, const void *, size_t);
void	hmac_iov(const struct hmac *, const struct iovec *, int,
	    uint8_t [HMAC_LEN]);
void	hmac_hex(const uint8_t *, size_t, char *);
const char *hmac_keyfile(struct hmac *, const char *, uid_t);

#endif
