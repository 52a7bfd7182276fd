/*
 * The tools' Kafka client: blocking sockets with poll and one overall
 * deadline, no event loop. It connects to the first reachable broker of a
 * bootstrap list, negotiates API versions (ApiVersions v3, falling back to
 * the version the broker names, else v0), and sends requests encoded by the
 * same codec the broker uses. Metadata gives the broker list; requests for a
 * partition go to its leader over a connection opened on first use.
 *
 * Errors: calls return 0, or CLIENT_EUNAVAIL (no broker reachable, the
 * deadline passed, a connection broke and could not be made again) or
 * CLIENT_EPROTO (the broker does not speak an API or sent bytes we cannot
 * decode); client_error() says what happened in one line. Kafka error codes
 * stay in the decoded responses.
 */
#ifndef KAF_NET_CLIENT_H
#define KAF_NET_CLIENT_H

#include <stdint.h>

#include "core/base/arena.h"
#include "net/proto/api.h"

#define CLIENT_EUNAVAIL (-1)
#define CLIENT_EPROTO (-2)

/* Responses larger than this are refused before anything is allocated. */
#define CLIENT_MAX_FRAME (256 * 1024 * 1024)
#define CLIENT_MAX_BROKERS 64

struct client_conn {
	int fd;				/* -1 = not connected */
	int32_t node_id;		/* -1 for the bootstrap connection */
	char host[256];
	int port;
	int16_t version[API_KEY_COUNT];	/* negotiated; -1 = not supported */
	int32_t next_correlation;
};

struct client {
	const char *bootstrap;		/* "host:port,host:port" */
	const char *client_id;
	int64_t deadline_ns;		/* monotonic; the whole operation ends here */
	struct client_conn boot;	/* the bootstrap connection */
	struct client_conn brokers[CLIENT_MAX_BROKERS];	/* from Metadata, by node id */
	int nbrokers;
	char err[512];
	int debug;			/* print requests on stderr */
};

/* The default when neither -b nor KAF_BROKERS names brokers. */
#define CLIENT_DEFAULT_BOOTSTRAP "127.0.0.1:9092"

void client_init(struct client *c, const char *bootstrap, int64_t timeout_ms);
void client_release(struct client *c);

/* Connect to a bootstrap broker (retrying until the deadline). */
int client_connect(struct client *c);

/*
 * Send req (the request struct of api key) to conn and decode the response
 * into resp (a zeroed struct of the response type), memory from a. Version
 * is the negotiated one. A broken connection is opened again and the
 * request resent, with backoff, up to 5 times and never past the deadline.
 */
int client_call(struct client *c, struct client_conn *conn, int key, const void *req, void *resp,
		struct arena *a);
/* The negotiated version of key on conn, or -1 when the broker lacks it. */
int client_version(const struct client_conn *conn, int key);

/*
 * Metadata for the named topics (ntopics < 0: all topics), from the
 * bootstrap connection; remembers the broker list for client_broker.
 */
struct metadata_resp;
int client_metadata(struct client *c, const char *const *topics, int ntopics,
		    struct metadata_resp *resp, struct arena *a);

/*
 * Metadata as client_metadata, saying whether the broker may create the
 * named topics (producers ask it to; admin tools do not).
 */
int client_metadata_auto(struct client *c, const char *const *topics, int ntopics,
			 int allow_auto_create, struct metadata_resp *resp, struct arena *a);

/*
 * Pipelining on one connection: a caller that encodes its own requests
 * (the producer builds Produce frames in place) sends several with
 * client_send_frame and reads their answers, in request order, with
 * client_recv_frame. Neither retries: a broken connection is closed and
 * CLIENT_EUNAVAIL returned, the caller resends what was unanswered after
 * client_conn_open. Both wait at most until the client's deadline.
 */
struct buf;
/* Open conn (again) if it is closed: 0, or CLIENT_EUNAVAIL/CLIENT_EPROTO. */
int client_conn_open(struct client *c, struct client_conn *conn);
/*
 * Append a frame's size placeholder and request header v1/v2 for (key,
 * version) to out, returning the correlation id; the caller appends the
 * body and then calls client_frame_end with the frame's start offset.
 */
int32_t client_frame_begin(struct client *c, struct client_conn *conn, int key, int version,
			   struct buf *out);
void client_frame_end(struct buf *out, size_t start);
int client_send_frame(struct client *c, struct client_conn *conn, const uint8_t *p, size_t n);
/*
 * Read the next response frame on conn, check it answers correlation id
 * corr, and decode it as the response of (key, version) into resp (zeroed
 * here), memory from a.
 */
int client_recv_frame(struct client *c, struct client_conn *conn, int key, int version,
		      int32_t corr, void *resp, struct arena *a);

/* The connection to broker node_id (opened on first use), or NULL with the error set. */
struct client_conn *client_broker(struct client *c, int32_t node_id);

/*
 * Sleep before retry number attempt (1, 2, ...): 100 ms doubling up to 1 s,
 * never past the deadline. Returns 0, or CLIENT_EUNAVAIL when the deadline
 * leaves no room for another try.
 */
int client_backoff(struct client *c, int attempt);

/* Milliseconds left before the deadline (0 when passed). */
int64_t client_left_ms(const struct client *c);

/* One line saying what went wrong last. */
const char *client_error(const struct client *c);

/*
 * Split the next "host:port" off a bootstrap list (*list moves past it).
 * Returns 1 with host (NUL-terminated, [v6] brackets dropped) and port, 0 at
 * the end, -1 for a malformed entry.
 */
int client_next_address(const char **list, char *host, size_t hostsz, int *port);

#endif
