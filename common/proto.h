/*
 * The wire protocol between sockd and init: one SOCK_SEQPACKET record is
 * one frame.  All integers are fixed width in native byte order (both ends
 * are one build) and are read with memcpy, never by casting the buffer.
 *
 *	header		u32 type, u32 len (whole frame), u32 id, u32 version
 *	SPAWN		u16 argc (1..PROTO_ARGC_MAX), u16 argvlen
 *			(2..PROTO_ARGV_MAX), u8 seq, u8 count (command seq
 *			of the count in one request: 1..PROTO_COUNT_MAX,
 *			seq < count), u16 flags (SPAWN_AS, SPAWN_AS_GID,
 *			SPAWN_WAIT, SPAWN_TTY with SPAWN_WAIT), u32 uid,
 *			u32 gid (the target the client asked for with -u:
 *			0..PROTO_ID_MAX where its flag is set, 0 where it
 *			is not), u32 time (the client's time limit in
 *			milliseconds, 0 for none), then argc non-empty
 *			NUL-terminated strings filling exactly argvlen bytes,
 *			then the submitter's reason (-reason), the rest of the
 *			frame: 0 to PROTO_REASON_MAX bytes, none of them NUL;
 *			the client's socket travels with it as SCM_RIGHTS,
 *			and with SPAWN_WAIT (seq 0 of count 1 only) the
 *			client's bundle after it: a unix socket the client
 *			made, holding one record of one byte with its fds 0,
 *			1 and 2 (with SPAWN_TTY: one new pty's slave, thrice)
 *	SIGNAL		u32 signal (PROTO_SIGNALS, or SIGNAL_GONE: the
 *			client left, the submission is to end), u32 zero: for
 *			the attached command of the SPAWN with this id, with
 *			that SPAWN's client socket attached again
 *	SPAWNED		i32 pid, u32 zero (the replies are 24 bytes)
 *	REFUSED		u32 code (enum refuse_code), u32 detail: for
 *			REFUSE_DENIED the line of the rule that denied
 *			(1..PROTO_LINE_MAX), otherwise an errno (0..4095)
 *	END		u32 how (END_EXIT, END_SIGNAL, END_LIMIT), u32 value
 *			(an exit status 0..255, a signal 1..PROTO_SIG_MAX, 0
 *			for END_LIMIT: ended by its time limit): how the
 *			attached command of the SPAWN with this id ended,
 *			after its SPAWNED
 *
 * Status and control (dinit -status, -signal, -kill), each carrying the
 * client's socket, so that init asks the kernel who asks:
 *
 *	STATUS		u32 max (records, 1..PROTO_PAGE_MAX), u32 part
 *			(STATUS_CMDS, STATUS_SUBS), u64 after (the last
 *			pid, or submission id, already told; 0 to begin):
 *			one page of the listing
 *	CONTROL		u32 op (CTL_SIGNAL, CTL_KILL, CTL_SIGNAL_PID), u32
 *			signal (PROTO_CTL_SIGNALS; 0 for CTL_KILL), u64
 *			target (a submission id, or for CTL_SIGNAL_PID the
 *			pid of a -r command or hook, 1..INT32_MAX)
 *	RECORD		one thing running: u64 submission id (0 for a
 *			command or hook), u64 started (ms since the epoch),
 *			i32 pid, u32 kind (REC_*), u32 uid, u32 gid (the
 *			submitter's), i32 peer pid (0: not seen), u32 as_uid,
 *			u32 as_gid, u32 limit (ms, 0: none), u32 left (ms,
 *			at most limit), u32 flags (REC_CUT), u16 argc
 *			(1..PROTO_ARGC_MAX), u16 argvlen (1..PROTO_ARGV_MAX),
 *			then argc NUL-terminated strings (empty ones too)
 *			filling exactly argvlen bytes
 *	DONE		u32 code (0 or enum refuse_code), u32 detail (as
 *			REFUSED's), u32 more (1: ask again from part and
 *			after), u32 part, u64 after, u32 count (the RECORDs
 *			of this page, sent before it), u32 zero: the end of
 *			a STATUS page or the answer to a CONTROL
 */
#ifndef DINIT_PROTO_H
#define DINIT_PROTO_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * How init executes sockd: dinit's own binary with the argv
 * "dinit-sockd -sockd UID GID" (the flag, not argv[0], says the role:
 * valgrind and emulators rewrite argv[0]), the listening socket on fd 3,
 * sockd's end of the socket pair on fd 4, and an environment of TZ and
 * DINIT_LOG_FORMAT (common/log.h) at most.
 */
#define PROTO_SOCKD_ARGV0	"dinit-sockd"
#define PROTO_SOCKD_FLAG	"-sockd"
#define PROTO_LISTEN_FD		3
#define PROTO_PAIR_FD		4
/* sockd cannot run here, and never will: do not start it again. */
#define PROTO_SOCKD_EXIT_PERMANENT	78

#define PROTO_VERSION	5
#define PROTO_HDRLEN	16
#define PROTO_ARGC_MAX	64
#define PROTO_ARGV_MAX	512
#define PROTO_COUNT_MAX	32	/* commands in one request */
#define PROTO_ID_MAX	(UINT32_MAX - 1)	/* (uid_t)-1 is no one */
#define PROTO_LINE_MAX	65535	/* of a rules file */
#define PROTO_REASON_MAX 200	/* bytes of a submitter's reason */
#define PROTO_SPAWN_MAX	(PROTO_HDRLEN + 20 + PROTO_ARGV_MAX + PROTO_REASON_MAX)
#define PROTO_REPLY_LEN	(PROTO_HDRLEN + 8)
#define PROTO_SIG_MAX	64
#define PROTO_STATUS_LEN	(PROTO_HDRLEN + 16)
#define PROTO_CONTROL_LEN	PROTO_STATUS_LEN	/* the same layout */
#define PROTO_DONE_LEN		(PROTO_HDRLEN + 32)
#define PROTO_RECORD_MAX	(PROTO_HDRLEN + 60 + PROTO_ARGV_MAX)
#define PROTO_FRAME_MAX	PROTO_SPAWN_MAX		/* the largest of all */
#define PROTO_PAGE_MAX	64	/* records a STATUS page, at most */
#if PROTO_RECORD_MAX > PROTO_FRAME_MAX
#error "PROTO_FRAME_MAX must be the largest frame"
#endif

enum msg_type {
	MSG_SPAWN = 1,
	MSG_SPAWNED = 2,
	MSG_REFUSED = 3,
	MSG_SIGNAL = 4,
	MSG_END = 5,
	MSG_STATUS = 6,
	MSG_CONTROL = 7,
	MSG_RECORD = 8,
	MSG_DONE = 9,
};

/* The listing's two parts: commands and hooks by pid, then submissions. */
enum status_part {
	STATUS_CMDS = 0,
	STATUS_SUBS = 1,
};

enum ctl_op {
	CTL_SIGNAL = 1,		/* a signal to a submission's command */
	CTL_KILL = 2,		/* end the submission, all of it */
	CTL_SIGNAL_PID = 3,	/* a signal to a -r command or hook */
};

enum rec_kind {
	REC_COMMAND = 1,
	REC_HOOK = 2,
	REC_SUBMISSION = 3,
};
#define REC_CUT		0x0001	/* the argv is cut short */

enum end_how {
	END_EXIT = 1,
	END_SIGNAL = 2,
	END_LIMIT = 3,		/* stopped by its time limit */
};

enum refuse_code {
	REFUSE_NONE = 0,	/* admitted: no refusal */
	REFUSE_POLICY = 1,	/* not allowed */
	REFUSE_LIMIT = 2,	/* too many running submissions */
	REFUSE_RATE = 3,	/* too many submissions per second */
	REFUSE_EXEC = 4,	/* fork or exec failed; errno says why */
	REFUSE_SHUTDOWN = 5,	/* init is shutting down */
	REFUSE_CRED = 6,	/* peer credentials could not be read */
	REFUSE_BUSY = 7,	/* too many starting at this moment */
	REFUSE_NOMATCH = 8,	/* no rule of the policy matches */
	REFUSE_DENIED = 9,	/* a deny rule matched; detail: its line */
	REFUSE_ATTACH = 10,	/* the fds of -wait: not the submitter's 3 */
	REFUSE_REASON = 11,	/* the rule wants a -reason, none given */
	REFUSE_NOSUCH = 12,	/* no such submission (or command) runs */
	REFUSE_NOTYOURS = 13,	/* another uid's, and no rule grants it */
};
#define REFUSE_MAX	REFUSE_NOTYOURS

/*
 * SPAWN flags: whom the command is to run as, if not its submitter, and
 * whether it is attached (-wait): run with the client's fds 0, 1 and 2,
 * its end told, signals from the client passed on; and whether those
 * fds are a new pseudo-terminal the client made for it (-t), which
 * becomes its controlling terminal.
 */
#define SPAWN_AS	0x0001	/* the uid field holds the target's uid */
#define SPAWN_AS_GID	0x0002	/* and the gid field its gid */
#define SPAWN_WAIT	0x0004	/* attached; one command only */
#define SPAWN_TTY	0x0008	/* and on a terminal of its own */
#define SPAWN_FLAGS	(SPAWN_AS | SPAWN_AS_GID | SPAWN_WAIT | SPAWN_TTY)

/* A SIGNAL's signal when the client is gone: end the whole submission. */
#define SIGNAL_GONE	0

/* What a client may signal its attached command with, and sockd add. */
#define PROTO_SIGNALS	{ SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, \
			  SIGUSR2, SIGWINCH, SIGCONT }
/*
 * What dinit -signal may send: those, and STOP and ALRM.  KILL is
 * -kill's, which ends the whole submission.
 */
#define PROTO_CTL_SIGNALS { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, \
			  SIGUSR2, SIGWINCH, SIGCONT, SIGSTOP, SIGALRM }

enum proto_err {
	PROTO_OK = 0,
	PROTO_ESHORT,		/* shorter than its type requires */
	PROTO_ELEN,		/* len field disagrees with bytes received */
	PROTO_EVERSION,		/* version field not PROTO_VERSION */
	PROTO_ETYPE,		/* unknown or unexpected type */
	PROTO_EARGC,		/* argc out of range or not matching strings */
	PROTO_EARGVLEN,		/* argvlen out of range or not matching len */
	PROTO_EEMPTY,		/* an empty string */
	PROTO_ENUL,		/* strings not NUL-terminated */
	PROTO_ECODE,		/* REFUSED code out of range */
	PROTO_EPID,		/* SPAWNED pid not positive */
	PROTO_ESEQ,		/* seq or count out of range */
	PROTO_EFLAGS,		/* unknown flags, SPAWN_AS_GID alone, or
				   SPAWN_TTY without SPAWN_WAIT */
	PROTO_ETARGET,		/* uid or gid too big, or not 0 unflagged */
	PROTO_ESIGNAL,		/* SIGNAL of a signal not in PROTO_SIGNALS */
	PROTO_EEND,		/* END how or value out of range */
	PROTO_ESPACE,		/* encoder: output buffer too small or argv too big */
	PROTO_EREASON,		/* encoder: a reason too long */
	PROTO_EFIELD,		/* a status or control field out of range */
};

/*
 * A target: SPAWN_AS clear for none (the command runs as its
 * submitter); the flags carry SPAWN_WAIT and SPAWN_TTY too.
 */
struct spawn_as {
	unsigned	 flags;		/* SPAWN_AS, SPAWN_AS_GID, SPAWN_WAIT,
					   SPAWN_TTY */
	uint32_t	 uid;
	uint32_t	 gid;
	uint32_t	 time_ms;	/* the client's time limit, 0: none */
};

/* A decoded SPAWN: argv points into buf, argv[argc] is NULL. */
struct spawn_msg {
	uint32_t	 id;
	int		 seq;		/* of count, in the client's request */
	int		 count;
	struct spawn_as	 as;
	int		 argc;
	char		*argv[PROTO_ARGC_MAX + 1];
	char		 buf[PROTO_ARGV_MAX];
	char		 reason[PROTO_REASON_MAX + 1];	/* "": none */
};

/* A decoded SIGNAL. */
struct signal_msg {
	uint32_t	 id;
	int		 sig;
};

/* A decoded SPAWNED, REFUSED or END. */
struct reply_msg {
	uint32_t	 type;
	uint32_t	 id;
	pid_t		 pid;		/* SPAWNED */
	uint32_t	 code;		/* REFUSED; END: enum end_how */
	int		 error;		/* REFUSED: errno, or a rule's line;
					   END: the status or signal */
};

/* A decoded STATUS: one page of the listing asked for. */
struct status_msg {
	uint32_t	 id;
	int		 max;
	int		 part;		/* enum status_part */
	uint64_t	 after;
};

/* A decoded CONTROL. */
struct control_msg {
	uint32_t	 id;
	int		 op;		/* enum ctl_op */
	int		 sig;
	uint64_t	 target;
};

/* A RECORD: argv points into buf, argv[argc] is NULL. */
struct record_msg {
	uint32_t	 id;
	uint64_t	 subid;		/* 0: a command or hook */
	uint64_t	 started_ms;
	pid_t		 pid;
	int		 kind;		/* enum rec_kind */
	uint32_t	 uid;
	uint32_t	 gid;
	pid_t		 peer_pid;	/* 0: not seen */
	uint32_t	 as_uid;
	uint32_t	 as_gid;
	uint32_t	 limit_ms;	/* 0: none */
	uint32_t	 left_ms;
	unsigned	 flags;		/* REC_CUT */
	int		 argc;
	char		*argv[PROTO_ARGC_MAX + 1];
	char		 buf[PROTO_ARGV_MAX];
};

/* A decoded DONE. */
struct done_msg {
	uint32_t	 id;
	uint32_t	 code;		/* 0: done */
	int		 detail;
	int		 more;
	int		 part;
	uint64_t	 after;
	uint32_t	 count;
};

/*
 * SPAWN's encoder says why not, as the decoders do, and the length
 * through its last argument; the replies' return the frame length, or
 * -1 for a value out of range or no room.
 */
enum proto_err proto_encode_spawn(void *, size_t, uint32_t, int, int,
		    const struct spawn_as *, const char *, char *const [],
		    size_t *);
ssize_t	proto_encode_spawned(void *, size_t, uint32_t, pid_t);
ssize_t	proto_encode_refused(void *, size_t, uint32_t, uint32_t, int);
ssize_t	proto_encode_signal(void *, size_t, uint32_t, int);
ssize_t	proto_encode_end(void *, size_t, uint32_t, uint32_t, int);

/* Status and control: the frame's length, or -1 for a value out of range. */
ssize_t	proto_encode_status(void *, size_t, uint32_t, int, int, uint64_t);
ssize_t	proto_encode_control(void *, size_t, uint32_t, int, int, uint64_t);
ssize_t	proto_encode_done(void *, size_t, const struct done_msg *);
/* A RECORD from r (argv: NULL-terminated) into buf, its length in *lenp. */
enum proto_err proto_encode_record(void *, size_t, const struct record_msg *,
		    char *const [], size_t *);

/* Decoders: pure functions over a buffer, no allocation, no I/O. */
enum proto_err	proto_decode_spawn(const void *, size_t, struct spawn_msg *);
enum proto_err	proto_decode_reply(const void *, size_t, struct reply_msg *);
enum proto_err	proto_decode_signal(const void *, size_t, struct signal_msg *);
enum proto_err	proto_decode_status(const void *, size_t, struct status_msg *);
enum proto_err	proto_decode_control(const void *, size_t, struct control_msg *);
enum proto_err	proto_decode_record(const void *, size_t, struct record_msg *);
enum proto_err	proto_decode_done(const void *, size_t, struct done_msg *);
uint32_t	proto_type(const void *, size_t);
int		proto_signal_ok(int);
int		proto_ctl_signal_ok(int);

const char	*proto_strerror(enum proto_err);
const char	*proto_refusal(uint32_t, int, char *, size_t);

#endif
