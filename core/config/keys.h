/*
 * The broker's configuration keys: the one list that feeds parsing,
 * validation, the getters' enum, --print-config, etc/kaf.conf and the key
 * check of man/kaf.conf.5. Names are Kafka's server.properties names, so a
 * Kafka file loads as it is. Defaults are Kafka's unless the help text says
 * why kaf differs.
 *
 * CFG_KEYS(X) calls, for every key,
 *   X(ID, name, type, default, min, max, values, flags, synonym, check, group, help)
 *
 *   ID        CFG_<ID> in enum config_key
 *   type      T_STRING T_LIST T_INT T_LONG T_BOOL T_SIZE T_MS T_MINUTES T_HOURS
 *             T_DOUBLE T_ENUM (one of values) T_ENUMLIST (comma list of values)
 *   default   text as it would appear in a file; NULL = unset (Kafka's "null")
 *   min, max  inclusive range of numeric keys, in the key's own unit
 *   values    T_ENUM / T_ENUMLIST words separated by '|', else NULL; for
 *             T_ENUMLIST word i is bit 1 << i of config_enum()
 *   flags     F_IGNORED  accepted and checked, but kaf does not act on it (warns)
 *             F_FIXED    kaf supports only the default; another value warns
 *             F_ALIAS    older name of synonym: both set means they must agree
 *   synonym   NONE, or the ID of a key that takes precedence over this one
 *             (Kafka's ms > minutes > hours rules): the higher key's value
 *             is the first one set among it and its synonyms, in list order,
 *             else the first default among them
 *   check     extra syntax check: none, listeners, protocol_map, voters, dirs
 *   group     section heading for etc/kaf.conf and the man page
 *   help      one line; for an F_IGNORED key it says why it has no effect
 *
 * CFG_TOPIC_KEYS(T_LOG, T_SYN, T_OWN) lists Kafka's topic-level keys:
 *   T_LOG(name, synonym, field)  sets struct log_config's field; type, range
 *                                and default are those of the broker synonym
 *   T_SYN(name, synonym)         checked like its broker synonym, stored with
 *                                the topic, no log_config field
 *   T_OWN(name, type, default, min, max, values, help)  topic-only key, stored
 */
#ifndef KAF_CONFIG_KEYS_H
#define KAF_CONFIG_KEYS_H

#include <stdint.h>

#define CFG_I32MAX INT32_MAX
#define CFG_I64MAX INT64_MAX

/* clang-format off */
#define CFG_KEYS(X) \
	/* ---- server basics ---- */ \
	X(NODE_ID, "node.id", T_INT, "1", 0, CFG_I32MAX, NULL, 0, NONE, none, SERVER, \
	  "Id of this node (Kafka requires it in KRaft mode; kaf defaults to 1 for a single node)") \
	X(BROKER_ID, "broker.id", T_INT, NULL, 0, CFG_I32MAX, NULL, F_ALIAS, NODE_ID, none, SERVER, \
	  "Older name of node.id; used when node.id is not set, must equal it when both are") \
	X(PROCESS_ROLES, "process.roles", T_ENUMLIST, "broker,controller", 0, 0, "broker|controller", \
	  F_FIXED, NONE, none, SERVER, \
	  "Roles of this node; kaf always runs broker and controller in one process") \
	X(CONTROLLER_QUORUM_VOTERS, "controller.quorum.voters", T_LIST, "", 0, 0, NULL, F_IGNORED, \
	  NONE, voters, SERVER, \
	  "Static Raft voters id@host:port,...; kaf runs a single-node quorum and does not use it") \
	X(CONTROLLER_QUORUM_BOOTSTRAP_SERVERS, "controller.quorum.bootstrap.servers", T_LIST, "", 0, 0, \
	  NULL, F_IGNORED, NONE, none, SERVER, \
	  "Controller endpoints to bootstrap from; kaf runs a single-node quorum and does not use it") \
	X(CONTROLLER_LISTENER_NAMES, "controller.listener.names", T_LIST, NULL, 0, 0, NULL, 0, NONE, \
	  none, SERVER, \
	  "Listener names used by controllers; kaf has no separate controller endpoint and skips them") \
	X(METADATA_LOG_DIR, "metadata.log.dir", T_STRING, NULL, 0, 0, NULL, F_IGNORED, NONE, none, \
	  SERVER, "Directory of the metadata log; kaf keeps it in the first of log.dirs") \
	/* ---- listeners and sockets ---- */ \
	X(LISTENERS, "listeners", T_LIST, "PLAINTEXT://127.0.0.1:9092", 0, 0, NULL, 0, NONE, \
	  listeners, NET, \
	  "Addresses to listen on, NAME://host:port,... (Kafka: PLAINTEXT://:9092; kaf: loopback only)") \
	X(ADVERTISED_LISTENERS, "advertised.listeners", T_LIST, NULL, 0, 0, NULL, 0, NONE, listeners, \
	  NET, "Addresses given to clients in metadata, NAME://host:port,...; unset = listeners") \
	X(LISTENER_SECURITY_PROTOCOL_MAP, "listener.security.protocol.map", T_LIST, \
	  "PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL", 0, 0, NULL, 0, \
	  NONE, protocol_map, NET, \
	  "Security protocol of each listener name, NAME:PROTOCOL,...") \
	X(INTER_BROKER_LISTENER_NAME, "inter.broker.listener.name", T_STRING, NULL, 0, 0, NULL, \
	  F_IGNORED, NONE, none, NET, \
	  "Listener brokers use between themselves; a single kaf node has no inter-broker traffic") \
	X(SECURITY_INTER_BROKER_PROTOCOL, "security.inter.broker.protocol", T_ENUM, "PLAINTEXT", 0, 0, \
	  "PLAINTEXT|SSL|SASL_PLAINTEXT|SASL_SSL", F_IGNORED, NONE, none, NET, \
	  "Protocol between brokers; a single kaf node has no inter-broker traffic") \
	X(SOCKET_REQUEST_MAX_BYTES, "socket.request.max.bytes", T_SIZE, "104857600", 1, CFG_I32MAX, \
	  NULL, 0, NONE, none, NET, \
	  "Largest request frame accepted; a bigger size prefix closes the connection") \
	X(FETCH_MAX_BYTES, "fetch.max.bytes", T_SIZE, "8388608", 1024, CFG_I32MAX, NULL, 0, NONE, none, \
	  NET, "Most record bytes in one Fetch answer, at least one batch (Kafka: 55 MiB; kaf: 8 MiB)") \
	X(SOCKET_SEND_BUFFER_BYTES, "socket.send.buffer.bytes", T_SIZE, "102400", -1, CFG_I32MAX, \
	  NULL, F_IGNORED, NONE, none, NET, \
	  "SO_SNDBUF of client sockets (-1 = OS default); kaf leaves socket buffers to the OS") \
	X(SOCKET_RECEIVE_BUFFER_BYTES, "socket.receive.buffer.bytes", T_SIZE, "102400", -1, \
	  CFG_I32MAX, NULL, F_IGNORED, NONE, none, NET, \
	  "SO_RCVBUF of client sockets (-1 = OS default); kaf leaves socket buffers to the OS") \
	X(CONNECTIONS_MAX_IDLE_MS, "connections.max.idle.ms", T_MS, "600000", -1, CFG_I64MAX, NULL, \
	  0, NONE, none, NET, "Close client connections idle this long (-1 = never)") \
	X(NUM_NETWORK_THREADS, "num.network.threads", T_INT, "3", 1, CFG_I32MAX, NULL, F_IGNORED, \
	  NONE, none, NET, "Kafka's network threads; kaf serves every connection from one event loop") \
	X(NUM_IO_THREADS, "num.io.threads", T_INT, "8", 1, CFG_I32MAX, NULL, F_IGNORED, NONE, none, \
	  NET, "Kafka's request threads; kaf handles requests on its loop and fsyncs on a thread pool") \
	X(BACKGROUND_THREADS, "background.threads", T_INT, "10", 1, CFG_I32MAX, NULL, F_IGNORED, NONE, \
	  none, NET, "Kafka's background task threads; kaf runs timers on its event loop") \
	X(QUEUED_MAX_REQUESTS, "queued.max.requests", T_INT, "500", 1, CFG_I32MAX, NULL, F_IGNORED, \
	  NONE, none, NET, "Kafka's request queue length; kaf reads one request per connection at a time") \
	X(NUM_RECOVERY_THREADS_PER_DATA_DIR, "num.recovery.threads.per.data.dir", T_INT, "1", 1, \
	  CFG_I32MAX, NULL, F_IGNORED, NONE, none, NET, \
	  "Kafka's log recovery threads per directory; kaf recovers logs on its thread pool") \
	/* ---- log basics ---- */ \
	X(LOG_DIRS, "log.dirs", T_LIST, "./data", 0, 0, NULL, 0, NONE, dirs, LOG, \
	  "Directories holding partition logs, comma-separated (Kafka: /tmp/kafka-logs; kaf: ./data)") \
	X(LOG_DIR, "log.dir", T_LIST, NULL, 0, 0, NULL, 0, LOG_DIRS, dirs, LOG, \
	  "Single-directory form of log.dirs, used only when log.dirs is not set") \
	X(NUM_PARTITIONS, "num.partitions", T_INT, "1", 1, CFG_I32MAX, NULL, 0, NONE, none, LOG, \
	  "Partitions of a topic created without a partition count") \
	X(DEFAULT_REPLICATION_FACTOR, "default.replication.factor", T_INT, "1", 1, 32767, NULL, 0, \
	  NONE, none, LOG, "Replication factor of a topic created without one") \
	X(AUTO_CREATE_TOPICS_ENABLE, "auto.create.topics.enable", T_BOOL, "true", 0, 0, NULL, 0, NONE, \
	  none, LOG, "Create a topic when a client asks for metadata of a topic that does not exist") \
	X(DELETE_TOPIC_ENABLE, "delete.topic.enable", T_BOOL, "true", 0, 0, NULL, 0, NONE, none, LOG, \
	  "Allow DeleteTopics requests") \
	X(MESSAGE_MAX_BYTES, "message.max.bytes", T_SIZE, "1048588", 0, CFG_I32MAX, NULL, 0, NONE, \
	  none, LOG, "Largest record batch accepted, after compression") \
	X(LOG_SEGMENT_BYTES, "log.segment.bytes", T_SIZE, "1073741824", 14, CFG_I32MAX, NULL, 0, NONE, \
	  none, LOG, "Segment size that starts a new segment (minimum 14 as in Kafka 3; Kafka 4: 1 MiB)") \
	X(LOG_ROLL_MS, "log.roll.ms", T_MS, NULL, 1, CFG_I64MAX, NULL, 0, NONE, none, LOG, \
	  "Segment age that starts a new segment; wins over log.roll.hours") \
	X(LOG_ROLL_HOURS, "log.roll.hours", T_HOURS, "168", 1, CFG_I32MAX, NULL, 0, LOG_ROLL_MS, none, \
	  LOG, "Segment age in hours that starts a new segment, when log.roll.ms is not set") \
	X(LOG_ROLL_JITTER_MS, "log.roll.jitter.ms", T_MS, NULL, 0, CFG_I64MAX, NULL, F_IGNORED, NONE, \
	  none, LOG, "Random reduction of the roll age; kaf rolls at exactly the configured age") \
	X(LOG_ROLL_JITTER_HOURS, "log.roll.jitter.hours", T_HOURS, "0", 0, CFG_I32MAX, NULL, F_IGNORED, \
	  LOG_ROLL_JITTER_MS, none, LOG, \
	  "Roll jitter in hours, when log.roll.jitter.ms is not set; kaf does not use jitter") \
	X(LOG_INDEX_INTERVAL_BYTES, "log.index.interval.bytes", T_SIZE, "4096", 0, CFG_I32MAX, NULL, 0, \
	  NONE, none, LOG, "Bytes of log between two offset index entries") \
	X(LOG_INDEX_SIZE_MAX_BYTES, "log.index.size.max.bytes", T_SIZE, "10485760", 4, CFG_I32MAX, \
	  NULL, 0, NONE, none, LOG, "Largest offset or time index file; a full index starts a new segment") \
	X(LOG_MESSAGE_TIMESTAMP_TYPE, "log.message.timestamp.type", T_ENUM, "CreateTime", 0, 0, \
	  "CreateTime|LogAppendTime", 0, NONE, none, LOG, \
	  "Keep the producer's timestamps (CreateTime) or stamp batches on arrival (LogAppendTime)") \
	X(LOG_PREALLOCATE, "log.preallocate", T_BOOL, "false", 0, 0, NULL, F_IGNORED, NONE, none, LOG, \
	  "Preallocate new segment files; kaf grows segments as it writes") \
	X(LOG_SEGMENT_DELETE_DELAY_MS, "log.segment.delete.delay.ms", T_MS, "60000", 0, CFG_I64MAX, \
	  NULL, F_IGNORED, NONE, none, LOG, \
	  "Delay before a removed segment's files go; kaf unlinks at once, open readers keep a reference") \
	X(COMPRESSION_TYPE, "compression.type", T_ENUM, "producer", 0, 0, \
	  "uncompressed|zstd|lz4|snappy|gzip|producer", F_FIXED, NONE, none, LOG, \
	  "Codec of stored batches; kaf stores batches as the producer compressed them (producer)") \
	/* ---- retention ---- */ \
	X(LOG_RETENTION_MS, "log.retention.ms", T_MS, NULL, -1, CFG_I64MAX, NULL, 0, NONE, none, \
	  RETENTION, "Delete segments older than this (-1 = keep); wins over minutes and hours") \
	X(LOG_RETENTION_MINUTES, "log.retention.minutes", T_MINUTES, NULL, -1, CFG_I32MAX, NULL, 0, \
	  LOG_RETENTION_MS, none, RETENTION, \
	  "Retention in minutes, when log.retention.ms is not set; wins over hours") \
	X(LOG_RETENTION_HOURS, "log.retention.hours", T_HOURS, "168", -1, CFG_I32MAX, NULL, 0, \
	  LOG_RETENTION_MS, none, RETENTION, \
	  "Retention in hours, when neither log.retention.ms nor minutes is set") \
	X(LOG_RETENTION_BYTES, "log.retention.bytes", T_SIZE, "-1", -1, CFG_I64MAX, NULL, 0, NONE, \
	  none, RETENTION, "Delete the oldest segments while a partition is larger (-1 = no limit)") \
	X(LOG_RETENTION_CHECK_INTERVAL_MS, "log.retention.check.interval.ms", T_MS, "300000", 1, \
	  CFG_I64MAX, NULL, 0, NONE, none, RETENTION, "How often retention is enforced") \
	X(LOG_CLEANUP_POLICY, "log.cleanup.policy", T_ENUMLIST, "delete", 0, 0, "delete|compact", 0, \
	  NONE, none, RETENTION, "delete (by age and size), compact (latest value per key), or both") \
	/* ---- flush ---- */ \
	X(LOG_FLUSH_INTERVAL_MESSAGES, "log.flush.interval.messages", T_LONG, "1", 1, CFG_I64MAX, NULL, \
	  0, NONE, none, FLUSH, \
	  "fsync after this many records; kaf: 1 = before every ack, group-committed (Kafka: never)") \
	X(LOG_FLUSH_INTERVAL_MS, "log.flush.interval.ms", T_MS, "9223372036854775807", 0, CFG_I64MAX, \
	  NULL, 0, NONE, none, FLUSH, \
	  "fsync once the oldest unflushed record is this old (checked every 200 ms)") \
	X(LOG_FLUSH_SCHEDULER_INTERVAL_MS, "log.flush.scheduler.interval.ms", T_MS, \
	  "9223372036854775807", 0, CFG_I64MAX, NULL, F_IGNORED, LOG_FLUSH_INTERVAL_MS, none, FLUSH, \
	  "Timed flush check, when log.flush.interval.ms is not set; kaf flushes by record count") \
	X(LOG_FLUSH_OFFSET_CHECKPOINT_INTERVAL_MS, "log.flush.offset.checkpoint.interval.ms", T_MS, \
	  "60000", 0, CFG_I32MAX, NULL, 0, NONE, none, FLUSH, \
	  "How often the recovery points are written to recovery-point-offset-checkpoint") \
	X(LOG_FLUSH_START_OFFSET_CHECKPOINT_INTERVAL_MS, \
	  "log.flush.start.offset.checkpoint.interval.ms", T_MS, "60000", 0, CFG_I32MAX, NULL, 0, NONE, \
	  none, FLUSH, "How often log start offsets are written to log-start-offset-checkpoint") \
	/* ---- compaction ---- */ \
	X(LOG_CLEANER_ENABLE, "log.cleaner.enable", T_BOOL, "true", 0, 0, NULL, 0, NONE, none, CLEANER, \
	  "Run compaction for topics with cleanup.policy compact") \
	X(LOG_CLEANER_THREADS, "log.cleaner.threads", T_INT, "1", 0, CFG_I32MAX, NULL, F_IGNORED, NONE, \
	  none, CLEANER, "Kafka's cleaner threads; kaf compacts on its shared thread pool") \
	X(LOG_CLEANER_BACKOFF_MS, "log.cleaner.backoff.ms", T_MS, "15000", 0, CFG_I64MAX, NULL, 0, \
	  NONE, none, CLEANER, "Pause between compaction passes when there is nothing to compact") \
	X(LOG_CLEANER_DELETE_RETENTION_MS, "log.cleaner.delete.retention.ms", T_MS, "86400000", 0, \
	  CFG_I64MAX, NULL, 0, NONE, none, CLEANER, "How long compaction keeps tombstones") \
	X(LOG_CLEANER_MIN_COMPACTION_LAG_MS, "log.cleaner.min.compaction.lag.ms", T_MS, "0", 0, \
	  CFG_I64MAX, NULL, 0, NONE, none, CLEANER, "Records younger than this are never compacted") \
	X(LOG_CLEANER_MAX_COMPACTION_LAG_MS, "log.cleaner.max.compaction.lag.ms", T_MS, \
	  "9223372036854775807", 1, CFG_I64MAX, NULL, F_IGNORED, NONE, none, CLEANER, \
	  "Force compaction of records older than this; kaf compacts every closed segment each pass") \
	X(LOG_CLEANER_MIN_CLEANABLE_RATIO, "log.cleaner.min.cleanable.ratio", T_DOUBLE, "0.5", 0, 1, \
	  NULL, F_IGNORED, NONE, none, CLEANER, \
	  "Dirty share that triggers compaction; kaf compacts every closed segment each pass") \
	/* ---- replication ---- */ \
	X(MIN_INSYNC_REPLICAS, "min.insync.replicas", T_INT, "1", 1, CFG_I32MAX, NULL, 0, NONE, none, \
	  REPLICATION, "Replicas that must hold a batch before an acks=all produce succeeds") \
	X(UNCLEAN_LEADER_ELECTION_ENABLE, "unclean.leader.election.enable", T_BOOL, "false", 0, 0, \
	  NULL, 0, NONE, none, REPLICATION, \
	  "Allow a replica outside the ISR to become leader, losing acknowledged data") \
	X(REPLICA_LAG_TIME_MAX_MS, "replica.lag.time.max.ms", T_MS, "30000", 1, CFG_I64MAX, NULL, \
	  F_IGNORED, NONE, none, REPLICATION, \
	  "Follower lag that drops it from the ISR; a single kaf node has no followers") \
	X(NUM_REPLICA_FETCHERS, "num.replica.fetchers", T_INT, "1", 1, CFG_I32MAX, NULL, F_IGNORED, \
	  NONE, none, REPLICATION, "Kafka's replica fetcher threads; a single kaf node has no followers") \
	X(AUTO_LEADER_REBALANCE_ENABLE, "auto.leader.rebalance.enable", T_BOOL, "true", 0, 0, NULL, \
	  F_IGNORED, NONE, none, REPLICATION, \
	  "Move leadership back to preferred replicas; a single kaf node leads every partition") \
	/* ---- consumer groups and offsets ---- */ \
	X(OFFSETS_TOPIC_NUM_PARTITIONS, "offsets.topic.num.partitions", T_INT, "50", 1, CFG_I32MAX, \
	  NULL, 0, NONE, none, GROUPS, "Partitions of __consumer_offsets (fixed once it exists)") \
	X(OFFSETS_TOPIC_REPLICATION_FACTOR, "offsets.topic.replication.factor", T_INT, "1", 1, 32767, \
	  NULL, 0, NONE, none, GROUPS, \
	  "Replication factor of __consumer_offsets (Kafka: 3, which one node cannot satisfy)") \
	X(OFFSETS_TOPIC_SEGMENT_BYTES, "offsets.topic.segment.bytes", T_SIZE, "104857600", 1, \
	  CFG_I32MAX, NULL, 0, NONE, none, GROUPS, "Segment size of __consumer_offsets") \
	X(OFFSETS_RETENTION_MINUTES, "offsets.retention.minutes", T_MINUTES, "10080", 1, CFG_I32MAX, \
	  NULL, 0, NONE, none, GROUPS, "Keep an empty group's committed offsets this long") \
	X(OFFSETS_RETENTION_CHECK_INTERVAL_MS, "offsets.retention.check.interval.ms", T_MS, "600000", 1, \
	  CFG_I64MAX, NULL, 0, NONE, none, GROUPS, "How often expired committed offsets are removed") \
	X(GROUP_INITIAL_REBALANCE_DELAY_MS, "group.initial.rebalance.delay.ms", T_MS, "3000", 0, \
	  CFG_I32MAX, NULL, 0, NONE, none, GROUPS, \
	  "Wait this long for more members before the first rebalance of an empty group") \
	X(GROUP_MIN_SESSION_TIMEOUT_MS, "group.min.session.timeout.ms", T_MS, "6000", 0, CFG_I32MAX, \
	  NULL, 0, NONE, none, GROUPS, "Smallest session timeout a consumer may ask for") \
	X(GROUP_MAX_SESSION_TIMEOUT_MS, "group.max.session.timeout.ms", T_MS, "1800000", 0, CFG_I32MAX, \
	  NULL, 0, NONE, none, GROUPS, "Largest session timeout a consumer may ask for") \
	X(GROUP_MAX_SIZE, "group.max.size", T_INT, "2147483647", 1, CFG_I32MAX, NULL, 0, NONE, none, \
	  GROUPS, "Most members one consumer group may have") \
	/* ---- transactions and producer state ---- */ \
	X(PRODUCER_ID_EXPIRATION_MS, "producer.id.expiration.ms", T_MS, "86400000", 1, CFG_I32MAX, \
	  NULL, 0, NONE, none, TXN, "Forget an idle idempotent producer's sequence state after this") \
	X(TRANSACTION_STATE_LOG_NUM_PARTITIONS, "transaction.state.log.num.partitions", T_INT, "50", 1, \
	  CFG_I32MAX, NULL, F_IGNORED, NONE, none, TXN, \
	  "Partitions of __transaction_state; kaf does not implement transactions yet") \
	X(TRANSACTION_STATE_LOG_REPLICATION_FACTOR, "transaction.state.log.replication.factor", T_INT, \
	  "1", 1, 32767, NULL, F_IGNORED, NONE, none, TXN, \
	  "Replication of __transaction_state (Kafka: 3); kaf does not implement transactions yet") \
	X(TRANSACTION_STATE_LOG_MIN_ISR, "transaction.state.log.min.isr", T_INT, "1", 1, CFG_I32MAX, \
	  NULL, F_IGNORED, NONE, none, TXN, \
	  "min.insync.replicas of __transaction_state (Kafka: 2); transactions not implemented yet") \
	X(TRANSACTION_STATE_LOG_SEGMENT_BYTES, "transaction.state.log.segment.bytes", T_SIZE, \
	  "104857600", 1, CFG_I32MAX, NULL, F_IGNORED, NONE, none, TXN, \
	  "Segment size of __transaction_state; kaf does not implement transactions yet") \
	X(TRANSACTION_MAX_TIMEOUT_MS, "transaction.max.timeout.ms", T_MS, "900000", 1, CFG_I32MAX, NULL, \
	  F_IGNORED, NONE, none, TXN, \
	  "Largest transaction timeout a producer may ask for; transactions not implemented yet") \
	X(TRANSACTIONAL_ID_EXPIRATION_MS, "transactional.id.expiration.ms", T_MS, "604800000", 1, \
	  CFG_I32MAX, NULL, F_IGNORED, NONE, none, TXN, \
	  "Forget an idle transactional id after this; transactions not implemented yet") \
	X(SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR, \
	  "share.coordinator.state.topic.replication.factor", T_INT, "3", 1, 32767, NULL, F_IGNORED, \
	  NONE, none, TXN, "Replication of Kafka 4's share-group state topic; kaf has no share groups") \
	X(SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR, "share.coordinator.state.topic.min.isr", T_INT, "2", 1, \
	  CFG_I32MAX, NULL, F_IGNORED, NONE, none, TXN, \
	  "min.insync.replicas of Kafka 4's share-group state topic; kaf has no share groups")

#define CFG_TOPIC_KEYS(T_LOG, T_SYN, T_OWN) \
	T_LOG("cleanup.policy", LOG_CLEANUP_POLICY, cleanup_policy) \
	T_SYN("compression.type", COMPRESSION_TYPE) \
	T_LOG("delete.retention.ms", LOG_CLEANER_DELETE_RETENTION_MS, delete_retention_ms) \
	T_SYN("file.delete.delay.ms", LOG_SEGMENT_DELETE_DELAY_MS) \
	T_LOG("flush.messages", LOG_FLUSH_INTERVAL_MESSAGES, flush_messages) \
	T_LOG("flush.ms", LOG_FLUSH_INTERVAL_MS, flush_ms) \
	T_LOG("index.interval.bytes", LOG_INDEX_INTERVAL_BYTES, index_interval_bytes) \
	T_SYN("max.compaction.lag.ms", LOG_CLEANER_MAX_COMPACTION_LAG_MS) \
	T_LOG("max.message.bytes", MESSAGE_MAX_BYTES, max_message_bytes) \
	T_LOG("message.timestamp.type", LOG_MESSAGE_TIMESTAMP_TYPE, log_append_time) \
	T_OWN("message.timestamp.before.max.ms", T_MS, "9223372036854775807", 0, CFG_I64MAX, NULL, \
	      "Reject batches with timestamps further in the past; not enforced by kaf yet") \
	T_OWN("message.timestamp.after.max.ms", T_MS, "9223372036854775807", 0, CFG_I64MAX, NULL, \
	      "Reject batches with timestamps further in the future; not enforced by kaf yet") \
	T_SYN("min.cleanable.dirty.ratio", LOG_CLEANER_MIN_CLEANABLE_RATIO) \
	T_LOG("min.compaction.lag.ms", LOG_CLEANER_MIN_COMPACTION_LAG_MS, min_compaction_lag_ms) \
	T_SYN("min.insync.replicas", MIN_INSYNC_REPLICAS) \
	T_SYN("preallocate", LOG_PREALLOCATE) \
	T_LOG("retention.bytes", LOG_RETENTION_BYTES, retention_bytes) \
	T_LOG("retention.ms", LOG_RETENTION_MS, retention_ms) \
	T_LOG("segment.bytes", LOG_SEGMENT_BYTES, segment_bytes) \
	T_LOG("segment.index.bytes", LOG_INDEX_SIZE_MAX_BYTES, segment_index_bytes) \
	T_SYN("segment.jitter.ms", LOG_ROLL_JITTER_MS) \
	T_LOG("segment.ms", LOG_ROLL_MS, segment_ms) \
	T_SYN("unclean.leader.election.enable", UNCLEAN_LEADER_ELECTION_ENABLE)
/* clang-format on */

#endif
