/* What the codec says of its errors and of a refusal. */
#include <atf-c.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "common/proto.h"
#include "common/util.h"
#include "regress/common/proto_frames.h"

ATF_TC_WITHOUT_HEAD(strerror_all);
ATF_TC_BODY(strerror_all, tc)
{
	const char	*s[PROTO_EFIELD + 1];
	int		 e, k;

	for (e = PROTO_OK; e <= PROTO_EFIELD; e++) {
		s[e] = proto_strerror(e);
		ATF_CHECK_MSG(s[e] != NULL && strcmp(s[e],
		    "unknown error") != 0, "error %d has no text", e);
		for (k = 0; k < e; k++)
			ATF_CHECK_MSG(strcmp(s[k], s[e]) != 0,
			    "errors %d and %d both say %s", k, e, s[e]);
	}
	ATF_CHECK_STREQ(proto_strerror(PROTO_EFIELD + 1), "unknown error");
	ATF_CHECK_STREQ(proto_strerror(-1), "unknown error");
}

ATF_TC_WITHOUT_HEAD(refusal_text);
ATF_TC_BODY(refusal_text, tc)
{
	static const struct {
		uint32_t	 code;
		int		 error;
		const char	*want;
	} cases[] = {
		{ REFUSE_EXEC, ENOENT, "exec: No such file or directory" },
		{ REFUSE_EXEC, EACCES, "exec: Permission denied" },
		{ REFUSE_EXEC, 0, "exec: fork or exec failed" },
		{ REFUSE_POLICY, 0, "policy: not allowed" },
		{ REFUSE_LIMIT, 0, "limit: too many running submissions" },
		{ REFUSE_LIMIT, ENOMEM, "limit: Cannot allocate memory" },
		{ REFUSE_RATE, 0, "rate: too many submissions per second" },
		{ REFUSE_SHUTDOWN, 0, "shutdown: init is shutting down" },
		{ REFUSE_CRED, 0, "cred: peer credentials could not be read" },
		{ REFUSE_BUSY, 0, "busy: too many commands starting at once" },
		{ REFUSE_NOMATCH, 0, "policy: no rule matches" },
		{ REFUSE_DENIED, 7, "policy: denied by line 7" },
		{ REFUSE_DENIED, PROTO_LINE_MAX,
		    "policy: denied by line 65535" },
		{ 0, 0, "refused (code 0)" },
		{ REFUSE_ATTACH, 0,
		    "attach: -wait wants fds 0, 1 and 2 from the submitter" },
		{ REFUSE_ATTACH, ENOTTY,
		    "attach: -t wants a new terminal of the submitter's" },
		{ REFUSE_REASON, 0, "policy: reason required" },
		{ REFUSE_NOSUCH, 0, "no such id: nothing of that id runs" },
		{ REFUSE_NOTYOURS, 0,
		    "not yours: another uid's submission, and no rule grants it" },
		{ REFUSE_MAX + 1, ENOENT, "refused (code 14)" },
	};
	char	 buf[128], small[6];
	size_t	 i;

	for (i = 0; i < nitems(cases); i++) {
		ATF_CHECK(proto_refusal(cases[i].code, cases[i].error, buf,
		    sizeof(buf)) == buf);
		ATF_CHECK_STREQ(buf, cases[i].want);
	}
	ATF_CHECK_STREQ(proto_refusal(REFUSE_EXEC, ENOENT, small,
	    sizeof(small)), "exec:");
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, strerror_all);
	ATF_TP_ADD_TC(tp, refusal_text);
	return atf_no_error();
}
