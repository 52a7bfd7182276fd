# bash completion for kaf(1). Written by 'kaf completion bash' from kaf's
# command and option tables ('make completions'); change those, not this.

_kaf_canon()
{
	case $1 in
	topic) echo topics ;;
	group) echo groups ;;
	*) echo "$1" ;;
	esac
}

# The options to offer for a command path ("" is kaf itself).
_kaf_opts()
{
	case $1 in
	'') echo '-h --help -V --version --list-cmds -q --quiet -v --verbose -d --debug --color' ;;
	'server') echo '-c --config -X --override --data-dir --listeners --advertised-listeners --node-id --cluster-id --check --print-config --log-level --log-format --pid-file -q --quiet -v --verbose -d --debug --color -h --help' ;;
	'topics') echo '-b --bootstrap-server --timeout --profile --config-file -F --command-config -X --client-opt --output -J --json --no-headers -q --quiet -v --verbose -d --debug --color -h --help' ;;
	'topics list') echo '-b --bootstrap-server --timeout --profile --config-file -F --command-config -X --client-opt --output -J --json --no-headers -i --internal -N --names-only -q --quiet -v --verbose -d --debug --color -h --help' ;;
	'topics create') echo '-b --bootstrap-server --timeout --profile --config-file -F --command-config -X --client-opt --output -J --json --no-headers -p --partitions -r --replication-factor -c --config --if-not-exists --dry-run -q --quiet -v --verbose -d --debug --color -h --help' ;;
	'topics describe') echo '-b --bootstrap-server --timeout --profile --config-file -F --command-config -X --client-opt --output -J --json --no-headers -q --quiet -v --verbose -d --debug --color -h --help' ;;
	'topics delete') echo '-b --bootstrap-server --timeout --profile --config-file -F --command-config -X --client-opt --output -J --json --no-headers --if-exists -q --quiet -v --verbose -d --debug --color -h --help' ;;
	'topics alter') echo '-b --bootstrap-server --timeout --profile --config-file -F --command-config -X --client-opt --output -J --json --no-headers -p --partitions --dry-run -q --quiet -v --verbose -d --debug --color -h --help' ;;
	'topics config') echo '-b --bootstrap-server --timeout --profile --config-file -F --command-config -X --client-opt --output -J --json --no-headers --set --delete --dry-run -q --quiet -v --verbose -d --debug --color -h --help' ;;
	'topics offsets') echo '-b --bootstrap-server --timeout --profile --config-file -F --command-config -X --client-opt --output -J --json --no-headers --at -q --quiet -v --verbose -d --debug --color -h --help' ;;
	'produce') echo '-b --bootstrap-server --timeout --profile --config-file -F --command-config -X --client-opt -t --topic -k --key -K --key-delimiter -D --delimiter --whole --input --keep-partition --keep-timestamp -H --header -p --partition --partitioner -a --acks -z --compression --linger --batch-size --sync --timestamp -Z --null-empty --null-marker -c --count -T --tee --report --output -J --json -E --continue-on-error -q --quiet -v --verbose -d --debug --color -h --help' ;;
	'consume') echo '-b --bootstrap-server --timeout --profile --config-file -F --command-config -X --client-opt --output -J --json -t --topic -p --partition -o --offset -e --exit -c --count --idle-timeout -g --group --no-commit --commit-interval --assignor --group-instance-id --session-timeout --isolation --read-committed -f --format -K --key-delimiter --print-key --print-partition -O --print-offset --print-timestamp --print-headers -D --delimiter --null-literal --encoding --header-filter -u --unbuffered --fetch-max-bytes --fetch-max-wait --max-partition-fetch-bytes -q --quiet -v --verbose -d --debug --color -h --help' ;;
	'groups') echo '-b --bootstrap-server --timeout --profile --config-file -F --command-config -X --client-opt --output -J --json --no-headers -q --quiet -v --verbose -d --debug --color -h --help' ;;
	'groups list') echo '-b --bootstrap-server --timeout --profile --config-file -F --command-config -X --client-opt --output -J --json --no-headers -s --state -l --long -N --names-only -q --quiet -v --verbose -d --debug --color -h --help' ;;
	'groups describe') echo '-b --bootstrap-server --timeout --profile --config-file -F --command-config -X --client-opt --output -J --json --no-headers --all -t --topic --offsets --members --state --lag-by-topic -l --long -q --quiet -v --verbose -d --debug --color -h --help' ;;
	'groups delete') echo '-b --bootstrap-server --timeout --profile --config-file -F --command-config -X --client-opt --output -J --json --no-headers --if-exists -q --quiet -v --verbose -d --debug --color -h --help' ;;
	'groups reset-offsets') echo '-b --bootstrap-server --timeout --profile --config-file -F --command-config -X --client-opt --output -J --json --no-headers --topic --all-topics --to-earliest --to-latest --to-current --to-offset --shift-by --to-datetime --by-duration --from-file --execute --dry-run --export -q --quiet -v --verbose -d --debug --color -h --help' ;;
	'groups delete-offsets') echo '-b --bootstrap-server --timeout --profile --config-file -F --command-config -X --client-opt --output -J --json --no-headers --topic -q --quiet -v --verbose -d --debug --color -h --help' ;;
	'perf') echo '-b --bootstrap-server --timeout --profile --config-file -F --command-config -X --client-opt -q --quiet -v --verbose -d --debug --color -h --help' ;;
	'perf produce') echo '-b --bootstrap-server --timeout --profile --config-file -F --command-config -X --client-opt -n --num-records --duration -s --record-size --payload --payload-file --payload-delimiter -r --throughput --keys -a --acks -z --compression -p --partitions --batch-size --linger --output -J --json -i --interval -q --quiet -v --verbose -d --debug --color -h --help' ;;
	'perf consume') echo '-b --bootstrap-server --timeout --profile --config-file -F --command-config -X --client-opt -n --messages -e --exit --duration --from-latest --fetch-size --output -J --json -i --interval -q --quiet -v --verbose -d --debug --color -h --help' ;;
	'perf e2e') echo '-b --bootstrap-server --timeout --profile --config-file -F --command-config -X --client-opt -n --num-records --duration -s --record-size -r --throughput -a --acks -z --compression -p --partitions --batch-size --linger --output -J --json -i --interval -q --quiet -v --verbose -d --debug --color -h --help' ;;
	'dump-log') echo '--print-data --deep --offsets-decoder --transaction-log-decoder --cluster-metadata-decoder --key-decoder --value-decoder --verify-index --index-sanity --max-bytes --max-message-size --skip-record-metadata --output -J --json --no-fail -q --quiet -v --verbose -d --debug --color -h --help' ;;
	'help') echo '-q --quiet -v --verbose -d --debug --color -h --help' ;;
	'version') echo '-q --quiet -v --verbose -d --debug --color -h --help' ;;
	'completion') echo '-q --quiet -v --verbose -d --debug --color -h --help' ;;
	'completion bash') echo '-q --quiet -v --verbose -d --debug --color -h --help' ;;
	'completion zsh') echo '-q --quiet -v --verbose -d --debug --color -h --help' ;;
	'completion fish') echo '-q --quiet -v --verbose -d --debug --color -h --help' ;;
	esac
}

# Whether option $2 of command path $1 takes a value.
_kaf_takes_value()
{
	case "$1 $2" in
	' -h'|' --help') return 1 ;;
	' -V'|' --version') return 1 ;;
	' --list-cmds') return 1 ;;
	'server -c'|'server --config') return 0 ;;
	'server -X'|'server --override') return 0 ;;
	'server --data-dir') return 0 ;;
	'server --listeners') return 0 ;;
	'server --advertised-listeners') return 0 ;;
	'server --node-id') return 0 ;;
	'server --cluster-id') return 0 ;;
	'server --check') return 1 ;;
	'server --print-config') return 1 ;;
	'server --log-level') return 0 ;;
	'server --log-format') return 0 ;;
	'server --pid-file') return 0 ;;
	'topics -b'|'topics --bootstrap-server'|'topics --brokers'|'topics --bootstrap-servers') return 0 ;;
	'topics --timeout') return 0 ;;
	'topics --profile') return 0 ;;
	'topics --config-file') return 0 ;;
	'topics -F'|'topics --command-config') return 0 ;;
	'topics -X'|'topics --client-opt'|'topics --command-property') return 0 ;;
	'topics --output') return 0 ;;
	'topics -J'|'topics --json') return 1 ;;
	'topics --no-headers') return 1 ;;
	'topics --list') return 1 ;;
	'topics --create') return 1 ;;
	'topics --describe') return 1 ;;
	'topics --delete') return 1 ;;
	'topics --alter') return 1 ;;
	'topics --topic') return 0 ;;
	'topics --partitions') return 0 ;;
	'topics --replication-factor') return 0 ;;
	'topics --config') return 0 ;;
	'topics --if-exists') return 1 ;;
	'topics --if-not-exists') return 1 ;;
	'topics --exclude-internal') return 1 ;;
	'topics list -b'|'topics list --bootstrap-server'|'topics list --brokers'|'topics list --bootstrap-servers') return 0 ;;
	'topics list --timeout') return 0 ;;
	'topics list --profile') return 0 ;;
	'topics list --config-file') return 0 ;;
	'topics list -F'|'topics list --command-config') return 0 ;;
	'topics list -X'|'topics list --client-opt'|'topics list --command-property') return 0 ;;
	'topics list --output') return 0 ;;
	'topics list -J'|'topics list --json') return 1 ;;
	'topics list --no-headers') return 1 ;;
	'topics list -i'|'topics list --internal') return 1 ;;
	'topics list --exclude-internal') return 1 ;;
	'topics list -N'|'topics list --names-only') return 1 ;;
	'topics create -b'|'topics create --bootstrap-server'|'topics create --brokers'|'topics create --bootstrap-servers') return 0 ;;
	'topics create --timeout') return 0 ;;
	'topics create --profile') return 0 ;;
	'topics create --config-file') return 0 ;;
	'topics create -F'|'topics create --command-config') return 0 ;;
	'topics create -X'|'topics create --client-opt'|'topics create --command-property') return 0 ;;
	'topics create --output') return 0 ;;
	'topics create -J'|'topics create --json') return 1 ;;
	'topics create --no-headers') return 1 ;;
	'topics create -p'|'topics create --partitions') return 0 ;;
	'topics create -r'|'topics create --replication-factor') return 0 ;;
	'topics create -c'|'topics create --config') return 0 ;;
	'topics create --if-not-exists') return 1 ;;
	'topics create --dry-run') return 1 ;;
	'topics describe -b'|'topics describe --bootstrap-server'|'topics describe --brokers'|'topics describe --bootstrap-servers') return 0 ;;
	'topics describe --timeout') return 0 ;;
	'topics describe --profile') return 0 ;;
	'topics describe --config-file') return 0 ;;
	'topics describe -F'|'topics describe --command-config') return 0 ;;
	'topics describe -X'|'topics describe --client-opt'|'topics describe --command-property') return 0 ;;
	'topics describe --output') return 0 ;;
	'topics describe -J'|'topics describe --json') return 1 ;;
	'topics describe --no-headers') return 1 ;;
	'topics delete -b'|'topics delete --bootstrap-server'|'topics delete --brokers'|'topics delete --bootstrap-servers') return 0 ;;
	'topics delete --timeout') return 0 ;;
	'topics delete --profile') return 0 ;;
	'topics delete --config-file') return 0 ;;
	'topics delete -F'|'topics delete --command-config') return 0 ;;
	'topics delete -X'|'topics delete --client-opt'|'topics delete --command-property') return 0 ;;
	'topics delete --output') return 0 ;;
	'topics delete -J'|'topics delete --json') return 1 ;;
	'topics delete --no-headers') return 1 ;;
	'topics delete --if-exists') return 1 ;;
	'topics alter -b'|'topics alter --bootstrap-server'|'topics alter --brokers'|'topics alter --bootstrap-servers') return 0 ;;
	'topics alter --timeout') return 0 ;;
	'topics alter --profile') return 0 ;;
	'topics alter --config-file') return 0 ;;
	'topics alter -F'|'topics alter --command-config') return 0 ;;
	'topics alter -X'|'topics alter --client-opt'|'topics alter --command-property') return 0 ;;
	'topics alter --output') return 0 ;;
	'topics alter -J'|'topics alter --json') return 1 ;;
	'topics alter --no-headers') return 1 ;;
	'topics alter -p'|'topics alter --partitions') return 0 ;;
	'topics alter --dry-run') return 1 ;;
	'topics config -b'|'topics config --bootstrap-server'|'topics config --brokers'|'topics config --bootstrap-servers') return 0 ;;
	'topics config --timeout') return 0 ;;
	'topics config --profile') return 0 ;;
	'topics config --config-file') return 0 ;;
	'topics config -F'|'topics config --command-config') return 0 ;;
	'topics config -X'|'topics config --client-opt'|'topics config --command-property') return 0 ;;
	'topics config --output') return 0 ;;
	'topics config -J'|'topics config --json') return 1 ;;
	'topics config --no-headers') return 1 ;;
	'topics config --set') return 0 ;;
	'topics config --delete') return 0 ;;
	'topics config --dry-run') return 1 ;;
	'topics offsets -b'|'topics offsets --bootstrap-server'|'topics offsets --brokers'|'topics offsets --bootstrap-servers') return 0 ;;
	'topics offsets --timeout') return 0 ;;
	'topics offsets --profile') return 0 ;;
	'topics offsets --config-file') return 0 ;;
	'topics offsets -F'|'topics offsets --command-config') return 0 ;;
	'topics offsets -X'|'topics offsets --client-opt'|'topics offsets --command-property') return 0 ;;
	'topics offsets --output') return 0 ;;
	'topics offsets -J'|'topics offsets --json') return 1 ;;
	'topics offsets --no-headers') return 1 ;;
	'topics offsets --at') return 0 ;;
	'produce -b'|'produce --bootstrap-server'|'produce --brokers'|'produce --bootstrap-servers') return 0 ;;
	'produce --timeout') return 0 ;;
	'produce --profile') return 0 ;;
	'produce --config-file') return 0 ;;
	'produce -F'|'produce --command-config') return 0 ;;
	'produce -X'|'produce --client-opt'|'produce --command-property') return 0 ;;
	'produce -t'|'produce --topic') return 0 ;;
	'produce -k'|'produce --key') return 0 ;;
	'produce -K'|'produce --key-delimiter') return 0 ;;
	'produce -D'|'produce --delimiter') return 0 ;;
	'produce --whole') return 1 ;;
	'produce --input') return 0 ;;
	'produce --keep-partition') return 1 ;;
	'produce --keep-timestamp') return 1 ;;
	'produce -H'|'produce --header') return 0 ;;
	'produce -p'|'produce --partition') return 0 ;;
	'produce --partitioner') return 0 ;;
	'produce -a'|'produce --acks') return 0 ;;
	'produce -z'|'produce --compression') return 0 ;;
	'produce --linger') return 0 ;;
	'produce --batch-size') return 0 ;;
	'produce --sync') return 1 ;;
	'produce --timestamp') return 0 ;;
	'produce -Z'|'produce --null-empty') return 1 ;;
	'produce --null-marker') return 0 ;;
	'produce -c'|'produce --count') return 0 ;;
	'produce -T'|'produce --tee') return 1 ;;
	'produce --report') return 1 ;;
	'produce --output') return 0 ;;
	'produce -J'|'produce --json') return 1 ;;
	'produce -E'|'produce --continue-on-error') return 1 ;;
	'produce -l'|'produce --line-file') return 0 ;;
	'produce --property') return 0 ;;
	'produce --producer-property') return 0 ;;
	'produce --producer.config') return 0 ;;
	'produce --compression-codec') return 0 ;;
	'produce --request-required-acks') return 0 ;;
	'produce --line-reader') return 0 ;;
	'consume -b'|'consume --bootstrap-server'|'consume --brokers'|'consume --bootstrap-servers') return 0 ;;
	'consume --timeout') return 0 ;;
	'consume --profile') return 0 ;;
	'consume --config-file') return 0 ;;
	'consume -F'|'consume --command-config') return 0 ;;
	'consume -X'|'consume --client-opt'|'consume --command-property') return 0 ;;
	'consume --output') return 0 ;;
	'consume -J'|'consume --json') return 1 ;;
	'consume -t'|'consume --topic') return 0 ;;
	'consume -p'|'consume --partition'|'consume --partitions') return 0 ;;
	'consume -o'|'consume --offset') return 0 ;;
	'consume --from-beginning') return 1 ;;
	'consume -e'|'consume --exit') return 1 ;;
	'consume -c'|'consume --count'|'consume --max-messages') return 0 ;;
	'consume --idle-timeout'|'consume --timeout-ms') return 0 ;;
	'consume -g'|'consume --group') return 0 ;;
	'consume -G'|'consume --group-id') return 0 ;;
	'consume --no-commit') return 1 ;;
	'consume --commit-interval') return 0 ;;
	'consume --assignor') return 0 ;;
	'consume --group-instance-id') return 0 ;;
	'consume --session-timeout') return 0 ;;
	'consume --isolation'|'consume --isolation-level') return 0 ;;
	'consume --read-committed') return 1 ;;
	'consume -f'|'consume --format') return 0 ;;
	'consume -K'|'consume --key-delimiter') return 0 ;;
	'consume --print-key') return 1 ;;
	'consume --print-partition') return 1 ;;
	'consume -O'|'consume --print-offset') return 1 ;;
	'consume --print-timestamp') return 1 ;;
	'consume --print-headers') return 1 ;;
	'consume -D'|'consume --delimiter') return 0 ;;
	'consume --null-literal') return 0 ;;
	'consume -Z'|'consume --print-null') return 1 ;;
	'consume --encoding') return 0 ;;
	'consume --header-filter') return 0 ;;
	'consume -u'|'consume --unbuffered') return 1 ;;
	'consume --fetch-max-bytes') return 0 ;;
	'consume --fetch-max-wait') return 0 ;;
	'consume --max-partition-fetch-bytes') return 0 ;;
	'consume --property') return 0 ;;
	'consume --consumer-property') return 0 ;;
	'consume --consumer.config') return 0 ;;
	'consume --formatter') return 0 ;;
	'groups -b'|'groups --bootstrap-server'|'groups --brokers'|'groups --bootstrap-servers') return 0 ;;
	'groups --timeout') return 0 ;;
	'groups --profile') return 0 ;;
	'groups --config-file') return 0 ;;
	'groups -F'|'groups --command-config') return 0 ;;
	'groups -X'|'groups --client-opt'|'groups --command-property') return 0 ;;
	'groups --output') return 0 ;;
	'groups -J'|'groups --json') return 1 ;;
	'groups --no-headers') return 1 ;;
	'groups --list') return 1 ;;
	'groups --describe') return 1 ;;
	'groups --delete') return 1 ;;
	'groups --reset-offsets') return 1 ;;
	'groups --delete-offsets') return 1 ;;
	'groups --group') return 0 ;;
	'groups --all'|'groups --all-groups') return 1 ;;
	'groups --offsets') return 1 ;;
	'groups --members') return 1 ;;
	'groups --state') return 1 ;;
	'groups --lag-by-topic') return 1 ;;
	'groups --topic') return 0 ;;
	'groups --all-topics') return 1 ;;
	'groups --to-earliest') return 1 ;;
	'groups --to-latest') return 1 ;;
	'groups --to-current') return 1 ;;
	'groups --to-offset') return 0 ;;
	'groups --shift-by') return 0 ;;
	'groups --to-datetime') return 0 ;;
	'groups --by-duration') return 0 ;;
	'groups --from-file') return 0 ;;
	'groups --execute') return 1 ;;
	'groups --dry-run') return 1 ;;
	'groups --export') return 1 ;;
	'groups list -b'|'groups list --bootstrap-server'|'groups list --brokers'|'groups list --bootstrap-servers') return 0 ;;
	'groups list --timeout') return 0 ;;
	'groups list --profile') return 0 ;;
	'groups list --config-file') return 0 ;;
	'groups list -F'|'groups list --command-config') return 0 ;;
	'groups list -X'|'groups list --client-opt'|'groups list --command-property') return 0 ;;
	'groups list --output') return 0 ;;
	'groups list -J'|'groups list --json') return 1 ;;
	'groups list --no-headers') return 1 ;;
	'groups list -s'|'groups list --state') return 0 ;;
	'groups list -l'|'groups list --long') return 1 ;;
	'groups list -N'|'groups list --names-only') return 1 ;;
	'groups describe -b'|'groups describe --bootstrap-server'|'groups describe --brokers'|'groups describe --bootstrap-servers') return 0 ;;
	'groups describe --timeout') return 0 ;;
	'groups describe --profile') return 0 ;;
	'groups describe --config-file') return 0 ;;
	'groups describe -F'|'groups describe --command-config') return 0 ;;
	'groups describe -X'|'groups describe --client-opt'|'groups describe --command-property') return 0 ;;
	'groups describe --output') return 0 ;;
	'groups describe -J'|'groups describe --json') return 1 ;;
	'groups describe --no-headers') return 1 ;;
	'groups describe --all'|'groups describe --all-groups') return 1 ;;
	'groups describe -t'|'groups describe --topic') return 0 ;;
	'groups describe --offsets') return 1 ;;
	'groups describe --members') return 1 ;;
	'groups describe --state') return 1 ;;
	'groups describe --lag-by-topic') return 1 ;;
	'groups describe -l'|'groups describe --long') return 1 ;;
	'groups delete -b'|'groups delete --bootstrap-server'|'groups delete --brokers'|'groups delete --bootstrap-servers') return 0 ;;
	'groups delete --timeout') return 0 ;;
	'groups delete --profile') return 0 ;;
	'groups delete --config-file') return 0 ;;
	'groups delete -F'|'groups delete --command-config') return 0 ;;
	'groups delete -X'|'groups delete --client-opt'|'groups delete --command-property') return 0 ;;
	'groups delete --output') return 0 ;;
	'groups delete -J'|'groups delete --json') return 1 ;;
	'groups delete --no-headers') return 1 ;;
	'groups delete --if-exists') return 1 ;;
	'groups reset-offsets -b'|'groups reset-offsets --bootstrap-server'|'groups reset-offsets --brokers'|'groups reset-offsets --bootstrap-servers') return 0 ;;
	'groups reset-offsets --timeout') return 0 ;;
	'groups reset-offsets --profile') return 0 ;;
	'groups reset-offsets --config-file') return 0 ;;
	'groups reset-offsets -F'|'groups reset-offsets --command-config') return 0 ;;
	'groups reset-offsets -X'|'groups reset-offsets --client-opt'|'groups reset-offsets --command-property') return 0 ;;
	'groups reset-offsets --output') return 0 ;;
	'groups reset-offsets -J'|'groups reset-offsets --json') return 1 ;;
	'groups reset-offsets --no-headers') return 1 ;;
	'groups reset-offsets --topic') return 0 ;;
	'groups reset-offsets --all-topics') return 1 ;;
	'groups reset-offsets --to-earliest') return 1 ;;
	'groups reset-offsets --to-latest') return 1 ;;
	'groups reset-offsets --to-current') return 1 ;;
	'groups reset-offsets --to-offset') return 0 ;;
	'groups reset-offsets --shift-by') return 0 ;;
	'groups reset-offsets --to-datetime') return 0 ;;
	'groups reset-offsets --by-duration') return 0 ;;
	'groups reset-offsets --from-file') return 0 ;;
	'groups reset-offsets --execute') return 1 ;;
	'groups reset-offsets --dry-run') return 1 ;;
	'groups reset-offsets --export') return 1 ;;
	'groups delete-offsets -b'|'groups delete-offsets --bootstrap-server'|'groups delete-offsets --brokers'|'groups delete-offsets --bootstrap-servers') return 0 ;;
	'groups delete-offsets --timeout') return 0 ;;
	'groups delete-offsets --profile') return 0 ;;
	'groups delete-offsets --config-file') return 0 ;;
	'groups delete-offsets -F'|'groups delete-offsets --command-config') return 0 ;;
	'groups delete-offsets -X'|'groups delete-offsets --client-opt'|'groups delete-offsets --command-property') return 0 ;;
	'groups delete-offsets --output') return 0 ;;
	'groups delete-offsets -J'|'groups delete-offsets --json') return 1 ;;
	'groups delete-offsets --no-headers') return 1 ;;
	'groups delete-offsets --topic') return 0 ;;
	'perf -b'|'perf --bootstrap-server'|'perf --brokers'|'perf --bootstrap-servers') return 0 ;;
	'perf --timeout') return 0 ;;
	'perf --profile') return 0 ;;
	'perf --config-file') return 0 ;;
	'perf -F'|'perf --command-config') return 0 ;;
	'perf -X'|'perf --client-opt'|'perf --command-property') return 0 ;;
	'perf produce -b'|'perf produce --bootstrap-server'|'perf produce --brokers'|'perf produce --bootstrap-servers') return 0 ;;
	'perf produce --timeout') return 0 ;;
	'perf produce --profile') return 0 ;;
	'perf produce --config-file') return 0 ;;
	'perf produce -F'|'perf produce --command-config') return 0 ;;
	'perf produce -X'|'perf produce --client-opt'|'perf produce --command-property') return 0 ;;
	'perf produce -n'|'perf produce --num-records'|'perf produce --messages') return 0 ;;
	'perf produce --duration') return 0 ;;
	'perf produce -s'|'perf produce --record-size') return 0 ;;
	'perf produce --payload') return 0 ;;
	'perf produce --payload-file') return 0 ;;
	'perf produce --payload-delimiter') return 0 ;;
	'perf produce -r'|'perf produce --throughput') return 0 ;;
	'perf produce --keys') return 0 ;;
	'perf produce -a'|'perf produce --acks') return 0 ;;
	'perf produce -z'|'perf produce --compression') return 0 ;;
	'perf produce -p'|'perf produce --partitions') return 0 ;;
	'perf produce --batch-size') return 0 ;;
	'perf produce --linger') return 0 ;;
	'perf produce --producer-props') return 0 ;;
	'perf produce --producer.config') return 0 ;;
	'perf produce --output') return 0 ;;
	'perf produce -J'|'perf produce --json') return 1 ;;
	'perf produce -i'|'perf produce --interval'|'perf produce --reporting-interval') return 0 ;;
	'perf produce --topic') return 0 ;;
	'perf consume -b'|'perf consume --bootstrap-server'|'perf consume --brokers'|'perf consume --bootstrap-servers') return 0 ;;
	'perf consume --timeout') return 0 ;;
	'perf consume --profile') return 0 ;;
	'perf consume --config-file') return 0 ;;
	'perf consume -F'|'perf consume --command-config') return 0 ;;
	'perf consume -X'|'perf consume --client-opt'|'perf consume --command-property') return 0 ;;
	'perf consume -n'|'perf consume --messages'|'perf consume --num-records') return 0 ;;
	'perf consume -e'|'perf consume --exit') return 1 ;;
	'perf consume --duration') return 0 ;;
	'perf consume --from-latest') return 1 ;;
	'perf consume --from-beginning') return 1 ;;
	'perf consume --fetch-size') return 0 ;;
	'perf consume --show-detailed-stats'|'perf consume --hide-header') return 1 ;;
	'perf consume --consumer.config') return 0 ;;
	'perf consume --output') return 0 ;;
	'perf consume -J'|'perf consume --json') return 1 ;;
	'perf consume -i'|'perf consume --interval'|'perf consume --reporting-interval') return 0 ;;
	'perf consume --topic') return 0 ;;
	'perf e2e -b'|'perf e2e --bootstrap-server'|'perf e2e --brokers'|'perf e2e --bootstrap-servers') return 0 ;;
	'perf e2e --timeout') return 0 ;;
	'perf e2e --profile') return 0 ;;
	'perf e2e --config-file') return 0 ;;
	'perf e2e -F'|'perf e2e --command-config') return 0 ;;
	'perf e2e -X'|'perf e2e --client-opt'|'perf e2e --command-property') return 0 ;;
	'perf e2e -n'|'perf e2e --num-records'|'perf e2e --messages') return 0 ;;
	'perf e2e --duration') return 0 ;;
	'perf e2e -s'|'perf e2e --record-size') return 0 ;;
	'perf e2e -r'|'perf e2e --throughput') return 0 ;;
	'perf e2e -a'|'perf e2e --acks') return 0 ;;
	'perf e2e -z'|'perf e2e --compression') return 0 ;;
	'perf e2e -p'|'perf e2e --partitions') return 0 ;;
	'perf e2e --batch-size') return 0 ;;
	'perf e2e --linger') return 0 ;;
	'perf e2e --producer-props') return 0 ;;
	'perf e2e --producer.config') return 0 ;;
	'perf e2e --output') return 0 ;;
	'perf e2e -J'|'perf e2e --json') return 1 ;;
	'perf e2e -i'|'perf e2e --interval'|'perf e2e --reporting-interval') return 0 ;;
	'perf e2e --topic') return 0 ;;
	'dump-log --print-data'|'dump-log --print-data-log') return 1 ;;
	'dump-log --deep'|'dump-log --deep-iteration') return 1 ;;
	'dump-log --offsets-decoder') return 1 ;;
	'dump-log --transaction-log-decoder') return 1 ;;
	'dump-log --cluster-metadata-decoder') return 1 ;;
	'dump-log --key-decoder') return 0 ;;
	'dump-log --value-decoder') return 0 ;;
	'dump-log --verify-index'|'dump-log --verify-index-only') return 1 ;;
	'dump-log --index-sanity'|'dump-log --index-sanity-check') return 1 ;;
	'dump-log --max-bytes') return 0 ;;
	'dump-log --max-message-size') return 0 ;;
	'dump-log --skip-record-metadata') return 1 ;;
	'dump-log --output') return 0 ;;
	'dump-log -J'|'dump-log --json') return 1 ;;
	'dump-log --no-fail') return 1 ;;
	'dump-log --files') return 0 ;;
	'dump-log --key-decoder-class') return 0 ;;
	'dump-log --value-decoder-class') return 0 ;;
	'dump-log --remote-log-metadata-decoder') return 1 ;;
	'dump-log --share-group-state-decoder') return 1 ;;
	*' -q'|*' --quiet') return 1 ;;
	*' -v'|*' --verbose') return 1 ;;
	*' -d'|*' --debug') return 0 ;;
	*' --color') return 0 ;;
	esac
	return 1
}

# Completes the value of option $2 of command path $1.
_kaf_value()
{
	case "$1 $2" in
	'server -c'|'server --config') _kaf_files ;;
	'server -X'|'server --override') ;;
	'server --data-dir') _kaf_dirs ;;
	'server --listeners') ;;
	'server --advertised-listeners') ;;
	'server --node-id') ;;
	'server --cluster-id') ;;
	'server --log-level') _kaf_words 'error warn info debug trace' ;;
	'server --log-format') _kaf_words 'text json' ;;
	'server --pid-file') _kaf_files ;;
	'topics -b'|'topics --bootstrap-server'|'topics --brokers'|'topics --bootstrap-servers') ;;
	'topics --timeout') ;;
	'topics --profile') ;;
	'topics --config-file') _kaf_files ;;
	'topics -F'|'topics --command-config') _kaf_files ;;
	'topics -X'|'topics --client-opt'|'topics --command-property') ;;
	'topics --output') _kaf_words 'text tsv json' ;;
	'topics --topic') ;;
	'topics --partitions') ;;
	'topics --replication-factor') ;;
	'topics --config') ;;
	'topics list -b'|'topics list --bootstrap-server'|'topics list --brokers'|'topics list --bootstrap-servers') ;;
	'topics list --timeout') ;;
	'topics list --profile') ;;
	'topics list --config-file') _kaf_files ;;
	'topics list -F'|'topics list --command-config') _kaf_files ;;
	'topics list -X'|'topics list --client-opt'|'topics list --command-property') ;;
	'topics list --output') _kaf_words 'text tsv json' ;;
	'topics create -b'|'topics create --bootstrap-server'|'topics create --brokers'|'topics create --bootstrap-servers') ;;
	'topics create --timeout') ;;
	'topics create --profile') ;;
	'topics create --config-file') _kaf_files ;;
	'topics create -F'|'topics create --command-config') _kaf_files ;;
	'topics create -X'|'topics create --client-opt'|'topics create --command-property') ;;
	'topics create --output') _kaf_words 'text tsv json' ;;
	'topics create -p'|'topics create --partitions') ;;
	'topics create -r'|'topics create --replication-factor') ;;
	'topics create -c'|'topics create --config') ;;
	'topics describe -b'|'topics describe --bootstrap-server'|'topics describe --brokers'|'topics describe --bootstrap-servers') ;;
	'topics describe --timeout') ;;
	'topics describe --profile') ;;
	'topics describe --config-file') _kaf_files ;;
	'topics describe -F'|'topics describe --command-config') _kaf_files ;;
	'topics describe -X'|'topics describe --client-opt'|'topics describe --command-property') ;;
	'topics describe --output') _kaf_words 'text tsv json' ;;
	'topics delete -b'|'topics delete --bootstrap-server'|'topics delete --brokers'|'topics delete --bootstrap-servers') ;;
	'topics delete --timeout') ;;
	'topics delete --profile') ;;
	'topics delete --config-file') _kaf_files ;;
	'topics delete -F'|'topics delete --command-config') _kaf_files ;;
	'topics delete -X'|'topics delete --client-opt'|'topics delete --command-property') ;;
	'topics delete --output') _kaf_words 'text tsv json' ;;
	'topics alter -b'|'topics alter --bootstrap-server'|'topics alter --brokers'|'topics alter --bootstrap-servers') ;;
	'topics alter --timeout') ;;
	'topics alter --profile') ;;
	'topics alter --config-file') _kaf_files ;;
	'topics alter -F'|'topics alter --command-config') _kaf_files ;;
	'topics alter -X'|'topics alter --client-opt'|'topics alter --command-property') ;;
	'topics alter --output') _kaf_words 'text tsv json' ;;
	'topics alter -p'|'topics alter --partitions') ;;
	'topics config -b'|'topics config --bootstrap-server'|'topics config --brokers'|'topics config --bootstrap-servers') ;;
	'topics config --timeout') ;;
	'topics config --profile') ;;
	'topics config --config-file') _kaf_files ;;
	'topics config -F'|'topics config --command-config') _kaf_files ;;
	'topics config -X'|'topics config --client-opt'|'topics config --command-property') ;;
	'topics config --output') _kaf_words 'text tsv json' ;;
	'topics config --set') ;;
	'topics config --delete') ;;
	'topics offsets -b'|'topics offsets --bootstrap-server'|'topics offsets --brokers'|'topics offsets --bootstrap-servers') ;;
	'topics offsets --timeout') ;;
	'topics offsets --profile') ;;
	'topics offsets --config-file') _kaf_files ;;
	'topics offsets -F'|'topics offsets --command-config') _kaf_files ;;
	'topics offsets -X'|'topics offsets --client-opt'|'topics offsets --command-property') ;;
	'topics offsets --output') _kaf_words 'text tsv json' ;;
	'topics offsets --at') ;;
	'produce -b'|'produce --bootstrap-server'|'produce --brokers'|'produce --bootstrap-servers') ;;
	'produce --timeout') ;;
	'produce --profile') ;;
	'produce --config-file') _kaf_files ;;
	'produce -F'|'produce --command-config') _kaf_files ;;
	'produce -X'|'produce --client-opt'|'produce --command-property') ;;
	'produce -t'|'produce --topic') ;;
	'produce -k'|'produce --key') ;;
	'produce -K'|'produce --key-delimiter') ;;
	'produce -D'|'produce --delimiter') ;;
	'produce --input') _kaf_words 'text json' ;;
	'produce -H'|'produce --header') ;;
	'produce -p'|'produce --partition') ;;
	'produce --partitioner') _kaf_words 'murmur2 murmur2_random consistent_random random round-robin' ;;
	'produce -a'|'produce --acks') _kaf_words 'all -1 1 0' ;;
	'produce -z'|'produce --compression') _kaf_words 'none gzip snappy lz4 zstd' ;;
	'produce --linger') ;;
	'produce --batch-size') ;;
	'produce --timestamp') ;;
	'produce --null-marker') ;;
	'produce -c'|'produce --count') ;;
	'produce --output') _kaf_words 'text tsv jsonl' ;;
	'produce -l'|'produce --line-file') _kaf_files ;;
	'produce --property') ;;
	'produce --producer-property') ;;
	'produce --producer.config') _kaf_files ;;
	'produce --compression-codec') _kaf_words 'none gzip snappy lz4 zstd' ;;
	'produce --request-required-acks') _kaf_words 'all -1 1 0' ;;
	'produce --line-reader') ;;
	'consume -b'|'consume --bootstrap-server'|'consume --brokers'|'consume --bootstrap-servers') ;;
	'consume --timeout') ;;
	'consume --profile') ;;
	'consume --config-file') _kaf_files ;;
	'consume -F'|'consume --command-config') _kaf_files ;;
	'consume -X'|'consume --client-opt'|'consume --command-property') ;;
	'consume --output') _kaf_words 'text jsonl' ;;
	'consume -t'|'consume --topic') ;;
	'consume -p'|'consume --partition'|'consume --partitions') ;;
	'consume -o'|'consume --offset') ;;
	'consume -c'|'consume --count'|'consume --max-messages') ;;
	'consume --idle-timeout'|'consume --timeout-ms') ;;
	'consume -g'|'consume --group') ;;
	'consume -G'|'consume --group-id') ;;
	'consume --commit-interval') ;;
	'consume --assignor') ;;
	'consume --group-instance-id') ;;
	'consume --session-timeout') ;;
	'consume --isolation'|'consume --isolation-level') _kaf_words 'read_uncommitted read_committed' ;;
	'consume -f'|'consume --format') ;;
	'consume -K'|'consume --key-delimiter') ;;
	'consume -D'|'consume --delimiter') ;;
	'consume --null-literal') ;;
	'consume --encoding') _kaf_words 'text hex base64' ;;
	'consume --header-filter') ;;
	'consume --fetch-max-bytes') ;;
	'consume --fetch-max-wait') ;;
	'consume --max-partition-fetch-bytes') ;;
	'consume --property') ;;
	'consume --consumer-property') ;;
	'consume --consumer.config') ;;
	'consume --formatter') ;;
	'groups -b'|'groups --bootstrap-server'|'groups --brokers'|'groups --bootstrap-servers') ;;
	'groups --timeout') ;;
	'groups --profile') ;;
	'groups --config-file') _kaf_files ;;
	'groups -F'|'groups --command-config') _kaf_files ;;
	'groups -X'|'groups --client-opt'|'groups --command-property') ;;
	'groups --output') _kaf_words 'text tsv json' ;;
	'groups --group') ;;
	'groups --topic') ;;
	'groups --to-offset') ;;
	'groups --shift-by') ;;
	'groups --to-datetime') ;;
	'groups --by-duration') ;;
	'groups --from-file') _kaf_files ;;
	'groups list -b'|'groups list --bootstrap-server'|'groups list --brokers'|'groups list --bootstrap-servers') ;;
	'groups list --timeout') ;;
	'groups list --profile') ;;
	'groups list --config-file') _kaf_files ;;
	'groups list -F'|'groups list --command-config') _kaf_files ;;
	'groups list -X'|'groups list --client-opt'|'groups list --command-property') ;;
	'groups list --output') _kaf_words 'text tsv json' ;;
	'groups list -s'|'groups list --state') ;;
	'groups describe -b'|'groups describe --bootstrap-server'|'groups describe --brokers'|'groups describe --bootstrap-servers') ;;
	'groups describe --timeout') ;;
	'groups describe --profile') ;;
	'groups describe --config-file') _kaf_files ;;
	'groups describe -F'|'groups describe --command-config') _kaf_files ;;
	'groups describe -X'|'groups describe --client-opt'|'groups describe --command-property') ;;
	'groups describe --output') _kaf_words 'text tsv json' ;;
	'groups describe -t'|'groups describe --topic') ;;
	'groups delete -b'|'groups delete --bootstrap-server'|'groups delete --brokers'|'groups delete --bootstrap-servers') ;;
	'groups delete --timeout') ;;
	'groups delete --profile') ;;
	'groups delete --config-file') _kaf_files ;;
	'groups delete -F'|'groups delete --command-config') _kaf_files ;;
	'groups delete -X'|'groups delete --client-opt'|'groups delete --command-property') ;;
	'groups delete --output') _kaf_words 'text tsv json' ;;
	'groups reset-offsets -b'|'groups reset-offsets --bootstrap-server'|'groups reset-offsets --brokers'|'groups reset-offsets --bootstrap-servers') ;;
	'groups reset-offsets --timeout') ;;
	'groups reset-offsets --profile') ;;
	'groups reset-offsets --config-file') _kaf_files ;;
	'groups reset-offsets -F'|'groups reset-offsets --command-config') _kaf_files ;;
	'groups reset-offsets -X'|'groups reset-offsets --client-opt'|'groups reset-offsets --command-property') ;;
	'groups reset-offsets --output') _kaf_words 'text tsv json' ;;
	'groups reset-offsets --topic') ;;
	'groups reset-offsets --to-offset') ;;
	'groups reset-offsets --shift-by') ;;
	'groups reset-offsets --to-datetime') ;;
	'groups reset-offsets --by-duration') ;;
	'groups reset-offsets --from-file') _kaf_files ;;
	'groups delete-offsets -b'|'groups delete-offsets --bootstrap-server'|'groups delete-offsets --brokers'|'groups delete-offsets --bootstrap-servers') ;;
	'groups delete-offsets --timeout') ;;
	'groups delete-offsets --profile') ;;
	'groups delete-offsets --config-file') _kaf_files ;;
	'groups delete-offsets -F'|'groups delete-offsets --command-config') _kaf_files ;;
	'groups delete-offsets -X'|'groups delete-offsets --client-opt'|'groups delete-offsets --command-property') ;;
	'groups delete-offsets --output') _kaf_words 'text tsv json' ;;
	'groups delete-offsets --topic') ;;
	'perf -b'|'perf --bootstrap-server'|'perf --brokers'|'perf --bootstrap-servers') ;;
	'perf --timeout') ;;
	'perf --profile') ;;
	'perf --config-file') _kaf_files ;;
	'perf -F'|'perf --command-config') _kaf_files ;;
	'perf -X'|'perf --client-opt'|'perf --command-property') ;;
	'perf produce -b'|'perf produce --bootstrap-server'|'perf produce --brokers'|'perf produce --bootstrap-servers') ;;
	'perf produce --timeout') ;;
	'perf produce --profile') ;;
	'perf produce --config-file') _kaf_files ;;
	'perf produce -F'|'perf produce --command-config') _kaf_files ;;
	'perf produce -X'|'perf produce --client-opt'|'perf produce --command-property') ;;
	'perf produce -n'|'perf produce --num-records'|'perf produce --messages') ;;
	'perf produce --duration') ;;
	'perf produce -s'|'perf produce --record-size') ;;
	'perf produce --payload') _kaf_words 'random text' ;;
	'perf produce --payload-file') _kaf_files ;;
	'perf produce --payload-delimiter') ;;
	'perf produce -r'|'perf produce --throughput') ;;
	'perf produce --keys') ;;
	'perf produce -a'|'perf produce --acks') _kaf_words 'all -1 1 0' ;;
	'perf produce -z'|'perf produce --compression') _kaf_words 'none gzip snappy lz4 zstd' ;;
	'perf produce -p'|'perf produce --partitions') ;;
	'perf produce --batch-size') ;;
	'perf produce --linger') ;;
	'perf produce --producer-props') ;;
	'perf produce --producer.config') _kaf_files ;;
	'perf produce --output') _kaf_words 'text jsonl' ;;
	'perf produce -i'|'perf produce --interval'|'perf produce --reporting-interval') ;;
	'perf produce --topic') ;;
	'perf consume -b'|'perf consume --bootstrap-server'|'perf consume --brokers'|'perf consume --bootstrap-servers') ;;
	'perf consume --timeout') ;;
	'perf consume --profile') ;;
	'perf consume --config-file') _kaf_files ;;
	'perf consume -F'|'perf consume --command-config') _kaf_files ;;
	'perf consume -X'|'perf consume --client-opt'|'perf consume --command-property') ;;
	'perf consume -n'|'perf consume --messages'|'perf consume --num-records') ;;
	'perf consume --duration') ;;
	'perf consume --fetch-size') ;;
	'perf consume --consumer.config') _kaf_files ;;
	'perf consume --output') _kaf_words 'text jsonl' ;;
	'perf consume -i'|'perf consume --interval'|'perf consume --reporting-interval') ;;
	'perf consume --topic') ;;
	'perf e2e -b'|'perf e2e --bootstrap-server'|'perf e2e --brokers'|'perf e2e --bootstrap-servers') ;;
	'perf e2e --timeout') ;;
	'perf e2e --profile') ;;
	'perf e2e --config-file') _kaf_files ;;
	'perf e2e -F'|'perf e2e --command-config') _kaf_files ;;
	'perf e2e -X'|'perf e2e --client-opt'|'perf e2e --command-property') ;;
	'perf e2e -n'|'perf e2e --num-records'|'perf e2e --messages') ;;
	'perf e2e --duration') ;;
	'perf e2e -s'|'perf e2e --record-size') ;;
	'perf e2e -r'|'perf e2e --throughput') ;;
	'perf e2e -a'|'perf e2e --acks') _kaf_words 'all -1 1 0' ;;
	'perf e2e -z'|'perf e2e --compression') _kaf_words 'none gzip snappy lz4 zstd' ;;
	'perf e2e -p'|'perf e2e --partitions') ;;
	'perf e2e --batch-size') ;;
	'perf e2e --linger') ;;
	'perf e2e --producer-props') ;;
	'perf e2e --producer.config') _kaf_files ;;
	'perf e2e --output') _kaf_words 'text jsonl' ;;
	'perf e2e -i'|'perf e2e --interval'|'perf e2e --reporting-interval') ;;
	'perf e2e --topic') ;;
	'dump-log --key-decoder') _kaf_words 'string hex base64 none' ;;
	'dump-log --value-decoder') _kaf_words 'string hex base64 none' ;;
	'dump-log --max-bytes') ;;
	'dump-log --max-message-size') ;;
	'dump-log --output') _kaf_words 'text jsonl' ;;
	'dump-log --files') _kaf_files ;;
	'dump-log --key-decoder-class') ;;
	'dump-log --value-decoder-class') ;;
	*' -d'|*' --debug') _kaf_words 'broker protocol metadata group fetch produce all' ;;
	*' --color') _kaf_words 'auto always never' ;;
	esac
}

_kaf_subs()
{
	case $1 in
	'topics') echo 'list create describe delete alter config offsets' ;;
	'groups') echo 'list describe delete reset-offsets delete-offsets' ;;
	'perf') echo 'produce consume e2e' ;;
	'completion') echo 'bash zsh fish' ;;
	esac
}

_kaf_operands()
{
	case $1 in
	'') echo file ;;
	'server') echo file ;;
	'topics') echo none ;;
	'topics list') echo none ;;
	'topics create') echo none ;;
	'topics describe') echo none ;;
	'topics delete') echo none ;;
	'topics alter') echo none ;;
	'topics config') echo none ;;
	'topics offsets') echo none ;;
	'produce') echo file ;;
	'consume') echo none ;;
	'groups') echo none ;;
	'groups list') echo none ;;
	'groups describe') echo none ;;
	'groups delete') echo none ;;
	'groups reset-offsets') echo none ;;
	'groups delete-offsets') echo none ;;
	'perf') echo none ;;
	'perf produce') echo none ;;
	'perf consume') echo none ;;
	'perf e2e') echo none ;;
	'dump-log') echo file ;;
	'help') echo command ;;
	'version') echo none ;;
	'completion') echo none ;;
	'completion bash') echo none ;;
	'completion zsh') echo none ;;
	'completion fish') echo none ;;
	*) echo file ;;
	esac
}

_kaf_words()
{
	local IFS=$' \t\n'
	COMPREPLY=($(compgen -W "$1" -- "$cur"))
}

_kaf_files()
{
	compopt -o filenames 2>/dev/null
	local IFS=$'\n'
	COMPREPLY=($(compgen -f -- "$cur"))
}

_kaf_dirs()
{
	compopt -o filenames 2>/dev/null
	local IFS=$'\n'
	COMPREPLY=($(compgen -d -- "$cur"))
}

_kaf()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev= opt= path= i w dashdash=
	COMPREPLY=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ -z $dashdash && $w == -?* ]]; then
			if [[ $w == -- ]]; then dashdash=1; continue; fi
			[[ $w == --*=* ]] && continue
			if _kaf_takes_value "$path" "$w"; then
				# bash splits --opt=value into three words at the =
				if [[ ${COMP_WORDS[i+1]} == = ]]; then ((i += 2)); else ((i++)); fi
			fi
			continue
		fi
		if [[ -z $path ]]; then
			path=$(_kaf_canon "$w")
		elif [[ -n $(_kaf_subs "$path") ]]; then
			path="$path $w"
		fi
	done
	((COMP_CWORD >= 1)) && prev=${COMP_WORDS[COMP_CWORD-1]}
	if [[ $cur == = && $prev == --?* ]]; then
		opt=$prev cur=
	elif [[ $prev == = ]] && ((COMP_CWORD >= 2)); then
		opt=${COMP_WORDS[COMP_CWORD-2]}
	elif [[ $prev == -?* ]]; then
		opt=$prev
	fi
	if [[ -z $dashdash && -n $opt ]] && _kaf_takes_value "$path" "$opt"; then
		_kaf_value "$path" "$opt"
		return
	fi
	if [[ -z $dashdash && $cur == -* ]]; then
		_kaf_words "$(_kaf_opts "$path")"
		return
	fi
	if [[ -z $path ]]; then
		_kaf_words 'server topics produce consume groups perf dump-log help version'
		return
	fi
	local subs=$(_kaf_subs "$path")
	if [[ -n $subs ]]; then
		_kaf_words "$subs"
		return
	fi
	case $(_kaf_operands "$path") in
	file) _kaf_files ;;
	dir) _kaf_dirs ;;
	command) _kaf_words 'server topics produce consume groups perf dump-log help version' ;;
	esac
}

complete -F _kaf kaf
