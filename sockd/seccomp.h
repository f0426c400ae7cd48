#ifndef DINIT_SECCOMP_H
#define DINIT_SECCOMP_H

/* Install sockd's system call allow-list; fatal if the kernel refuses. */
void	seccomp_enter(void);

#endif
