/*
 * The identity sockd drops to, when init is root: -user, or nobody.
 */
#ifndef DINIT_SOCKD_USER_H
#define DINIT_SOCKD_USER_H

#define NOBODY_ID	65534	/* where the password file has no nobody */

struct config;

void	sockd_user(struct config *);

#endif
