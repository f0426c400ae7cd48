/*
 * What sockd's sandbox will go without here, said once for all sockds.
 */
#ifndef DINIT_SOCKD_NOTE_H
#define DINIT_SOCKD_NOTE_H

void	sockd_note(void);

#endif
