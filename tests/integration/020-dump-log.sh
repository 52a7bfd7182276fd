#!/bin/sh
# kaf dump-log: Kafka's line shapes on segments written by Apache Kafka
# (tests/integration/data, bytes derived by hand and confirmed by the CRCs
# Kafka printed) and on segments built by tests/tools/mkseg with the batch
# builder: every codec, transactions and markers, indexes and their checks,
# damaged files, directories, JSON lines, decoders and exit codes.
. "$(dirname "$0")/lib.sh"
O=${O:-build}
MKSEG=$(cd "$O" && pwd)/tests/tools/mkseg
DATA=$top/tests/integration/data
T=$tmp

ok() { # status description
	if [ "$1" -eq 0 ]; then pass "$2"; else fail "$2"; fi
}

# same FILE-EXPECTED FILE-GOT description: exact comparison, diff on failure
same() {
	if cmp -s "$1" "$2"; then ok 0 "$3"; else ok 1 "$3"; diff "$1" "$2" | show | head -20; fi
}

# has FILE TEXT description: TEXT is one whole line of FILE
has() {
	if grep -aqxF -- "$2" "$1"; then ok 0 "$3"; else ok 1 "$3"; echo "#   missing: $2"; show "$1" | head -20; fi
}

# contains FILE TEXT description: TEXT occurs somewhere in FILE
contains() {
	if grep -aqF -- "$2" "$1"; then ok 0 "$3"; else ok 1 "$3"; echo "#   missing: $2"; show "$1" | head -20; fi
}

rc_is() { # got want description
	if [ "$1" -eq "$2" ]; then ok 0 "$3"; else ok 1 "$3 (exit $1, want $2)"; fi
}

kaf() { "$KAF" dump-log "$@" >"$T/out" 2>"$T/err"; echo $? >"$T/rc"; }
rc() { cat "$T/rc"; }

# ---------------------------------------------------------------- Kafka's segments
mkdir -p "$T/kafka-0" "$T/txn-0"
"$MKSEG" hex "$T/kafka-0/00000000000000000000.log" "$DATA/kafka-plain.hex"
"$MKSEG" hex "$T/txn-0/00000000000000000004.log" "$DATA/kafka-txn-markers.hex"
(cd "$T/kafka-0" && "$KAF" dump-log --deep --print-data 00000000000000000000.log >"$T/out" 2>"$T/err")
rc_is $? 0 "Kafka-written segment dumps cleanly"
same "$DATA/kafka-plain.expected" "$T/out" "Kafka-written segment: batch and record lines as Kafka prints them"
(cd "$T/txn-0" && "$KAF" dump-log --deep 00000000000000000004.log >"$T/out" 2>"$T/err")
rc_is $? 1 "Kafka markers with a gap in offsets: exit 1 (non-consecutive)"
same "$DATA/kafka-txn-markers.expected" "$T/out" "Kafka-written COMMIT markers: endTxnMarker lines"
has "$T/err" "Non-consecutive offsets in $T/txn-0/00000000000000000004.log" "non-consecutive block names the absolute path"
has "$T/err" "  4 is followed by 6" "non-consecutive pair in Kafka's words"
(cd "$T/txn-0" && "$KAF" dump-log --deep --no-fail 00000000000000000004.log >/dev/null 2>&1)
rc_is $? 0 "--no-fail: exit 0 despite the anomaly"

# ---------------------------------------------------------------- a small segment, exact lines
S=$T/small-0
mkdir -p "$S"
"$MKSEG" "$S/00000000000000000000.log" <<'EOF'
batch ts=1700000000000
record key=k0 value=hello header=trace:abc
record nullkey value=no%20key ts=+5 header=a:1 header=b:
record key=gone nullvalue ts=+7
EOF
kaf --deep --print-data "$S/00000000000000000000.log"
rc_is "$(rc)" 0 "small segment dumps with exit 0"
cat >"$T/want" <<EOF
Dumping $S/00000000000000000000.log
Log starting offset: 0
baseOffset: 0 lastOffset: 2 count: 3 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: 1700000000007 size: 116 magic: 2 compresscodec: none crc: CRC isvalid: true
| offset: 0 CreateTime: 1700000000000 keySize: 2 valueSize: 5 sequence: -1 headerKeys: [trace] key: k0 payload: hello
| offset: 1 CreateTime: 1700000000005 keySize: -1 valueSize: 6 sequence: -1 headerKeys: [a,b] payload: no key
| offset: 2 CreateTime: 1700000000007 keySize: 4 valueSize: -1 sequence: -1 headerKeys: [] key: gone
EOF
crc=$(sed -n 's/.* crc: \([0-9]*\) isvalid.*/\1/p' "$T/out")
sed -i "s/crc: CRC/crc: $crc/" "$T/want"
same "$T/want" "$T/out" "--deep --print-data: record lines with headers, null key, null value"
kaf --deep "$S/00000000000000000000.log"
has "$T/out" "| offset: 1 CreateTime: 1700000000005 keySize: -1 valueSize: 6 sequence: -1 headerKeys: [a,b]" "--deep alone: no key/payload"
kaf --print-data --skip-record-metadata "$S/00000000000000000000.log"
has "$T/out" "| key: k0 payload: hello" "--skip-record-metadata: key and payload only"
has "$T/out" " payload: no key" "--skip-record-metadata with a null key: Kafka's bare payload"
kaf --print-data --key-decoder hex --value-decoder base64 "$S/00000000000000000000.log"
contains "$T/out" "headerKeys: [trace] key: 6b30 payload: aGVsbG8=" "--key-decoder hex, --value-decoder base64"
kaf --print-data --key-decoder none "$S/00000000000000000000.log"
contains "$T/out" "headerKeys: [trace] payload: hello" "--key-decoder none leaves keys out"
# Kafka's own flag names: --files list, --print-data-log, --deep-iteration, decoder class
(cd "$S" && "$KAF" dump-log --files 00000000000000000000.log,00000000000000000000.log \
	--print-data-log --deep-iteration --key-decoder-class kafka.serializer.StringDecoder \
	>"$T/out" 2>"$T/err")
rc_is $? 0 "Kafka's flag names are accepted"
[ "$(grep -c '^Dumping 00000000000000000000.log$' "$T/out")" -eq 2 ]
ok $? "--files A,B dumps both files"
contains "$T/out" "key: k0 payload: hello" "--print-data-log prints data"

# ---------------------------------------------------------------- codecs
for c in none gzip snappy lz4 zstd; do
	mkdir -p "$T/codec-$c"
	"$MKSEG" "$T/codec-$c/00000000000000000100.log" <<EOF
batch codec=$c
records n=50 key=key- value=value- pad=40
batch codec=$c
records n=2 key=k value=v
EOF
	kaf --deep --print-data "$T/codec-$c/00000000000000000100.log"
	[ "$(rc)" -eq 0 ] && grep -q "compresscodec: $c crc: [0-9]* isvalid: true" "$T/out" &&
		grep -q "^| offset: 149 CreateTime: 1700000000000 keySize: 6 valueSize: 40 sequence: -1 headerKeys: \[\] key: key-49 payload: value-49\.*$" "$T/out" &&
		grep -q "^| offset: 151 .* key: k1 payload: v1$" "$T/out"
	ok $? "codec $c: batch line and all records"
done

# ---------------------------------------------------------------- transactions
X=$T/txn2-0
mkdir -p "$X"
"$MKSEG" "$X/00000000000000000000.log" <<'EOF'
batch pid=42 epoch=3 seq=10 txn ts=1700000001000
records n=3 value=t
control type=commit pid=42 epoch=3 coord=7 ts=1700000001500
batch pid=42 epoch=3 seq=13 txn ts=1700000002000
records n=1 value=a
control type=abort pid=42 epoch=3 coord=7 ts=1700000002500
EOF
kaf --deep --print-data "$X/00000000000000000000.log"
rc_is "$(rc)" 0 "transactional segment: exit 0"
contains "$T/out" "baseOffset: 0 lastOffset: 2 count: 3 baseSequence: 10 lastSequence: 12 producerId: 42 producerEpoch: 3 partitionLeaderEpoch: 0 isTransactional: true isControl: false" "transactional batch line"
has "$T/out" "| offset: 2 CreateTime: 1700000001000 keySize: -1 valueSize: 2 sequence: 12 headerKeys: [] payload: t2" "record sequence = baseSequence + offsetDelta"
has "$T/out" "| offset: 3 CreateTime: 1700000001500 keySize: 4 valueSize: 6 sequence: -1 headerKeys: [] endTxnMarker: COMMIT coordinatorEpoch: 7" "COMMIT marker line (no payload printed)"
has "$T/out" "| offset: 5 CreateTime: 1700000002500 keySize: 4 valueSize: 6 sequence: -1 headerKeys: [] endTxnMarker: ABORT coordinatorEpoch: 7" "ABORT marker line"
contains "$T/out" "baseOffset: 5 lastOffset: 5 count: 1 baseSequence: -1 lastSequence: -1 producerId: 42 producerEpoch: 3 partitionLeaderEpoch: 0 isTransactional: true isControl: true" "control batch line"

# ---------------------------------------------------------------- indexes
I=$T/idx-0
mkdir -p "$I"
"$MKSEG" "$I/00000000000000000010.log" <<'EOF'
batch ts=1000
records n=4 pad=100 step=1
batch ts=2000
records n=4 pad=100 step=1
batch ts=3000
records n=4 pad=100 step=1
batch ts=2500
records n=4 pad=100 step=1
batch ts=4000
records n=4 pad=100 step=1
index interval=100 closed
EOF
pos() { # the byte position of the batch whose baseOffset is $1
	"$KAF" dump-log "$I/00000000000000000010.log" | sed -n "s/^baseOffset: $1 .* position: \([0-9]*\) .*/\1/p"
}
kaf "$I/00000000000000000010.index"
cat >"$T/want" <<EOF
Dumping $I/00000000000000000010.index
offset: 17 position: $(pos 14)
offset: 21 position: $(pos 18)
offset: 25 position: $(pos 22)
offset: 29 position: $(pos 26)
EOF
same "$T/want" "$T/out" "offset index: entry lines (last offset of the batch at each position)"
rc_is "$(rc)" 0 "offset index checks clean"
kaf "$I/00000000000000000010.timeindex"
cat >"$T/want" <<EOF
Dumping $I/00000000000000000010.timeindex
timestamp: 2003 offset: 17
timestamp: 3003 offset: 21
timestamp: 4003 offset: 29
EOF
same "$T/want" "$T/out" "time index: entry lines (max timestamp so far, its batch's last offset)"
rc_is "$(rc)" 0 "time index checks clean"
kaf --verify-index "$I"
rc_is "$(rc)" 0 "--verify-index on a good directory: exit 0"
if grep -q '^offset:\|^timestamp:\|^baseOffset' "$T/out"; then ok 1 "--verify-index prints no entries"; else ok 0 "--verify-index prints no entries"; fi
kaf --index-sanity "$I"
has "$T/out" "$I/00000000000000000010.index passed sanity check." "--index-sanity passes (offset index)"
has "$T/out" "$I/00000000000000000010.timeindex passed sanity check." "--index-sanity passes (time index)"

# damage: entry 2 names offset 24 (relative 14) instead of 25
cp -r "$I" "$T/bad-0"
B=$T/bad-0
"$MKSEG" poke "$B/00000000000000000010.index" 16 0000000e
kaf --verify-index "$B/00000000000000000010.index"
rc_is "$(rc)" 1 "--verify-index on a damaged index: exit 1"
has "$T/err" "Mismatches in :$B/00000000000000000010.index" "mismatch block heading"
has "$T/err" "  Index offset: 24, log offset: 25" "mismatch line in Kafka's words"
# damage: a position in the middle of a batch
cp "$I/00000000000000000010.index" "$B/"
"$MKSEG" poke "$B/00000000000000000010.index" 20 00000007
kaf --verify-index "$B/00000000000000000010.index"
has "$T/err" "  Index offset: 25, log offset: -1" "position inside a batch: log offset -1"
# damage: time index out of order and pointing at a wrong timestamp
cp "$I/00000000000000000010.index" "$B/"
"$MKSEG" poke "$B/00000000000000000010.timeindex" 12 0000000000000001
kaf "$B/00000000000000000010.timeindex"
rc_is "$(rc)" 1 "damaged time index: exit 1"
has "$T/err" "Found timestamp mismatch in :$B/00000000000000000010.timeindex" "time index mismatch heading"
has "$T/err" "  Index timestamp: 1, log timestamp: 3003" "time index mismatch line"
has "$T/err" "Found out of order timestamp in :$B/00000000000000000010.timeindex" "out-of-order heading"
has "$T/err" "  Index timestamp: 1, Previously indexed timestamp: 2003" "out-of-order line"
# a time index entry naming an offset inside a batch
cp "$I/00000000000000000010.timeindex" "$B/"
"$MKSEG" poke "$B/00000000000000000010.timeindex" 20 00000006
kaf --verify-index "$B/00000000000000000010.timeindex"
has "$T/err" "The following indexed offsets are not found in the log." "offset not found heading"
has "$T/err" "Indexed offset: 16, found log offset: 17" "offset not found line"
# sanity: a negative relative offset in the last entry
cp "$I/00000000000000000010.timeindex" "$B/"
"$MKSEG" poke "$B/00000000000000000010.index" 24 fffffff0
kaf --index-sanity "$B/00000000000000000010.index"
rc_is "$(rc)" 1 "--index-sanity on a corrupt index: exit 1"
contains "$T/err" "has non-zero size but the last offset is -6 which is less than the base offset 10" "sanity failure in Kafka's words"
# preallocated (zero-filled) tail is not an error
cp "$I/00000000000000000010.index" "$B/"
dd if=/dev/zero bs=8 count=4 2>/dev/null >>"$B/00000000000000000010.index"
kaf "$B/00000000000000000010.index"
rc_is "$(rc)" 0 "zero tail of a preallocated index ends the entries"
[ "$(grep -c '^offset:' "$T/out")" -eq 4 ]
ok $? "zero tail: only the 4 real entries"
: >"$B/00000000000000000010.index"
kaf "$B/00000000000000000010.index"
has "$T/out" "$B/00000000000000000010.index is empty." "empty index in Kafka's words"

# ---------------------------------------------------------------- damaged segments
D=$T/dmg-0
mkdir -p "$D"
cp "$S/00000000000000000000.log" "$D/"
"$MKSEG" poke "$D/00000000000000000000.log" 80 ff
kaf --deep --print-data "$D/00000000000000000000.log"
rc_is "$(rc)" 1 "flipped byte: exit 1"
contains "$T/out" "isvalid: false" "flipped byte: isvalid: false"
contains "$T/err" "batch at position 0 (offsets 0-2): CRC-32C mismatch: stored $crc, computed" "flipped byte: clear message with stored CRC"
# the transactional segment holds batches of 88, 78, 70 and 78 bytes
head -c 200 "$X/00000000000000000000.log" >"$D/00000000000000000001.log"
kaf "$D/00000000000000000001.log"
rc_is "$(rc)" 1 "truncated tail: exit 1"
has "$T/out" "Found 34 invalid bytes at the end of 00000000000000000001.log" "truncated tail in Kafka's words"
contains "$T/err" "34 invalid bytes at position 166: a batch of 70 bytes runs past the end of the file" "truncated tail: position and cause on stderr"
kaf --max-bytes 200 "$X/00000000000000000000.log"
rc_is "$(rc)" 0 "--max-bytes: a cut batch is not an anomaly"
[ "$(grep -c '^baseOffset' "$T/out")" -eq 2 ]
ok $? "--max-bytes 200: only the batches inside the first 200 bytes"
head -c 4096 /dev/urandom >"$D/00000000000000000002.log" 2>/dev/null
kaf --deep --print-data "$D/00000000000000000002.log"
[ "$(rc)" -eq 1 ] && grep -q "^Found [0-9]* invalid bytes" "$T/out"
ok $? "random bytes: no crash, reported as invalid bytes"
for f in index timeindex snapshot txnindex; do
	head -c 333 /dev/urandom >"$D/00000000000000000002.$f"
	"$KAF" dump-log --deep "$D/00000000000000000002.$f" >/dev/null 2>&1
	[ $? -le 1 ]
	ok $? "random .$f: no crash"
done

# ---------------------------------------------------------------- old formats and KRaft snapshots
# magic 0 and magic 1 messages (Kafka before 0.11): offset, size, CRC-32 of
# magic..end, magic, attributes, [timestamp], key, value
L=$T/legacy-0
mkdir -p "$L"
"$MKSEG" "$L/00000000000000000000.log" <<'EOF'
hex 0000000000000000 00000011 165764b1 00 00 00000001 6b 00000002 7630
hex 0000000000000001 00000018 dba4e6e2 01 00 0000018bcfe56800 ffffffff 00000002 6869
EOF
kaf --print-data "$L/00000000000000000000.log"
cat >"$T/want" <<EOF
Dumping $L/00000000000000000000.log
Log starting offset: 0
offset: 0 position: 0 NoTimestampType: -1 size: 29 magic: 0 compresscodec: none crc: 374826161 isvalid: true
| offset: 0 NoTimestampType: -1 keySize: 1 valueSize: 2 isValid: true crc: 374826161} key: k payload: v0
offset: 1 position: 29 CreateTime: 1700000000000 size: 36 magic: 1 compresscodec: none crc: 3685017314 isvalid: true
| offset: 1 CreateTime: 1700000000000 keySize: -1 valueSize: 2 isValid: true crc: 3685017314} payload: hi
EOF
same "$T/want" "$T/out" "magic 0 and 1 messages in Kafka's legacy shapes"
rc_is "$(rc)" 0 "legacy messages: exit 0"
cp "$S/00000000000000000000.log" "$T/00000000000000000100-0000000001.checkpoint"
kaf "$T/00000000000000000100-0000000001.checkpoint"
has "$T/out" "Snapshot end offset: 100, epoch: 1" "KRaft snapshot: end offset and epoch from the name"
[ "$(grep -c '^baseOffset' "$T/out")" -eq 1 ]
ok $? "KRaft snapshot: batches dumped"

# ---------------------------------------------------------------- directories
kaf "$I"
grep '^Dumping' "$T/out" >"$T/got"
cat >"$T/want" <<EOF
Dumping $I/00000000000000000010.log
Dumping $I/00000000000000000010.index
Dumping $I/00000000000000000010.timeindex
EOF
same "$T/want" "$T/got" "directory: the segment, then its indexes"
mkdir -p "$T/multi-0"
"$MKSEG" "$T/multi-0/00000000000000000000.log" <<'EOF'
batch
records n=3
EOF
"$MKSEG" "$T/multi-0/00000000000000000003.log" <<'EOF'
batch
records n=2
EOF
kaf --deep "$T/multi-0"
grep '^Dumping\|^| offset' "$T/out" | sed 's/ CreateTime.*//' >"$T/got"
cat >"$T/want" <<EOF
Dumping $T/multi-0/00000000000000000000.log
| offset: 0
| offset: 1
| offset: 2
Dumping $T/multi-0/00000000000000000003.log
| offset: 3
| offset: 4
EOF
same "$T/want" "$T/got" "directory: segments in offset order"
rc_is "$(rc)" 0 "offsets consecutive across segments: exit 0"
mkdir -p "$T/empty-dir"
kaf "$T/empty-dir"
rc_is "$(rc)" 3 "directory without segments: exit 3"

# ---------------------------------------------------------------- producer snapshot, txn index, checkpoints
P=$T/ps-0
mkdir -p "$P"
"$MKSEG" "$P/00000000000000000000.log" <<'EOF'
batch
records n=1
aborted pid=42 first=4 last=5 lso=3
snapshot offset=6
producer pid=42 epoch=3 seq=13 lastoffset=4 delta=0 ts=1700000002000 coord=7
producer pid=43 epoch=0 seq=9 lastoffset=11 delta=4 ts=1700000003000 coord=-1 txnfirst=7
EOF
kaf "$P/00000000000000000000.txnindex" "$P/00000000000000000006.snapshot"
cat >"$T/want" <<EOF
Dumping $P/00000000000000000000.txnindex
version: 0 producerId: 42 firstOffset: 4 lastOffset: 5 lastStableOffset: 3
Dumping $P/00000000000000000006.snapshot
producerId: 42 producerEpoch: 3 coordinatorEpoch: 7 currentTxnFirstOffset: OptionalLong.empty lastTimestamp: 1700000002000 firstSequence: 13 lastSequence: 13 lastOffset: 4 offsetDelta: 0 timestamp: 1700000002000
producerId: 43 producerEpoch: 0 coordinatorEpoch: -1 currentTxnFirstOffset: OptionalLong[7] lastTimestamp: 1700000003000 firstSequence: 5 lastSequence: 9 lastOffset: 11 offsetDelta: 4 timestamp: 1700000003000
EOF
same "$T/want" "$T/out" "txnindex and producer snapshot lines"
"$MKSEG" poke "$P/00000000000000000006.snapshot" 20 ff
kaf "$P/00000000000000000006.snapshot"
rc_is "$(rc)" 1 "snapshot with a bad CRC: exit 1"
contains "$T/err" "Snapshot is corrupt (CRC is no longer valid)." "snapshot CRC failure in Kafka's words"
printf '0\n2\norders 0 1532\norders 1 977\n' >"$T/recovery-point-offset-checkpoint"
printf '0\n1\n4 100\n' >"$P/leader-epoch-checkpoint"
kaf "$T/recovery-point-offset-checkpoint" "$P/leader-epoch-checkpoint"
cat >"$T/want" <<EOF
Dumping $T/recovery-point-offset-checkpoint
version: 0 entries: 2
topic: orders partition: 0 offset: 1532
topic: orders partition: 1 offset: 977
Dumping $P/leader-epoch-checkpoint
version: 0 entries: 1
epoch: 4 startOffset: 100
EOF
same "$T/want" "$T/out" "checkpoint files"
printf '0\n3\norders 0 1532\n' >"$T/bad-checkpoint"
kaf "$T/bad-checkpoint"
rc_is "$(rc)" 1 "checkpoint with fewer entries than announced: exit 1"

# ---------------------------------------------------------------- coordinator decoders
C=$T/__consumer_offsets-0
mkdir -p "$C"
# key v1 {group g, topic t, partition 0}; value v3 {offset 42, leaderEpoch 0, metadata "", commitTimestamp}
"$MKSEG" "$C/00000000000000000000.log" <<'EOF'
batch
record keyhex=00010001670001740000000000 valuehex=0003000000000000002a0000000000000000018bcfe56800
record keyhex=00010001670001740000000000 nullvalue
record keyhex=0002000167 valuehex=00030008636f6e73756d657200000001000572616e676500016d0000018bcfe568000000000100016dffff00016300022f680000ea600000271000000011000100000001000174ffffffff00000000000000150000000000010001740000000100000000ffffffff
EOF
kaf --offsets-decoder "$C/00000000000000000000.log"
has "$T/out" '| offset: 0 CreateTime: 1700000000000 keySize: 13 valueSize: 24 sequence: -1 headerKeys: [] key: {"type":"1","data":{"group":"g","topic":"t","partition":0}} payload: {"version":"3","data":{"offset":42,"leaderEpoch":0,"metadata":"","commitTimestamp":1700000000000}}' "offsets decoder: offset commit"
contains "$T/out" 'key: {"type":"1","data":{"group":"g","topic":"t","partition":0}} payload: <DELETE>' "offsets decoder: tombstone"
contains "$T/out" '"members":[{"memberId":"m","groupInstanceId":null,"clientId":"c","clientHost":"/h","rebalanceTimeout":60000,"sessionTimeout":10000,"subscription":{"topics":["t"],"userData":null,"ownedPartitions":[]},"assignment":{"assignedPartitions":[{"topic":"t","partitions":[0]}],"userData":null}}]' "offsets decoder: group metadata with decoded consumer protocol"
TS=$T/__transaction_state-0
mkdir -p "$TS"
# key v0 {transactionalId "tx"}; value v0 {producerId 42, epoch 3, timeout 60000, status 1, [t:[0,1]], update, start}
"$MKSEG" "$TS/00000000000000000000.log" <<'EOF'
batch
record keyhex=000000027478 valuehex=0000000000000000002a00030000ea6001000000010001740000000200000000000000010000018bcfe568000000018bcfe567f0
EOF
kaf --transaction-log-decoder "$TS/00000000000000000000.log"
contains "$T/out" 'key: {"type":"0","data":{"transactionalId":"tx"}} payload: {"version":"0","data":{"producerId":42,"producerEpoch":3,"transactionTimeoutMs":60000,"transactionStatus":1,"transactionPartitions":[{"topic":"t","partitionIds":[0,1]}],"transactionLastUpdateTimestampMs":1700000000000,"transactionStartTimestampMs":1699999999984}}' "transaction log decoder"

CM=$T/__cluster_metadata-0
mkdir -p "$CM"
# TopicRecord {foo, id 00..0f}; PartitionRecord {0, id, [1], [1], [], [], leader 1, tag 0 = 1, 0, 0};
# ConfigRecord {topic, "f\0o", retention.ms, null}; type 99 (unknown); frame version 2
"$MKSEG" "$CM/00000000000000000000.log" <<'EOF'
batch
record nullkey valuehex=01020004666f6f000102030405060708090a0b0c0d0e0f00
record nullkey valuehex=01030000000000000102030405060708090a0b0c0d0e0f02000000010200000001010100000001000000000000000001000101
record nullkey valuehex=010400020466006f0d726574656e74696f6e2e6d730000
record nullkey valuehex=016300ff
record nullkey valuehex=020200
EOF
kaf --cluster-metadata-decoder "$CM/00000000000000000000.log"
rc_is "$(rc)" 0 "cluster metadata decoder: exit 0"
has "$T/out" '| offset: 0 CreateTime: 1700000000000 keySize: -1 valueSize: 24 sequence: -1 headerKeys: [] payload: {"type":"TOPIC_RECORD","version":0,"data":{"name":"foo","topicId":"AAECAwQFBgcICQoLDA0ODw"}}' "cluster metadata decoder: TopicRecord as Kafka prints it"
contains "$T/out" 'payload: {"type":"PARTITION_RECORD","version":0,"data":{"partitionId":0,"topicId":"AAECAwQFBgcICQoLDA0ODw","replicas":[1],"isr":[1],"removingReplicas":[],"addingReplicas":[],"leader":1,"leaderRecoveryState":1,"leaderEpoch":0,"partitionEpoch":0}}' "cluster metadata decoder: PartitionRecord with a tagged field"
contains "$T/out" 'payload: {"type":"CONFIG_RECORD","version":0,"data":{"resourceType":2,"resourceName":"f\u0000o","name":"retention.ms","value":null}}' "cluster metadata decoder: ConfigRecord, escapes, null value"
contains "$T/out" 'payload: Error at 3, skipping. unknown metadata record type 99' "cluster metadata decoder: unknown type"
contains "$T/out" 'payload: Error at 4, skipping. unknown frame version 2' "cluster metadata decoder: bad frame"
kaf --cluster-metadata-decoder -J "$CM/00000000000000000000.log"
/usr/bin/python3 -c '
import json, sys
recs = [r for o in map(json.loads, open(sys.argv[1])) if o["type"] == "batch" for r in o["records"]]
assert recs[0]["key"] is None and recs[0]["value_encoding"] == "json", recs[0]
assert recs[0]["value"] == {"type": "TOPIC_RECORD", "version": 0, "data": {"name": "foo", "topicId": "AAECAwQFBgcICQoLDA0ODw"}}
assert recs[2]["value"]["data"]["value"] is None
assert recs[3]["decode_error"].startswith("Error at 3, skipping.")
' "$T/out"
ok $? "cluster metadata decoder: JSON lines"

# ---------------------------------------------------------------- JSON lines
kaf --output jsonl --print-data "$X/00000000000000000000.log" "$I/00000000000000000010.index"
rc_is "$(rc)" 0 "--output jsonl: exit 0"
/usr/bin/python3 -c '
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
batches = [o for o in objs if o["type"] == "batch"]
assert len(batches) == 4, len(batches)
b = batches[0]
assert b["producer_id"] == 42 and b["base_sequence"] == 10 and b["is_transactional"] is True
assert [r["value"] for r in b["records"]] == ["t0", "t1", "t2"], b["records"]
assert b["records"][0]["key"] is None and b["records"][0]["value_encoding"] == "utf8"
assert batches[1]["records"][0]["control"] == {"type": "COMMIT", "type_id": 1, "coordinator_epoch": 7}
assert "value" not in batches[1]["records"][0]
assert [o["offset"] for o in objs if o["type"] == "index_entry"] == [17, 21, 25, 29]
assert [o["kind"] for o in objs if o["type"] == "file"] == ["log", "index"]
' "$T/out"
ok $? "--output jsonl: batches with records, control records, index entries"
cp "$T/out" "$T/jsonl.out"
kaf -J --print-data "$X/00000000000000000000.log" "$I/00000000000000000010.index"
same "$T/jsonl.out" "$T/out" "-J is --output jsonl"
"$MKSEG" "$T/bin-0.log" <<'EOF'
batch
record keyhex=ff41 valuehex=c328
EOF
kaf --output jsonl --print-data "$T/bin-0.log" "$D/00000000000000000001.log"
rc_is "$(rc)" 1 "--output jsonl with a truncated file: exit 1"
/usr/bin/python3 -c '
import json, sys, base64
objs = [json.loads(l) for l in open(sys.argv[1])]
r = [o for o in objs if o["type"] == "batch"][0]["records"][0]
assert r["key_encoding"] == "base64" and base64.b64decode(r["key"]) == b"\xffA", r
assert r["value_encoding"] == "base64" and base64.b64decode(r["value"]) == b"\xc3\x28", r
a = [o for o in objs if o["type"] == "anomaly"]
assert len(a) == 1 and a[0]["kind"] == "invalid_bytes", a
' "$T/out"
ok $? "--output jsonl: binary as base64, one object per anomaly"
kaf --print-data "$T/bin-0.log"
contains "$T/out" "$(printf 'key: \357\277\275A payload: \357\277\275(')" "text: invalid UTF-8 becomes U+FFFD like Java's decoder"

# ---------------------------------------------------------------- exit codes
kaf "$T/no-such-file.log"
rc_is "$(rc)" 3 "missing file: exit 3"
contains "$T/err" "no-such-file.log: No such file or directory" "missing file: message names it"
kaf "$S/00000000000000000000.log" "$T/no-such-file.log"
rc_is "$(rc)" 3 "one missing file among good ones: exit 3"
kaf --no-such-flag "$S"
rc_is "$(rc)" 2 "unknown flag: exit 2"
kaf --max-bytes lots "$S"
rc_is "$(rc)" 2 "bad size: exit 2"
kaf
rc_is "$(rc)" 2 "no PATH: exit 2"
kaf --remote-log-metadata-decoder "$S"
rc_is "$(rc)" 2 "unsupported Kafka decoder: exit 2"
echo hi >"$T/notes.txt"
kaf "$T/notes.txt"
rc_is "$(rc)" 3 "only an unknown file type: exit 3"
contains "$T/err" "Ignoring unknown file $T/notes.txt" "unknown file type: Kafka's warning"
finish
