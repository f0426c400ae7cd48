/* Who the sandboxed child is: its ids and its capabilities. */
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <atf-c.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/landlock.h>
#include <poll.h>
#include <sanitizer/lsan_interface.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"
#include "regress/sockd/sandbox_kid.h"
#include "sockd/sandbox.h"

ROOT_TC(ids_are_nobody,
    "real, effective, saved and fs ids and the groups are -user's")
{
	struct kid	 k;

	kid_start(&k, idle);
	wait_ready(&k);
	check_proc(k.pid, "status", "Uid:", "65534\t65534\t65534\t65534");
	check_proc(k.pid, "status", "Gid:", "65534\t65534\t65534\t65534");
	check_proc(k.pid, "status", "Groups:", "65534");
	kid_finish(&k);
	ATF_CHECK_MSG(WIFEXITED(k.status) && WEXITSTATUS(k.status) == 0,
	    "%s", status_str(k.status));
}

ROOT_TC(capabilities_are_empty,
    "no capability is left in any set, the bounding set included")
{
	static const char *const sets[] = {
		"CapInh:", "CapPrm:", "CapEff:", "CapBnd:", "CapAmb:",
	};
	struct kid	 k;
	size_t		 i;

	kid_start(&k, idle);
	wait_ready(&k);
	for (i = 0; i < nitems(sets); i++)
		check_proc(k.pid, "status", sets[i], "0000000000000000");
	kid_finish(&k);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, ids_are_nobody);
	ATF_TP_ADD_TC(tp, capabilities_are_empty);
	return atf_no_error();
}
