#ifndef DINIT_SECCOMP_H
#define DINIT_SECCOMP_H

/* Install sockd's system call allow-list: 0, or -1 with errno set. */
int	seccomp_enter(void);

#endif
