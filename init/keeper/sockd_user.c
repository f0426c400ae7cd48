/*
 * sockd's identity without -user: nobody, looked up only when a sockd is
 * about to run, in the child that executes it (supervise.c), so that
 * PID 1 never waits on a name service, and a container that never
 * submits never reads the password file.
 */
#include <sys/types.h>

#include <pwd.h>
#include <stddef.h>

#include "init/config.h"
#include "init/keeper/sockd_user.h"

/* As -user nobody would: its uid, and that uid's primary group. */
void
sockd_user(struct config *c)
{
	struct passwd	*pw;

	if (c->user_uid != (uid_t)-1)
		return;
	if ((pw = getpwnam("nobody")) == NULL) {
		c->user_uid = NOBODY_ID;
		c->user_gid = NOBODY_ID;
		return;
	}
	c->user_uid = pw->pw_uid;
	pw = getpwuid(c->user_uid);
	c->user_gid = pw != NULL ? pw->pw_gid : c->user_uid;
}
