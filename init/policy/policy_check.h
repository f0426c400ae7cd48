/*
 * dinit -check-policy FILE [-u USER[:GROUP]] [-as-user USER] [-r CMD ...]:
 * the rules as dinit reads them, and what they decide, like doas -C.
 */
#ifndef DINIT_POLICY_CHECK_H
#define DINIT_POLICY_CHECK_H

struct config;

/* 0 if every command is permitted, 1 if one is refused, 2 if bad. */
int	policy_check_main(const struct config *);

#endif
