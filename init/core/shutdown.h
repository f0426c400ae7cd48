/*
 * Signals to many processes at once: what the loop sends at shutdown
 * and what it forwards.
 */
#ifndef DINIT_SHUTDOWN_H
#define DINIT_SHUTDOWN_H

void	shutdown_init(int);
void	signal_all(int, int, int);
void	signal_children(int, int);
int	children_gone(void);

#endif
