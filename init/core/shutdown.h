/*
 * Signals to many processes at once: what the loop sends at shutdown
 * and what it forwards.
 */
#ifndef DINIT_SHUTDOWN_H
#define DINIT_SHUTDOWN_H

void	shutdown_init(int);
void	shutdown_signal_all(int, int, int);
void	shutdown_signal_children(int, int);
int	shutdown_children_gone(void);

#endif
