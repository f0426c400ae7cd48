/*
 * HMAC-SHA256 against RFC 4231's test vectors, and the audit trail's
 * line reader (common/auditline.c) on lines as audit.c writes them.
 */
#include <sys/uio.h>

#include <atf-c.h>
#include <stdio.h>
#include <string.h>

#include "common/auditline.h"
#include "common/hmac.h"
#include "common/util.h"

/* Hex to bytes; their count. */
static size_t
unhex(const char *hex, unsigned char *out)
{
	size_t	 n;
	unsigned int v;

	for (n = 0; hex[2 * n] != '\0'; n++) {
		sscanf(hex + 2 * n, "%2x", &v);
		out[n] = v;
	}
	return n;
}

static const struct {
	const char	*key, *data, *mac;
} rfc4231[] = {
	{ "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
	  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
	{ "4a656665",
	  "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
	  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
	  "dddddddddddddddddddddddddddddddddddd",
	  "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe" },
	{ "0102030405060708090a0b0c0d0e0f10111213141516171819",
	  "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"
	  "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
	  "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b" },
	/* Case 6: a key longer than a block, hashed first. */
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaa",
	  "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a"
	  "65204b6579202d2048617368204b6579204669727374",
	  "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
	/* Case 7: and data longer than a block. */
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaa",
	  "5468697320697320612074657374207573696e672061206c6172676572207468"
	  "616e20626c6f636b2d73697a65206b657920616e642061206c61726765722074"
	  "68616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565"
	  "647320746f20626520686173686564206265666f7265206265696e6720757365"
	  "642062792074686520484d414320616c676f726974686d2e",
	  "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2" },
};

ATF_TC_WITHOUT_HEAD(rfc4231_vectors);
ATF_TC_BODY(rfc4231_vectors, tc)
{
	unsigned char	 key[256], data[256], mac[HMAC_LEN];
	char		 hex[HMAC_HEXLEN + 1];
	struct hmac	 h;
	struct iovec	 iov[2];
	size_t		 i, kn, dn;

	for (i = 0; i < nitems(rfc4231); i++) {
		kn = unhex(rfc4231[i].key, key);
		dn = unhex(rfc4231[i].data, data);
		hmac_init(&h, key, kn);
		/* In two pieces, cut anywhere: the same MAC. */
		iov[0].iov_base = data;
		iov[0].iov_len = dn / 3;
		iov[1].iov_base = data + dn / 3;
		iov[1].iov_len = dn - dn / 3;
		hmac_iov(&h, iov, 2, mac);
		hmac_hex(mac, sizeof(mac), hex);
		ATF_CHECK_STREQ_MSG(hex, rfc4231[i].mac, "case %zu", i + 1);
	}
}

#define RUNHEX	"0123456789abcdef0123456789abcdef"
#define MACHEX	RUNHEX RUNHEX

ATF_TC_WITHOUT_HEAD(line_members);
ATF_TC_BODY(line_members, tc)
{
	const char	*s = "{\"event\":\"x\",\"seq\":42,\"run\":\"" RUNHEX
	    "\",\"mac\":\"" MACHEX "\"}";
	struct audit_line l;

	ATF_REQUIRE(auditline_parse(s, strlen(s), &l) == NULL);
	ATF_CHECK_EQ(l.seq, 42);
	ATF_CHECK(memcmp(l.run, RUNHEX, 32) == 0);
	ATF_CHECK(l.mac != NULL && memcmp(l.mac, MACHEX, 64) == 0);
	ATF_CHECK_EQ(l.at, strlen("{\"event\":\"x\""));
	ATF_CHECK_EQ(l.body, strlen(s) - strlen(",\"mac\":\"\"}") - 64);
	s = "{\"x\":\",\\\"seq\\\":1\",\"seq\":7,\"run\":\"" RUNHEX "\"}";
	ATF_REQUIRE(auditline_parse(s, strlen(s), &l) == NULL);
	ATF_CHECK(l.mac == NULL && l.seq == 7);
}

ATF_TC_WITHOUT_HEAD(line_refusals);
ATF_TC_BODY(line_refusals, tc)
{
	static const char *const bad[] = {
		"",
		"{}",
		"{\"seq\":1}",
		"{\"seq\":0,\"run\":\"" RUNHEX "\"}",
		"{\"seq\":01,\"run\":\"" RUNHEX "\"}",
		"{\"seq\":1,\"run\":\"" RUNHEX "0\"}",
		"{\"seq\":1,\"run\":\"0123456789ABCDEF0123456789abcdef\"}",
		"{\"seq\":,\"run\":\"" RUNHEX "\"}",
		"{\"seq\":12345678901234567890,\"run\":\"" RUNHEX "\"}",
		"{\"seq\":1,\"run\":\"" RUNHEX "\" }",
		"{\"sek\":1,\"run\":\"" RUNHEX "\"}",
		"\"seq\":1,\"run\":\"" RUNHEX "\"}",
	};
	struct audit_line l;
	size_t		 i;

	for (i = 0; i < nitems(bad); i++)
		ATF_CHECK_MSG(auditline_parse(bad[i], strlen(bad[i]), &l) !=
		    NULL, "case %zu taken", i);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, rfc4231_vectors);
	ATF_TP_ADD_TC(tp, line_members);
	ATF_TP_ADD_TC(tp, line_refusals);
	return atf_no_error();
}
