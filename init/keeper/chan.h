/*
 * The message channel to sockd: one SOCK_SEQPACKET socket, one frame a
 * record.  Each sockd generation gets a fresh channel; a reply meant for
 * a generation that is gone is dropped.
 */
#ifndef DINIT_CHAN_H
#define DINIT_CHAN_H

#include <sys/types.h>

#include <poll.h>
#include <stdint.h>

#include "common/proto.h"

enum chan_event {
	CHAN_NONE,		/* nothing to read now */
	CHAN_SPAWN,		/* a well-formed SPAWN with its fds */
	CHAN_SIGNAL,		/* a well-formed SIGNAL with one fd */
	CHAN_STATUS,		/* a well-formed STATUS with one fd */
	CHAN_CONTROL,		/* a well-formed CONTROL with one fd */
	CHAN_BAD,		/* sockd broke the protocol; why says how */
	CHAN_CLOSED,		/* sockd is gone */
};

struct frame {
	struct spawn_msg	 m;
	struct signal_msg	 sig;		/* CHAN_SIGNAL */
	struct status_msg	 st;		/* CHAN_STATUS */
	struct control_msg	 ctl;		/* CHAN_CONTROL */
	int			 fd;		/* the client's socket */
	int			 bundle;	/* SPAWN_WAIT: its fds, or -1 */
	uint32_t		 gen;		/* the generation that sent it */
	const char		*why;		/* CHAN_BAD */
	size_t			 len;
	unsigned char		 raw[PROTO_FRAME_MAX + 1];
};

void		chan_open(int);
void		chan_close(void);
int		chan_pollfd(struct pollfd *, int);
enum chan_event	chan_read(struct frame *);
void		chan_reply(uint32_t, uint32_t, pid_t, uint32_t, int);
void		chan_end(uint32_t, uint32_t, int, int);
int		chan_record(uint32_t, const struct record_msg *, char *const []);
void		chan_done(uint32_t, const struct done_msg *);

#endif
