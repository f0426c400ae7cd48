/*
 * Expansion of the words given with -r, -start and -stop: $NAME and
 * ${NAME} from the environment (unset: empty), \$ for a literal $.
 * Anything else after a $ ($(, $1, ${ without a name and brace) is left
 * as it is.
 */
#ifndef DINIT_EXPAND_H
#define DINIT_EXPAND_H

char	*expand(const char *);

#endif
