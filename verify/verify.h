/*
 * dinit -verify-audit FILE -audit-key-file KEY [-anchor SEQ:MAC]: the
 * chain of an audit trail's file sink, checked.
 */
#ifndef DINIT_VERIFY_H
#define DINIT_VERIFY_H

int	verify_main(const char *, const char *, const char *);

#endif
