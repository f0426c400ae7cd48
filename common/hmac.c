/*
 * HMAC-SHA256, and the key file it is keyed from.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "common/hmac.h"

/* The key's block, padded with pad; a longer key is hashed first. */
static void
pad_ctx(SHA2_CTX *ctx, const uint8_t *key, size_t len, uint8_t pad)
{
	uint8_t	 block[SHA256_BLOCK_LENGTH];
	size_t	 i;

	memset(block, 0, sizeof(block));
	memcpy(block, key, len);
	for (i = 0; i < sizeof(block); i++)
		block[i] ^= pad;
	SHA256Init(ctx);
	SHA256Update(ctx, block, sizeof(block));
	explicit_bzero(block, sizeof(block));
}

void
hmac_init(struct hmac *h, const void *key, size_t len)
{
	uint8_t		 digest[HMAC_LEN];
	SHA2_CTX	 ctx;

	if (len > SHA256_BLOCK_LENGTH) {
		SHA256Init(&ctx);
		SHA256Update(&ctx, key, len);
		SHA256Final(digest, &ctx);
		explicit_bzero(&ctx, sizeof(ctx));
		key = digest;
		len = sizeof(digest);
	}
	pad_ctx(&h->inner, key, len, 0x36);
	pad_ctx(&h->outer, key, len, 0x5c);
	explicit_bzero(digest, sizeof(digest));
}

/* The MAC of the pieces, one after the other. */
void
hmac_iov(const struct hmac *h, const struct iovec *iov, int n,
    uint8_t out[HMAC_LEN])
{
	SHA2_CTX	 ctx;
	uint8_t		 in[HMAC_LEN];
	int		 i;

	ctx = h->inner;
	for (i = 0; i < n; i++)
		SHA256Update(&ctx, iov[i].iov_base, iov[i].iov_len);
	SHA256Final(in, &ctx);
	ctx = h->outer;
	SHA256Update(&ctx, in, sizeof(in));
	SHA256Final(out, &ctx);
}

/* b[0..n) in lowercase hex, 2n digits and a NUL. */
void
hmac_hex(const uint8_t *b, size_t n, char *hex)
{
	static const char	 digits[] = "0123456789abcdef";
	size_t			 i;

	for (i = 0; i < n; i++) {
		hex[2 * i] = digits[b[i] >> 4];
		hex[2 * i + 1] = digits[b[i] & 15];
	}
	hex[2 * n] = '\0';
}

/*
 * The key in path: a regular file of HMAC_KEY_MIN bytes at least, root's
 * (or owner's) and readable by no one else, read once and closed; NULL,
 * or why not.  What was read is wiped once hashed into h.
 */
const char *
hmac_keyfile(struct hmac *h, const char *path, uid_t owner)
{
	uint8_t		 key[HMAC_KEY_MAX + 1];
	struct stat	 st;
	ssize_t		 n, got = 0;
	int		 fd;

	/* A link is followed (a Kubernetes Secret is one): the file counts. */
	if ((fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC)) == -1)
		return strerror(errno);
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		return "not a regular file";
	}
	if ((st.st_uid != 0 && st.st_uid != owner) ||
	    (st.st_mode & 077) != 0) {
		close(fd);
		return "readable by others, or not root's (want mode 0600 "
		    "or 0400)";
	}
	while ((size_t)got < sizeof(key) &&
	    ((n = read(fd, key + got, sizeof(key) - got)) > 0 ||
	    (n == -1 && errno == EINTR)))
		if (n > 0)
			got += n;
	close(fd);
	if (got < HMAC_KEY_MIN || got > HMAC_KEY_MAX) {
		explicit_bzero(key, sizeof(key));
		return "want 32 to 4096 bytes";
	}
	hmac_init(h, key, got);
	explicit_bzero(key, sizeof(key));
	return NULL;
}
