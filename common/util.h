/*
 * Small things every layer uses.
 */
#ifndef DINIT_UTIL_H
#define DINIT_UTIL_H

#ifndef nitems
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#endif
