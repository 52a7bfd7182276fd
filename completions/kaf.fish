# fish completion for kaf(1). Written by 'kaf completion fish' from kaf's
# command and option tables ('make completions'); change those, not this.

# Whether option $argv[2] of command path $argv[1] takes a value.
function __kaf_takes_value
	switch "$argv[1] $argv[2]"
	case ' -d' ' --debug' ' --color'
		return 0
	case ' -h' ' --help' ' -V' ' --version' ' --list-cmds' ' -q' ' --quiet' ' -v' ' --verbose'
		return 1
	case 'server -c' 'server --config' 'server -X' 'server --override' 'server --data-dir' 'server --listeners' 'server --advertised-listeners' 'server --node-id' 'server --cluster-id' 'server --log-level' 'server --log-format' 'server --pid-file' 'server -d' 'server --debug' 'server --color'
		return 0
	case 'server --check' 'server --print-config' 'server -q' 'server --quiet' 'server -v' 'server --verbose' 'server -h' 'server --help'
		return 1
	case 'topics -b' 'topics --bootstrap-server' 'topics --brokers' 'topics --bootstrap-servers' 'topics --timeout' 'topics --profile' 'topics --config-file' 'topics -F' 'topics --command-config' 'topics -X' 'topics --client-opt' 'topics --command-property' 'topics --output' 'topics --topic' 'topics --partitions' 'topics --replication-factor' 'topics --config' 'topics -d' 'topics --debug' 'topics --color'
		return 0
	case 'topics -J' 'topics --json' 'topics --no-headers' 'topics --list' 'topics --create' 'topics --describe' 'topics --delete' 'topics --alter' 'topics --if-exists' 'topics --if-not-exists' 'topics --exclude-internal' 'topics -q' 'topics --quiet' 'topics -v' 'topics --verbose' 'topics -h' 'topics --help'
		return 1
	case 'topics list -b' 'topics list --bootstrap-server' 'topics list --brokers' 'topics list --bootstrap-servers' 'topics list --timeout' 'topics list --profile' 'topics list --config-file' 'topics list -F' 'topics list --command-config' 'topics list -X' 'topics list --client-opt' 'topics list --command-property' 'topics list --output' 'topics list -d' 'topics list --debug' 'topics list --color'
		return 0
	case 'topics list -J' 'topics list --json' 'topics list --no-headers' 'topics list -i' 'topics list --internal' 'topics list --exclude-internal' 'topics list -N' 'topics list --names-only' 'topics list -q' 'topics list --quiet' 'topics list -v' 'topics list --verbose' 'topics list -h' 'topics list --help'
		return 1
	case 'topics create -b' 'topics create --bootstrap-server' 'topics create --brokers' 'topics create --bootstrap-servers' 'topics create --timeout' 'topics create --profile' 'topics create --config-file' 'topics create -F' 'topics create --command-config' 'topics create -X' 'topics create --client-opt' 'topics create --command-property' 'topics create --output' 'topics create -p' 'topics create --partitions' 'topics create -r' 'topics create --replication-factor' 'topics create -c' 'topics create --config' 'topics create -d' 'topics create --debug' 'topics create --color'
		return 0
	case 'topics create -J' 'topics create --json' 'topics create --no-headers' 'topics create --if-not-exists' 'topics create --dry-run' 'topics create -q' 'topics create --quiet' 'topics create -v' 'topics create --verbose' 'topics create -h' 'topics create --help'
		return 1
	case 'topics describe -b' 'topics describe --bootstrap-server' 'topics describe --brokers' 'topics describe --bootstrap-servers' 'topics describe --timeout' 'topics describe --profile' 'topics describe --config-file' 'topics describe -F' 'topics describe --command-config' 'topics describe -X' 'topics describe --client-opt' 'topics describe --command-property' 'topics describe --output' 'topics describe -d' 'topics describe --debug' 'topics describe --color'
		return 0
	case 'topics describe -J' 'topics describe --json' 'topics describe --no-headers' 'topics describe -q' 'topics describe --quiet' 'topics describe -v' 'topics describe --verbose' 'topics describe -h' 'topics describe --help'
		return 1
	case 'topics delete -b' 'topics delete --bootstrap-server' 'topics delete --brokers' 'topics delete --bootstrap-servers' 'topics delete --timeout' 'topics delete --profile' 'topics delete --config-file' 'topics delete -F' 'topics delete --command-config' 'topics delete -X' 'topics delete --client-opt' 'topics delete --command-property' 'topics delete --output' 'topics delete -d' 'topics delete --debug' 'topics delete --color'
		return 0
	case 'topics delete -J' 'topics delete --json' 'topics delete --no-headers' 'topics delete --if-exists' 'topics delete -q' 'topics delete --quiet' 'topics delete -v' 'topics delete --verbose' 'topics delete -h' 'topics delete --help'
		return 1
	case 'topics alter -b' 'topics alter --bootstrap-server' 'topics alter --brokers' 'topics alter --bootstrap-servers' 'topics alter --timeout' 'topics alter --profile' 'topics alter --config-file' 'topics alter -F' 'topics alter --command-config' 'topics alter -X' 'topics alter --client-opt' 'topics alter --command-property' 'topics alter --output' 'topics alter -p' 'topics alter --partitions' 'topics alter -d' 'topics alter --debug' 'topics alter --color'
		return 0
	case 'topics alter -J' 'topics alter --json' 'topics alter --no-headers' 'topics alter --dry-run' 'topics alter -q' 'topics alter --quiet' 'topics alter -v' 'topics alter --verbose' 'topics alter -h' 'topics alter --help'
		return 1
	case 'topics config -b' 'topics config --bootstrap-server' 'topics config --brokers' 'topics config --bootstrap-servers' 'topics config --timeout' 'topics config --profile' 'topics config --config-file' 'topics config -F' 'topics config --command-config' 'topics config -X' 'topics config --client-opt' 'topics config --command-property' 'topics config --output' 'topics config --set' 'topics config --delete' 'topics config -d' 'topics config --debug' 'topics config --color'
		return 0
	case 'topics config -J' 'topics config --json' 'topics config --no-headers' 'topics config --dry-run' 'topics config -q' 'topics config --quiet' 'topics config -v' 'topics config --verbose' 'topics config -h' 'topics config --help'
		return 1
	case 'topics offsets -b' 'topics offsets --bootstrap-server' 'topics offsets --brokers' 'topics offsets --bootstrap-servers' 'topics offsets --timeout' 'topics offsets --profile' 'topics offsets --config-file' 'topics offsets -F' 'topics offsets --command-config' 'topics offsets -X' 'topics offsets --client-opt' 'topics offsets --command-property' 'topics offsets --output' 'topics offsets --at' 'topics offsets -d' 'topics offsets --debug' 'topics offsets --color'
		return 0
	case 'topics offsets -J' 'topics offsets --json' 'topics offsets --no-headers' 'topics offsets -q' 'topics offsets --quiet' 'topics offsets -v' 'topics offsets --verbose' 'topics offsets -h' 'topics offsets --help'
		return 1
	case 'produce -b' 'produce --bootstrap-server' 'produce --brokers' 'produce --bootstrap-servers' 'produce --timeout' 'produce --profile' 'produce --config-file' 'produce -F' 'produce --command-config' 'produce -X' 'produce --client-opt' 'produce --command-property' 'produce -t' 'produce --topic' 'produce -k' 'produce --key' 'produce -K' 'produce --key-delimiter' 'produce -D' 'produce --delimiter' 'produce --input' 'produce -H' 'produce --header' 'produce -p' 'produce --partition' 'produce --partitioner' 'produce -a' 'produce --acks' 'produce -z' 'produce --compression' 'produce --linger' 'produce --batch-size' 'produce --timestamp' 'produce --null-marker' 'produce -c' 'produce --count' 'produce --output' 'produce -l' 'produce --line-file' 'produce --property' 'produce --producer-property' 'produce --producer.config' 'produce --compression-codec' 'produce --request-required-acks' 'produce --line-reader' 'produce -d' 'produce --debug' 'produce --color'
		return 0
	case 'produce --whole' 'produce --keep-partition' 'produce --keep-timestamp' 'produce --sync' 'produce -Z' 'produce --null-empty' 'produce -T' 'produce --tee' 'produce --report' 'produce -J' 'produce --json' 'produce -E' 'produce --continue-on-error' 'produce -q' 'produce --quiet' 'produce -v' 'produce --verbose' 'produce -h' 'produce --help'
		return 1
	case 'consume -b' 'consume --bootstrap-server' 'consume --brokers' 'consume --bootstrap-servers' 'consume --timeout' 'consume --profile' 'consume --config-file' 'consume -F' 'consume --command-config' 'consume -X' 'consume --client-opt' 'consume --command-property' 'consume --output' 'consume -t' 'consume --topic' 'consume -p' 'consume --partition' 'consume --partitions' 'consume -o' 'consume --offset' 'consume -c' 'consume --count' 'consume --max-messages' 'consume --idle-timeout' 'consume --timeout-ms' 'consume -g' 'consume --group' 'consume -G' 'consume --group-id' 'consume --commit-interval' 'consume --assignor' 'consume --group-instance-id' 'consume --session-timeout' 'consume --isolation' 'consume --isolation-level' 'consume -f' 'consume --format' 'consume -K' 'consume --key-delimiter' 'consume -D' 'consume --delimiter' 'consume --null-literal' 'consume --encoding' 'consume --header-filter' 'consume --fetch-max-bytes' 'consume --fetch-max-wait' 'consume --max-partition-fetch-bytes' 'consume --property' 'consume --consumer-property' 'consume --consumer.config' 'consume --formatter' 'consume -d' 'consume --debug' 'consume --color'
		return 0
	case 'consume -J' 'consume --json' 'consume --from-beginning' 'consume -e' 'consume --exit' 'consume --no-commit' 'consume --read-committed' 'consume --print-key' 'consume --print-partition' 'consume -O' 'consume --print-offset' 'consume --print-timestamp' 'consume --print-headers' 'consume -Z' 'consume --print-null' 'consume -u' 'consume --unbuffered' 'consume -q' 'consume --quiet' 'consume -v' 'consume --verbose' 'consume -h' 'consume --help'
		return 1
	case 'groups -b' 'groups --bootstrap-server' 'groups --brokers' 'groups --bootstrap-servers' 'groups --timeout' 'groups --profile' 'groups --config-file' 'groups -F' 'groups --command-config' 'groups -X' 'groups --client-opt' 'groups --command-property' 'groups --output' 'groups --group' 'groups --topic' 'groups --to-offset' 'groups --shift-by' 'groups --to-datetime' 'groups --by-duration' 'groups --from-file' 'groups -d' 'groups --debug' 'groups --color'
		return 0
	case 'groups -J' 'groups --json' 'groups --no-headers' 'groups --list' 'groups --describe' 'groups --delete' 'groups --reset-offsets' 'groups --delete-offsets' 'groups --all' 'groups --all-groups' 'groups --offsets' 'groups --members' 'groups --state' 'groups --lag-by-topic' 'groups --all-topics' 'groups --to-earliest' 'groups --to-latest' 'groups --to-current' 'groups --execute' 'groups --dry-run' 'groups --export' 'groups -q' 'groups --quiet' 'groups -v' 'groups --verbose' 'groups -h' 'groups --help'
		return 1
	case 'groups list -b' 'groups list --bootstrap-server' 'groups list --brokers' 'groups list --bootstrap-servers' 'groups list --timeout' 'groups list --profile' 'groups list --config-file' 'groups list -F' 'groups list --command-config' 'groups list -X' 'groups list --client-opt' 'groups list --command-property' 'groups list --output' 'groups list -s' 'groups list --state' 'groups list -d' 'groups list --debug' 'groups list --color'
		return 0
	case 'groups list -J' 'groups list --json' 'groups list --no-headers' 'groups list -l' 'groups list --long' 'groups list -N' 'groups list --names-only' 'groups list -q' 'groups list --quiet' 'groups list -v' 'groups list --verbose' 'groups list -h' 'groups list --help'
		return 1
	case 'groups describe -b' 'groups describe --bootstrap-server' 'groups describe --brokers' 'groups describe --bootstrap-servers' 'groups describe --timeout' 'groups describe --profile' 'groups describe --config-file' 'groups describe -F' 'groups describe --command-config' 'groups describe -X' 'groups describe --client-opt' 'groups describe --command-property' 'groups describe --output' 'groups describe -t' 'groups describe --topic' 'groups describe -d' 'groups describe --debug' 'groups describe --color'
		return 0
	case 'groups describe -J' 'groups describe --json' 'groups describe --no-headers' 'groups describe --all' 'groups describe --all-groups' 'groups describe --offsets' 'groups describe --members' 'groups describe --state' 'groups describe --lag-by-topic' 'groups describe -l' 'groups describe --long' 'groups describe -q' 'groups describe --quiet' 'groups describe -v' 'groups describe --verbose' 'groups describe -h' 'groups describe --help'
		return 1
	case 'groups delete -b' 'groups delete --bootstrap-server' 'groups delete --brokers' 'groups delete --bootstrap-servers' 'groups delete --timeout' 'groups delete --profile' 'groups delete --config-file' 'groups delete -F' 'groups delete --command-config' 'groups delete -X' 'groups delete --client-opt' 'groups delete --command-property' 'groups delete --output' 'groups delete -d' 'groups delete --debug' 'groups delete --color'
		return 0
	case 'groups delete -J' 'groups delete --json' 'groups delete --no-headers' 'groups delete --if-exists' 'groups delete -q' 'groups delete --quiet' 'groups delete -v' 'groups delete --verbose' 'groups delete -h' 'groups delete --help'
		return 1
	case 'groups reset-offsets -b' 'groups reset-offsets --bootstrap-server' 'groups reset-offsets --brokers' 'groups reset-offsets --bootstrap-servers' 'groups reset-offsets --timeout' 'groups reset-offsets --profile' 'groups reset-offsets --config-file' 'groups reset-offsets -F' 'groups reset-offsets --command-config' 'groups reset-offsets -X' 'groups reset-offsets --client-opt' 'groups reset-offsets --command-property' 'groups reset-offsets --output' 'groups reset-offsets --topic' 'groups reset-offsets --to-offset' 'groups reset-offsets --shift-by' 'groups reset-offsets --to-datetime' 'groups reset-offsets --by-duration' 'groups reset-offsets --from-file' 'groups reset-offsets -d' 'groups reset-offsets --debug' 'groups reset-offsets --color'
		return 0
	case 'groups reset-offsets -J' 'groups reset-offsets --json' 'groups reset-offsets --no-headers' 'groups reset-offsets --all-topics' 'groups reset-offsets --to-earliest' 'groups reset-offsets --to-latest' 'groups reset-offsets --to-current' 'groups reset-offsets --execute' 'groups reset-offsets --dry-run' 'groups reset-offsets --export' 'groups reset-offsets -q' 'groups reset-offsets --quiet' 'groups reset-offsets -v' 'groups reset-offsets --verbose' 'groups reset-offsets -h' 'groups reset-offsets --help'
		return 1
	case 'groups delete-offsets -b' 'groups delete-offsets --bootstrap-server' 'groups delete-offsets --brokers' 'groups delete-offsets --bootstrap-servers' 'groups delete-offsets --timeout' 'groups delete-offsets --profile' 'groups delete-offsets --config-file' 'groups delete-offsets -F' 'groups delete-offsets --command-config' 'groups delete-offsets -X' 'groups delete-offsets --client-opt' 'groups delete-offsets --command-property' 'groups delete-offsets --output' 'groups delete-offsets --topic' 'groups delete-offsets -d' 'groups delete-offsets --debug' 'groups delete-offsets --color'
		return 0
	case 'groups delete-offsets -J' 'groups delete-offsets --json' 'groups delete-offsets --no-headers' 'groups delete-offsets -q' 'groups delete-offsets --quiet' 'groups delete-offsets -v' 'groups delete-offsets --verbose' 'groups delete-offsets -h' 'groups delete-offsets --help'
		return 1
	case 'perf -b' 'perf --bootstrap-server' 'perf --brokers' 'perf --bootstrap-servers' 'perf --timeout' 'perf --profile' 'perf --config-file' 'perf -F' 'perf --command-config' 'perf -X' 'perf --client-opt' 'perf --command-property' 'perf -d' 'perf --debug' 'perf --color'
		return 0
	case 'perf -q' 'perf --quiet' 'perf -v' 'perf --verbose' 'perf -h' 'perf --help'
		return 1
	case 'perf produce -b' 'perf produce --bootstrap-server' 'perf produce --brokers' 'perf produce --bootstrap-servers' 'perf produce --timeout' 'perf produce --profile' 'perf produce --config-file' 'perf produce -F' 'perf produce --command-config' 'perf produce -X' 'perf produce --client-opt' 'perf produce --command-property' 'perf produce -n' 'perf produce --num-records' 'perf produce --messages' 'perf produce --duration' 'perf produce -s' 'perf produce --record-size' 'perf produce --payload' 'perf produce --payload-file' 'perf produce --payload-delimiter' 'perf produce -r' 'perf produce --throughput' 'perf produce --keys' 'perf produce -a' 'perf produce --acks' 'perf produce -z' 'perf produce --compression' 'perf produce -p' 'perf produce --partitions' 'perf produce --batch-size' 'perf produce --linger' 'perf produce --producer-props' 'perf produce --producer.config' 'perf produce --output' 'perf produce -i' 'perf produce --interval' 'perf produce --reporting-interval' 'perf produce --topic' 'perf produce -d' 'perf produce --debug' 'perf produce --color'
		return 0
	case 'perf produce -J' 'perf produce --json' 'perf produce -q' 'perf produce --quiet' 'perf produce -v' 'perf produce --verbose' 'perf produce -h' 'perf produce --help'
		return 1
	case 'perf consume -b' 'perf consume --bootstrap-server' 'perf consume --brokers' 'perf consume --bootstrap-servers' 'perf consume --timeout' 'perf consume --profile' 'perf consume --config-file' 'perf consume -F' 'perf consume --command-config' 'perf consume -X' 'perf consume --client-opt' 'perf consume --command-property' 'perf consume -n' 'perf consume --messages' 'perf consume --num-records' 'perf consume --duration' 'perf consume --fetch-size' 'perf consume --consumer.config' 'perf consume --output' 'perf consume -i' 'perf consume --interval' 'perf consume --reporting-interval' 'perf consume --topic' 'perf consume -d' 'perf consume --debug' 'perf consume --color'
		return 0
	case 'perf consume -e' 'perf consume --exit' 'perf consume --from-latest' 'perf consume --from-beginning' 'perf consume --show-detailed-stats' 'perf consume --hide-header' 'perf consume -J' 'perf consume --json' 'perf consume -q' 'perf consume --quiet' 'perf consume -v' 'perf consume --verbose' 'perf consume -h' 'perf consume --help'
		return 1
	case 'perf e2e -b' 'perf e2e --bootstrap-server' 'perf e2e --brokers' 'perf e2e --bootstrap-servers' 'perf e2e --timeout' 'perf e2e --profile' 'perf e2e --config-file' 'perf e2e -F' 'perf e2e --command-config' 'perf e2e -X' 'perf e2e --client-opt' 'perf e2e --command-property' 'perf e2e -n' 'perf e2e --num-records' 'perf e2e --messages' 'perf e2e --duration' 'perf e2e -s' 'perf e2e --record-size' 'perf e2e -r' 'perf e2e --throughput' 'perf e2e -a' 'perf e2e --acks' 'perf e2e -z' 'perf e2e --compression' 'perf e2e -p' 'perf e2e --partitions' 'perf e2e --batch-size' 'perf e2e --linger' 'perf e2e --producer-props' 'perf e2e --producer.config' 'perf e2e --output' 'perf e2e -i' 'perf e2e --interval' 'perf e2e --reporting-interval' 'perf e2e --topic' 'perf e2e -d' 'perf e2e --debug' 'perf e2e --color'
		return 0
	case 'perf e2e -J' 'perf e2e --json' 'perf e2e -q' 'perf e2e --quiet' 'perf e2e -v' 'perf e2e --verbose' 'perf e2e -h' 'perf e2e --help'
		return 1
	case 'dump-log --key-decoder' 'dump-log --value-decoder' 'dump-log --max-bytes' 'dump-log --max-message-size' 'dump-log --output' 'dump-log --files' 'dump-log --key-decoder-class' 'dump-log --value-decoder-class' 'dump-log -d' 'dump-log --debug' 'dump-log --color'
		return 0
	case 'dump-log --print-data' 'dump-log --print-data-log' 'dump-log --deep' 'dump-log --deep-iteration' 'dump-log --offsets-decoder' 'dump-log --transaction-log-decoder' 'dump-log --cluster-metadata-decoder' 'dump-log --verify-index' 'dump-log --verify-index-only' 'dump-log --index-sanity' 'dump-log --index-sanity-check' 'dump-log --skip-record-metadata' 'dump-log -J' 'dump-log --json' 'dump-log --no-fail' 'dump-log --remote-log-metadata-decoder' 'dump-log --share-group-state-decoder' 'dump-log -q' 'dump-log --quiet' 'dump-log -v' 'dump-log --verbose' 'dump-log -h' 'dump-log --help'
		return 1
	case 'help -d' 'help --debug' 'help --color'
		return 0
	case 'help -q' 'help --quiet' 'help -v' 'help --verbose' 'help -h' 'help --help'
		return 1
	case 'version -d' 'version --debug' 'version --color'
		return 0
	case 'version -q' 'version --quiet' 'version -v' 'version --verbose' 'version -h' 'version --help'
		return 1
	case 'completion -d' 'completion --debug' 'completion --color'
		return 0
	case 'completion -q' 'completion --quiet' 'completion -v' 'completion --verbose' 'completion -h' 'completion --help'
		return 1
	case 'completion bash -d' 'completion bash --debug' 'completion bash --color'
		return 0
	case 'completion bash -q' 'completion bash --quiet' 'completion bash -v' 'completion bash --verbose' 'completion bash -h' 'completion bash --help'
		return 1
	case 'completion zsh -d' 'completion zsh --debug' 'completion zsh --color'
		return 0
	case 'completion zsh -q' 'completion zsh --quiet' 'completion zsh -v' 'completion zsh --verbose' 'completion zsh -h' 'completion zsh --help'
		return 1
	case 'completion fish -d' 'completion fish --debug' 'completion fish --color'
		return 0
	case 'completion fish -q' 'completion fish --quiet' 'completion fish -v' 'completion fish --verbose' 'completion fish -h' 'completion fish --help'
		return 1
	end
	return 1
end

function __kaf_has_subs
	switch "$argv"
	case 'topics'
		return 0
	case 'groups'
		return 0
	case 'perf'
		return 0
	case 'completion'
		return 0
	end
	return 1
end

# The command path typed so far ("dump-log", "completion bash"), aliases resolved.
function __kaf_path
	set -l words (commandline -opc)
	set -e words[1]
	set -l path
	set -l skip 0
	set -l dashdash 0
	for w in $words
		if test $skip = 1
			set skip 0
			continue
		end
		if test $dashdash = 0
			switch $w
			case --
				set dashdash 1
				continue
			case '--*=*'
				continue
			case '-?*'
				if __kaf_takes_value "$path" $w
					set skip 1
				end
				continue
			end
		end
		if test (count $path) = 0
			switch $w
			case topic
				set w topics
			case group
				set w groups
			end
			set path $w
		else if __kaf_has_subs "$path"
			set -a path $w
		end
	end
	echo "$path"
end

function __kaf_at
	set -l path (__kaf_path)
	test "$path" = "$argv"
end

complete -c kaf -f

# kaf
complete -c kaf -n '__kaf_at ' -s h -l help -d 'show this help and exit'
complete -c kaf -n '__kaf_at ' -s V -l version -d 'print the version and the compression codecs built in'
complete -c kaf -n '__kaf_at ' -l list-cmds -d 'list the commands, one per line (each also runs as a kaf-COMMAND link)'
complete -c kaf -n '__kaf_at ' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at ' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at ' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at ' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at ' -a server -d 'Run a Kafka broker'
complete -c kaf -n '__kaf_at ' -a topics -d 'List, create, describe, alter and delete topics'
complete -c kaf -n '__kaf_at ' -a produce -d 'Send records from files or stdin to a topic'
complete -c kaf -n '__kaf_at ' -a consume -d 'Read records from topics and print them'
complete -c kaf -n '__kaf_at ' -a groups -d 'List, describe, reset and delete consumer groups'
complete -c kaf -n '__kaf_at ' -a perf -d 'Measure producer and consumer throughput and end-to-end latency'
complete -c kaf -n '__kaf_at ' -a dump-log -d 'Print the batches, records and index entries of log segment files'
complete -c kaf -n '__kaf_at ' -a help -d 'Show kaf\'s help, or a command\'s (as \'kaf COMMAND --help\' does)'
complete -c kaf -n '__kaf_at ' -a version -d 'Print the version and the compression codecs built in'

# kaf server
complete -c kaf -n '__kaf_at server' -s c -l config -r -F -d 'read broker settings from FILE (server.properties syntax; also the operand)'
complete -c kaf -n '__kaf_at server' -s X -l override -x -d 'set one broker setting, over the config file'
complete -c kaf -n '__kaf_at server' -l data-dir -x -a '(__fish_complete_directories)' -d 'where partition logs live (log.dirs)'
complete -c kaf -n '__kaf_at server' -l listeners -x -d 'addresses to listen on (listeners)'
complete -c kaf -n '__kaf_at server' -l advertised-listeners -x -d 'addresses given to clients [default: the listeners]'
complete -c kaf -n '__kaf_at server' -l node-id -x -d 'this broker\'s id (node.id)'
complete -c kaf -n '__kaf_at server' -l cluster-id -x -d 'cluster id of a new data directory [default: generated on first start]'
complete -c kaf -n '__kaf_at server' -l check -d 'check the configuration, then exit'
complete -c kaf -n '__kaf_at server' -l print-config -d 'print the effective settings, then exit'
complete -c kaf -n '__kaf_at server' -l log-level -x -a 'error warn info debug trace' -d 'least important log line to print: error, warn, info, debug or trace'
complete -c kaf -n '__kaf_at server' -l log-format -x -a 'text json' -d 'log lines on stderr as text or json'
complete -c kaf -n '__kaf_at server' -l pid-file -r -F -d 'write the process id to FILE'
complete -c kaf -n '__kaf_at server' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at server' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at server' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at server' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at server' -s h -l help -d 'show help (-h: the short form)'
complete -c kaf -n '__kaf_at server' -F

# kaf topics
complete -c kaf -n '__kaf_at topics' -s b -l bootstrap-server -x -d 'brokers to start from [env: KAF_BROKERS]'
complete -c kaf -n '__kaf_at topics' -l timeout -x -d 'give up after DUR, retries included [env: KAF_TIMEOUT]'
complete -c kaf -n '__kaf_at topics' -l profile -x -d 'section of the client config file to use [env: KAF_PROFILE]'
complete -c kaf -n '__kaf_at topics' -l config-file -r -F -d 'client config file (~/.config/kaf/kaf.conf) [env: KAF_CONFIG]'
complete -c kaf -n '__kaf_at topics' -s F -l command-config -r -F -d 'key=value client properties over the profile'
complete -c kaf -n '__kaf_at topics' -s X -l client-opt -x -d 'set a client property (bootstrap.servers, client.id)'
complete -c kaf -n '__kaf_at topics' -l output -x -a 'text tsv json' -d 'print text|tsv|json'
complete -c kaf -n '__kaf_at topics' -s J -l json -d 'json output (jsonl for record streams)'
complete -c kaf -n '__kaf_at topics' -l no-headers -d 'text tables without the header row'
complete -c kaf -n '__kaf_at topics' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at topics' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at topics' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at topics' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at topics' -s h -l help -d 'show help (-h: the short form)'
complete -c kaf -n '__kaf_at topics' -a list -d 'List topics: name, partitions, replicas (alias: ls)'
complete -c kaf -n '__kaf_at topics' -a create -d 'Create topics'
complete -c kaf -n '__kaf_at topics' -a describe -d 'Show topics: summary, settings with their sources, partitions (alias: info)'
complete -c kaf -n '__kaf_at topics' -a delete -d 'Delete topics'
complete -c kaf -n '__kaf_at topics' -a alter -d 'Add partitions to topics'
complete -c kaf -n '__kaf_at topics' -a config -d 'Show, set or delete topic settings'
complete -c kaf -n '__kaf_at topics' -a offsets -d 'Show log start and end offsets per partition'

# kaf topics list
complete -c kaf -n '__kaf_at topics list' -s b -l bootstrap-server -x -d 'brokers to start from [env: KAF_BROKERS]'
complete -c kaf -n '__kaf_at topics list' -l timeout -x -d 'give up after DUR, retries included [env: KAF_TIMEOUT]'
complete -c kaf -n '__kaf_at topics list' -l profile -x -d 'section of the client config file to use [env: KAF_PROFILE]'
complete -c kaf -n '__kaf_at topics list' -l config-file -r -F -d 'client config file (~/.config/kaf/kaf.conf) [env: KAF_CONFIG]'
complete -c kaf -n '__kaf_at topics list' -s F -l command-config -r -F -d 'key=value client properties over the profile'
complete -c kaf -n '__kaf_at topics list' -s X -l client-opt -x -d 'set a client property (bootstrap.servers, client.id)'
complete -c kaf -n '__kaf_at topics list' -l output -x -a 'text tsv json' -d 'print text|tsv|json'
complete -c kaf -n '__kaf_at topics list' -s J -l json -d 'json output (jsonl for record streams)'
complete -c kaf -n '__kaf_at topics list' -l no-headers -d 'text tables without the header row'
complete -c kaf -n '__kaf_at topics list' -s i -l internal -d 'include internal topics (__consumer_offsets, ...)'
complete -c kaf -n '__kaf_at topics list' -s N -l names-only -d 'print one topic name per line'
complete -c kaf -n '__kaf_at topics list' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at topics list' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at topics list' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at topics list' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at topics list' -s h -l help -d 'show help (-h: the short form)'

# kaf topics create
complete -c kaf -n '__kaf_at topics create' -s b -l bootstrap-server -x -d 'brokers to start from [env: KAF_BROKERS]'
complete -c kaf -n '__kaf_at topics create' -l timeout -x -d 'give up after DUR, retries included [env: KAF_TIMEOUT]'
complete -c kaf -n '__kaf_at topics create' -l profile -x -d 'section of the client config file to use [env: KAF_PROFILE]'
complete -c kaf -n '__kaf_at topics create' -l config-file -r -F -d 'client config file (~/.config/kaf/kaf.conf) [env: KAF_CONFIG]'
complete -c kaf -n '__kaf_at topics create' -s F -l command-config -r -F -d 'key=value client properties over the profile'
complete -c kaf -n '__kaf_at topics create' -s X -l client-opt -x -d 'set a client property (bootstrap.servers, client.id)'
complete -c kaf -n '__kaf_at topics create' -l output -x -a 'text tsv json' -d 'print text|tsv|json'
complete -c kaf -n '__kaf_at topics create' -s J -l json -d 'json output (jsonl for record streams)'
complete -c kaf -n '__kaf_at topics create' -l no-headers -d 'text tables without the header row'
complete -c kaf -n '__kaf_at topics create' -s p -l partitions -x -d 'number of partitions [default: the broker\'s num.partitions]'
complete -c kaf -n '__kaf_at topics create' -s r -l replication-factor -x -d 'copies of each partition [default: the broker\'s default.replication.factor]'
complete -c kaf -n '__kaf_at topics create' -s c -l config -x -d 'a topic setting (cleanup.policy=compact)'
complete -c kaf -n '__kaf_at topics create' -l if-not-exists -d 'a topic that exists already is not an error'
complete -c kaf -n '__kaf_at topics create' -l dry-run -d 'let the broker validate the request without creating anything'
complete -c kaf -n '__kaf_at topics create' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at topics create' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at topics create' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at topics create' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at topics create' -s h -l help -d 'show help (-h: the short form)'

# kaf topics describe
complete -c kaf -n '__kaf_at topics describe' -s b -l bootstrap-server -x -d 'brokers to start from [env: KAF_BROKERS]'
complete -c kaf -n '__kaf_at topics describe' -l timeout -x -d 'give up after DUR, retries included [env: KAF_TIMEOUT]'
complete -c kaf -n '__kaf_at topics describe' -l profile -x -d 'section of the client config file to use [env: KAF_PROFILE]'
complete -c kaf -n '__kaf_at topics describe' -l config-file -r -F -d 'client config file (~/.config/kaf/kaf.conf) [env: KAF_CONFIG]'
complete -c kaf -n '__kaf_at topics describe' -s F -l command-config -r -F -d 'key=value client properties over the profile'
complete -c kaf -n '__kaf_at topics describe' -s X -l client-opt -x -d 'set a client property (bootstrap.servers, client.id)'
complete -c kaf -n '__kaf_at topics describe' -l output -x -a 'text tsv json' -d 'print text|tsv|json'
complete -c kaf -n '__kaf_at topics describe' -s J -l json -d 'json output (jsonl for record streams)'
complete -c kaf -n '__kaf_at topics describe' -l no-headers -d 'text tables without the header row'
complete -c kaf -n '__kaf_at topics describe' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at topics describe' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at topics describe' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at topics describe' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at topics describe' -s h -l help -d 'show help (-h: the short form)'

# kaf topics delete
complete -c kaf -n '__kaf_at topics delete' -s b -l bootstrap-server -x -d 'brokers to start from [env: KAF_BROKERS]'
complete -c kaf -n '__kaf_at topics delete' -l timeout -x -d 'give up after DUR, retries included [env: KAF_TIMEOUT]'
complete -c kaf -n '__kaf_at topics delete' -l profile -x -d 'section of the client config file to use [env: KAF_PROFILE]'
complete -c kaf -n '__kaf_at topics delete' -l config-file -r -F -d 'client config file (~/.config/kaf/kaf.conf) [env: KAF_CONFIG]'
complete -c kaf -n '__kaf_at topics delete' -s F -l command-config -r -F -d 'key=value client properties over the profile'
complete -c kaf -n '__kaf_at topics delete' -s X -l client-opt -x -d 'set a client property (bootstrap.servers, client.id)'
complete -c kaf -n '__kaf_at topics delete' -l output -x -a 'text tsv json' -d 'print text|tsv|json'
complete -c kaf -n '__kaf_at topics delete' -s J -l json -d 'json output (jsonl for record streams)'
complete -c kaf -n '__kaf_at topics delete' -l no-headers -d 'text tables without the header row'
complete -c kaf -n '__kaf_at topics delete' -l if-exists -d 'a topic that does not exist is not an error'
complete -c kaf -n '__kaf_at topics delete' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at topics delete' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at topics delete' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at topics delete' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at topics delete' -s h -l help -d 'show help (-h: the short form)'

# kaf topics alter
complete -c kaf -n '__kaf_at topics alter' -s b -l bootstrap-server -x -d 'brokers to start from [env: KAF_BROKERS]'
complete -c kaf -n '__kaf_at topics alter' -l timeout -x -d 'give up after DUR, retries included [env: KAF_TIMEOUT]'
complete -c kaf -n '__kaf_at topics alter' -l profile -x -d 'section of the client config file to use [env: KAF_PROFILE]'
complete -c kaf -n '__kaf_at topics alter' -l config-file -r -F -d 'client config file (~/.config/kaf/kaf.conf) [env: KAF_CONFIG]'
complete -c kaf -n '__kaf_at topics alter' -s F -l command-config -r -F -d 'key=value client properties over the profile'
complete -c kaf -n '__kaf_at topics alter' -s X -l client-opt -x -d 'set a client property (bootstrap.servers, client.id)'
complete -c kaf -n '__kaf_at topics alter' -l output -x -a 'text tsv json' -d 'print text|tsv|json'
complete -c kaf -n '__kaf_at topics alter' -s J -l json -d 'json output (jsonl for record streams)'
complete -c kaf -n '__kaf_at topics alter' -l no-headers -d 'text tables without the header row'
complete -c kaf -n '__kaf_at topics alter' -s p -l partitions -x -d 'the new number of partitions (more than now)'
complete -c kaf -n '__kaf_at topics alter' -l dry-run -d 'let the broker validate the change without making it'
complete -c kaf -n '__kaf_at topics alter' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at topics alter' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at topics alter' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at topics alter' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at topics alter' -s h -l help -d 'show help (-h: the short form)'

# kaf topics config
complete -c kaf -n '__kaf_at topics config' -s b -l bootstrap-server -x -d 'brokers to start from [env: KAF_BROKERS]'
complete -c kaf -n '__kaf_at topics config' -l timeout -x -d 'give up after DUR, retries included [env: KAF_TIMEOUT]'
complete -c kaf -n '__kaf_at topics config' -l profile -x -d 'section of the client config file to use [env: KAF_PROFILE]'
complete -c kaf -n '__kaf_at topics config' -l config-file -r -F -d 'client config file (~/.config/kaf/kaf.conf) [env: KAF_CONFIG]'
complete -c kaf -n '__kaf_at topics config' -s F -l command-config -r -F -d 'key=value client properties over the profile'
complete -c kaf -n '__kaf_at topics config' -s X -l client-opt -x -d 'set a client property (bootstrap.servers, client.id)'
complete -c kaf -n '__kaf_at topics config' -l output -x -a 'text tsv json' -d 'print text|tsv|json'
complete -c kaf -n '__kaf_at topics config' -s J -l json -d 'json output (jsonl for record streams)'
complete -c kaf -n '__kaf_at topics config' -l no-headers -d 'text tables without the header row'
complete -c kaf -n '__kaf_at topics config' -l set -x -d 'set a topic setting'
complete -c kaf -n '__kaf_at topics config' -l delete -x -d 'remove a topic setting (back to the broker\'s default)'
complete -c kaf -n '__kaf_at topics config' -l dry-run -d 'let the broker validate the change without making it'
complete -c kaf -n '__kaf_at topics config' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at topics config' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at topics config' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at topics config' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at topics config' -s h -l help -d 'show help (-h: the short form)'

# kaf topics offsets
complete -c kaf -n '__kaf_at topics offsets' -s b -l bootstrap-server -x -d 'brokers to start from [env: KAF_BROKERS]'
complete -c kaf -n '__kaf_at topics offsets' -l timeout -x -d 'give up after DUR, retries included [env: KAF_TIMEOUT]'
complete -c kaf -n '__kaf_at topics offsets' -l profile -x -d 'section of the client config file to use [env: KAF_PROFILE]'
complete -c kaf -n '__kaf_at topics offsets' -l config-file -r -F -d 'client config file (~/.config/kaf/kaf.conf) [env: KAF_CONFIG]'
complete -c kaf -n '__kaf_at topics offsets' -s F -l command-config -r -F -d 'key=value client properties over the profile'
complete -c kaf -n '__kaf_at topics offsets' -s X -l client-opt -x -d 'set a client property (bootstrap.servers, client.id)'
complete -c kaf -n '__kaf_at topics offsets' -l output -x -a 'text tsv json' -d 'print text|tsv|json'
complete -c kaf -n '__kaf_at topics offsets' -s J -l json -d 'json output (jsonl for record streams)'
complete -c kaf -n '__kaf_at topics offsets' -l no-headers -d 'text tables without the header row'
complete -c kaf -n '__kaf_at topics offsets' -l at -x -d 'offset per partition at earliest, latest, or a time (epoch ms, YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS[.sss][Z])'
complete -c kaf -n '__kaf_at topics offsets' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at topics offsets' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at topics offsets' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at topics offsets' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at topics offsets' -s h -l help -d 'show help (-h: the short form)'

# kaf produce
complete -c kaf -n '__kaf_at produce' -s b -l bootstrap-server -x -d 'brokers to start from [env: KAF_BROKERS]'
complete -c kaf -n '__kaf_at produce' -l timeout -x -d 'give up after DUR, retries included [env: KAF_TIMEOUT]'
complete -c kaf -n '__kaf_at produce' -l profile -x -d 'section of the client config file to use [env: KAF_PROFILE]'
complete -c kaf -n '__kaf_at produce' -l config-file -r -F -d 'client config file (~/.config/kaf/kaf.conf) [env: KAF_CONFIG]'
complete -c kaf -n '__kaf_at produce' -s F -l command-config -r -F -d 'key=value client properties over the profile'
complete -c kaf -n '__kaf_at produce' -s X -l client-opt -x -d 'set a client property (bootstrap.servers, client.id)'
complete -c kaf -n '__kaf_at produce' -s t -l topic -x -d 'the topic (instead of the operand)'
complete -c kaf -n '__kaf_at produce' -s k -l key -x -d 'the same key on every record (a key parsed with -K wins)'
complete -c kaf -n '__kaf_at produce' -s K -l key-delimiter -x -d 'split each record at the first DELIM into key and value'
complete -c kaf -n '__kaf_at produce' -s D -l delimiter -x -d 'record separator; \\n \\t \\r \\0 \\\\ \\xNN escapes'
complete -c kaf -n '__kaf_at produce' -l whole -d 'each FILE (or all of stdin) is one record'
complete -c kaf -n '__kaf_at produce' -l input -x -a 'text json' -d 'text, or json: one object per line as \'kaf consume --output jsonl\' writes'
complete -c kaf -n '__kaf_at produce' -l keep-partition -d '--input json: send to the record\'s own partition'
complete -c kaf -n '__kaf_at produce' -l keep-timestamp -d '--input json: keep the record\'s own timestamp'
complete -c kaf -n '__kaf_at produce' -s H -l header -x -d 'a header on every record; NAME alone has a null value'
complete -c kaf -n '__kaf_at produce' -s p -l partition -x -d 'send every record to partition N (-1: the partitioner)'
complete -c kaf -n '__kaf_at produce' -l partitioner -x -a 'murmur2 murmur2_random consistent_random random round-robin' -d 'how a partition is chosen; murmur2 as the Java client'
complete -c kaf -n '__kaf_at produce' -s a -l acks -x -a 'all -1 1 0' -d 'wait for all in-sync replicas, the leader only, or nothing'
complete -c kaf -n '__kaf_at produce' -s z -l compression -x -a 'none gzip snappy lz4 zstd' -d 'compress batches with CODEC'
complete -c kaf -n '__kaf_at produce' -l linger -x -d 'wait up to DUR for a batch to fill (none at the end of input)'
complete -c kaf -n '__kaf_at produce' -l batch-size -x -d 'send a partition\'s batch once its records reach SIZE'
complete -c kaf -n '__kaf_at produce' -l sync -d 'wait for each record\'s acknowledgement before the next'
complete -c kaf -n '__kaf_at produce' -l timestamp -x -d 'record timestamp: epoch ms or s, YYYY-MM-DD[THH:MM:SS[.sss]][Z] [default: now]'
complete -c kaf -n '__kaf_at produce' -s Z -l null-empty -d 'an empty key or value is sent as null (a tombstone)'
complete -c kaf -n '__kaf_at produce' -l null-marker -x -d 'a key or value equal to STR is sent as null'
complete -c kaf -n '__kaf_at produce' -s c -l count -x -d 'stop after N records'
complete -c kaf -n '__kaf_at produce' -s T -l tee -d 'echo each record to stdout as it is read'
complete -c kaf -n '__kaf_at produce' -l report -d 'print TOPIC PARTITION OFFSET TIMESTAMP STATUS per record on stdout'
complete -c kaf -n '__kaf_at produce' -l output -x -a 'text tsv jsonl' -d '--report as text, tsv or jsonl'
complete -c kaf -n '__kaf_at produce' -s J -l json -d '--output jsonl'
complete -c kaf -n '__kaf_at produce' -s E -l continue-on-error -d 'keep reading after any error (exit 1 at the end anyway)'
complete -c kaf -n '__kaf_at produce' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at produce' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at produce' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at produce' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at produce' -s h -l help -d 'show help (-h: the short form)'
complete -c kaf -n '__kaf_at produce' -F

# kaf consume
complete -c kaf -n '__kaf_at consume' -s b -l bootstrap-server -x -d 'brokers to start from [env: KAF_BROKERS]'
complete -c kaf -n '__kaf_at consume' -l timeout -x -d 'give up after DUR, retries included [env: KAF_TIMEOUT]'
complete -c kaf -n '__kaf_at consume' -l profile -x -d 'section of the client config file to use [env: KAF_PROFILE]'
complete -c kaf -n '__kaf_at consume' -l config-file -r -F -d 'client config file (~/.config/kaf/kaf.conf) [env: KAF_CONFIG]'
complete -c kaf -n '__kaf_at consume' -s F -l command-config -r -F -d 'key=value client properties over the profile'
complete -c kaf -n '__kaf_at consume' -s X -l client-opt -x -d 'set a client property (bootstrap.servers, client.id)'
complete -c kaf -n '__kaf_at consume' -l output -x -a 'text jsonl' -d 'print text or jsonl (one JSON object per record)'
complete -c kaf -n '__kaf_at consume' -s J -l json -d 'same as --output jsonl'
complete -c kaf -n '__kaf_at consume' -s t -l topic -x -d 'a topic to read (also as an operand)'
complete -c kaf -n '__kaf_at consume' -s p -l partition -x -d 'read only these partitions (0,2,5-7) [default: all]'
complete -c kaf -n '__kaf_at consume' -s o -l offset -x -d 'where to start (and stop): beginning, end, N, -N, +N, @TIME, A:B'
complete -c kaf -n '__kaf_at consume' -s e -l exit -d 'stop at the end offsets of the partitions, taken at start'
complete -c kaf -n '__kaf_at consume' -s c -l count -x -d 'stop after N records'
complete -c kaf -n '__kaf_at consume' -l idle-timeout -x -d 'stop after DUR without a record'
complete -c kaf -n '__kaf_at consume' -s g -l group -x -d 'read as a member of consumer group GROUP, from its committed offsets, committing as records are read'
complete -c kaf -n '__kaf_at consume' -l no-commit -d 'with -g: read without committing offsets'
complete -c kaf -n '__kaf_at consume' -l commit-interval -x -d 'with -g: commit the positions this often (and on exit)'
complete -c kaf -n '__kaf_at consume' -l assignor -x -d 'with -g: partition assignors in preference order (range, roundrobin)'
complete -c kaf -n '__kaf_at consume' -l group-instance-id -x -d 'with -g: static membership; the partitions wait for this member across a restart within the session timeout'
complete -c kaf -n '__kaf_at consume' -l session-timeout -x -d 'with -g: a member silent this long is dropped from the group'
complete -c kaf -n '__kaf_at consume' -l isolation -x -a 'read_uncommitted read_committed' -d 'read_committed skips aborted transactions'
complete -c kaf -n '__kaf_at consume' -l read-committed -d 'same as --isolation read_committed'
complete -c kaf -n '__kaf_at consume' -s f -l format -x -d 'print records as FMT (\'%t %p %o %k %s %h %T\\n\'; see the man page)'
complete -c kaf -n '__kaf_at consume' -s K -l key-delimiter -x -d 'print the key and DELIM before the value (kcat -K)'
complete -c kaf -n '__kaf_at consume' -l print-key -d 'print the key before the value, TAB-separated (Kafka)'
complete -c kaf -n '__kaf_at consume' -l print-partition -d 'print Partition:P first (Kafka)'
complete -c kaf -n '__kaf_at consume' -s O -l print-offset -d 'print Offset:O first (Kafka)'
complete -c kaf -n '__kaf_at consume' -l print-timestamp -d 'print CreateTime:MS first (Kafka)'
complete -c kaf -n '__kaf_at consume' -l print-headers -d 'print the headers as k:v,k:v or NO_HEADERS (Kafka)'
complete -c kaf -n '__kaf_at consume' -s D -l delimiter -x -d 'written after each record'
complete -c kaf -n '__kaf_at consume' -l null-literal -x -d 'print a null key or value as STR [default: empty; null with --print-*]'
complete -c kaf -n '__kaf_at consume' -l encoding -x -a 'text hex base64' -d 'print keys, values and header values as text, hex or base64'
complete -c kaf -n '__kaf_at consume' -l header-filter -x -d 'print only records with this header (all must match)'
complete -c kaf -n '__kaf_at consume' -s u -l unbuffered -d 'flush after every record'
complete -c kaf -n '__kaf_at consume' -l fetch-max-bytes -x -d 'most bytes a fetch asks for'
complete -c kaf -n '__kaf_at consume' -l fetch-max-wait -x -d 'how long the broker may wait for new records'
complete -c kaf -n '__kaf_at consume' -l max-partition-fetch-bytes -x -d 'most bytes a fetch asks for per partition'
complete -c kaf -n '__kaf_at consume' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at consume' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at consume' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at consume' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at consume' -s h -l help -d 'show help (-h: the short form)'

# kaf groups
complete -c kaf -n '__kaf_at groups' -s b -l bootstrap-server -x -d 'brokers to start from [env: KAF_BROKERS]'
complete -c kaf -n '__kaf_at groups' -l timeout -x -d 'give up after DUR, retries included [env: KAF_TIMEOUT]'
complete -c kaf -n '__kaf_at groups' -l profile -x -d 'section of the client config file to use [env: KAF_PROFILE]'
complete -c kaf -n '__kaf_at groups' -l config-file -r -F -d 'client config file (~/.config/kaf/kaf.conf) [env: KAF_CONFIG]'
complete -c kaf -n '__kaf_at groups' -s F -l command-config -r -F -d 'key=value client properties over the profile'
complete -c kaf -n '__kaf_at groups' -s X -l client-opt -x -d 'set a client property (bootstrap.servers, client.id)'
complete -c kaf -n '__kaf_at groups' -l output -x -a 'text tsv json' -d 'print text|tsv|json'
complete -c kaf -n '__kaf_at groups' -s J -l json -d 'json output (jsonl for record streams)'
complete -c kaf -n '__kaf_at groups' -l no-headers -d 'text tables without the header row'
complete -c kaf -n '__kaf_at groups' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at groups' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at groups' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at groups' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at groups' -s h -l help -d 'show help (-h: the short form)'
complete -c kaf -n '__kaf_at groups' -a list -d 'List consumer groups and their states (alias: ls)'
complete -c kaf -n '__kaf_at groups' -a describe -d 'Show groups: committed offsets and lag, members, or state'
complete -c kaf -n '__kaf_at groups' -a delete -d 'Delete groups that have no members'
complete -c kaf -n '__kaf_at groups' -a reset-offsets -d 'Move a stopped group\'s committed offsets (dry run unless --execute)'
complete -c kaf -n '__kaf_at groups' -a delete-offsets -d 'Delete a group\'s committed offsets of topics'

# kaf groups list
complete -c kaf -n '__kaf_at groups list' -s b -l bootstrap-server -x -d 'brokers to start from [env: KAF_BROKERS]'
complete -c kaf -n '__kaf_at groups list' -l timeout -x -d 'give up after DUR, retries included [env: KAF_TIMEOUT]'
complete -c kaf -n '__kaf_at groups list' -l profile -x -d 'section of the client config file to use [env: KAF_PROFILE]'
complete -c kaf -n '__kaf_at groups list' -l config-file -r -F -d 'client config file (~/.config/kaf/kaf.conf) [env: KAF_CONFIG]'
complete -c kaf -n '__kaf_at groups list' -s F -l command-config -r -F -d 'key=value client properties over the profile'
complete -c kaf -n '__kaf_at groups list' -s X -l client-opt -x -d 'set a client property (bootstrap.servers, client.id)'
complete -c kaf -n '__kaf_at groups list' -l output -x -a 'text tsv json' -d 'print text|tsv|json'
complete -c kaf -n '__kaf_at groups list' -s J -l json -d 'json output (jsonl for record streams)'
complete -c kaf -n '__kaf_at groups list' -l no-headers -d 'text tables without the header row'
complete -c kaf -n '__kaf_at groups list' -s s -l state -x -d 'only groups in these states (Empty, Stable, PreparingRebalance, CompletingRebalance)'
complete -c kaf -n '__kaf_at groups list' -s l -l long -d 'add TYPE PROTOCOL-TYPE MEMBERS COORDINATOR'
complete -c kaf -n '__kaf_at groups list' -s N -l names-only -d 'print one group name per line'
complete -c kaf -n '__kaf_at groups list' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at groups list' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at groups list' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at groups list' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at groups list' -s h -l help -d 'show help (-h: the short form)'

# kaf groups describe
complete -c kaf -n '__kaf_at groups describe' -s b -l bootstrap-server -x -d 'brokers to start from [env: KAF_BROKERS]'
complete -c kaf -n '__kaf_at groups describe' -l timeout -x -d 'give up after DUR, retries included [env: KAF_TIMEOUT]'
complete -c kaf -n '__kaf_at groups describe' -l profile -x -d 'section of the client config file to use [env: KAF_PROFILE]'
complete -c kaf -n '__kaf_at groups describe' -l config-file -r -F -d 'client config file (~/.config/kaf/kaf.conf) [env: KAF_CONFIG]'
complete -c kaf -n '__kaf_at groups describe' -s F -l command-config -r -F -d 'key=value client properties over the profile'
complete -c kaf -n '__kaf_at groups describe' -s X -l client-opt -x -d 'set a client property (bootstrap.servers, client.id)'
complete -c kaf -n '__kaf_at groups describe' -l output -x -a 'text tsv json' -d 'print text|tsv|json'
complete -c kaf -n '__kaf_at groups describe' -s J -l json -d 'json output (jsonl for record streams)'
complete -c kaf -n '__kaf_at groups describe' -l no-headers -d 'text tables without the header row'
complete -c kaf -n '__kaf_at groups describe' -l all -d 'every group of the cluster'
complete -c kaf -n '__kaf_at groups describe' -s t -l topic -x -d 'only these topics'
complete -c kaf -n '__kaf_at groups describe' -l offsets -d 'committed offsets and lag per partition (the default view)'
complete -c kaf -n '__kaf_at groups describe' -l members -d 'the members and their partitions'
complete -c kaf -n '__kaf_at groups describe' -l state -d 'one line per group: coordinator, assignor, state, members, lag'
complete -c kaf -n '__kaf_at groups describe' -l lag-by-topic -d 'the lag summed per topic'
complete -c kaf -n '__kaf_at groups describe' -s l -l long -d 'offsets: add LOG-START-OFFSET LEADER-EPOCH METADATA; members: ASSIGNMENT'
complete -c kaf -n '__kaf_at groups describe' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at groups describe' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at groups describe' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at groups describe' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at groups describe' -s h -l help -d 'show help (-h: the short form)'

# kaf groups delete
complete -c kaf -n '__kaf_at groups delete' -s b -l bootstrap-server -x -d 'brokers to start from [env: KAF_BROKERS]'
complete -c kaf -n '__kaf_at groups delete' -l timeout -x -d 'give up after DUR, retries included [env: KAF_TIMEOUT]'
complete -c kaf -n '__kaf_at groups delete' -l profile -x -d 'section of the client config file to use [env: KAF_PROFILE]'
complete -c kaf -n '__kaf_at groups delete' -l config-file -r -F -d 'client config file (~/.config/kaf/kaf.conf) [env: KAF_CONFIG]'
complete -c kaf -n '__kaf_at groups delete' -s F -l command-config -r -F -d 'key=value client properties over the profile'
complete -c kaf -n '__kaf_at groups delete' -s X -l client-opt -x -d 'set a client property (bootstrap.servers, client.id)'
complete -c kaf -n '__kaf_at groups delete' -l output -x -a 'text tsv json' -d 'print text|tsv|json'
complete -c kaf -n '__kaf_at groups delete' -s J -l json -d 'json output (jsonl for record streams)'
complete -c kaf -n '__kaf_at groups delete' -l no-headers -d 'text tables without the header row'
complete -c kaf -n '__kaf_at groups delete' -l if-exists -d 'a group that does not exist is not an error'
complete -c kaf -n '__kaf_at groups delete' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at groups delete' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at groups delete' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at groups delete' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at groups delete' -s h -l help -d 'show help (-h: the short form)'

# kaf groups reset-offsets
complete -c kaf -n '__kaf_at groups reset-offsets' -s b -l bootstrap-server -x -d 'brokers to start from [env: KAF_BROKERS]'
complete -c kaf -n '__kaf_at groups reset-offsets' -l timeout -x -d 'give up after DUR, retries included [env: KAF_TIMEOUT]'
complete -c kaf -n '__kaf_at groups reset-offsets' -l profile -x -d 'section of the client config file to use [env: KAF_PROFILE]'
complete -c kaf -n '__kaf_at groups reset-offsets' -l config-file -r -F -d 'client config file (~/.config/kaf/kaf.conf) [env: KAF_CONFIG]'
complete -c kaf -n '__kaf_at groups reset-offsets' -s F -l command-config -r -F -d 'key=value client properties over the profile'
complete -c kaf -n '__kaf_at groups reset-offsets' -s X -l client-opt -x -d 'set a client property (bootstrap.servers, client.id)'
complete -c kaf -n '__kaf_at groups reset-offsets' -l output -x -a 'text tsv json' -d 'print text|tsv|json'
complete -c kaf -n '__kaf_at groups reset-offsets' -s J -l json -d 'json output (jsonl for record streams)'
complete -c kaf -n '__kaf_at groups reset-offsets' -l no-headers -d 'text tables without the header row'
complete -c kaf -n '__kaf_at groups reset-offsets' -l topic -x -d 'the topic, or some of its partitions (0,2,5-7)'
complete -c kaf -n '__kaf_at groups reset-offsets' -l all-topics -d 'every topic the group has committed offsets for'
complete -c kaf -n '__kaf_at groups reset-offsets' -l to-earliest -d 'to the log start offset'
complete -c kaf -n '__kaf_at groups reset-offsets' -l to-latest -d 'to the log end offset'
complete -c kaf -n '__kaf_at groups reset-offsets' -l to-current -d 'to the committed offset (the log end where there is none)'
complete -c kaf -n '__kaf_at groups reset-offsets' -l to-offset -x -d 'to offset N'
complete -c kaf -n '__kaf_at groups reset-offsets' -l shift-by -x -d 'move the committed offset by N (negative: back)'
complete -c kaf -n '__kaf_at groups reset-offsets' -l to-datetime -x -d 'to the first offset at or after TIME (YYYY-MM-DDTHH:MM:SS[.sss][Z] in UTC, or epoch ms)'
complete -c kaf -n '__kaf_at groups reset-offsets' -l by-duration -x -d 'to the first offset of DUR ago (PT1H, P1DT2H, or 1h, 30m)'
complete -c kaf -n '__kaf_at groups reset-offsets' -l from-file -r -F -d 'scope and offsets from a file of topic,partition,offset lines'
complete -c kaf -n '__kaf_at groups reset-offsets' -l execute -d 'commit the new offsets (without it nothing changes)'
complete -c kaf -n '__kaf_at groups reset-offsets' -l dry-run -d 'only show the new offsets (the default)'
complete -c kaf -n '__kaf_at groups reset-offsets' -l export -d 'print the new offsets as topic,partition,offset lines (for --from-file)'
complete -c kaf -n '__kaf_at groups reset-offsets' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at groups reset-offsets' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at groups reset-offsets' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at groups reset-offsets' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at groups reset-offsets' -s h -l help -d 'show help (-h: the short form)'

# kaf groups delete-offsets
complete -c kaf -n '__kaf_at groups delete-offsets' -s b -l bootstrap-server -x -d 'brokers to start from [env: KAF_BROKERS]'
complete -c kaf -n '__kaf_at groups delete-offsets' -l timeout -x -d 'give up after DUR, retries included [env: KAF_TIMEOUT]'
complete -c kaf -n '__kaf_at groups delete-offsets' -l profile -x -d 'section of the client config file to use [env: KAF_PROFILE]'
complete -c kaf -n '__kaf_at groups delete-offsets' -l config-file -r -F -d 'client config file (~/.config/kaf/kaf.conf) [env: KAF_CONFIG]'
complete -c kaf -n '__kaf_at groups delete-offsets' -s F -l command-config -r -F -d 'key=value client properties over the profile'
complete -c kaf -n '__kaf_at groups delete-offsets' -s X -l client-opt -x -d 'set a client property (bootstrap.servers, client.id)'
complete -c kaf -n '__kaf_at groups delete-offsets' -l output -x -a 'text tsv json' -d 'print text|tsv|json'
complete -c kaf -n '__kaf_at groups delete-offsets' -s J -l json -d 'json output (jsonl for record streams)'
complete -c kaf -n '__kaf_at groups delete-offsets' -l no-headers -d 'text tables without the header row'
complete -c kaf -n '__kaf_at groups delete-offsets' -l topic -x -d 'the topic, or some of its partitions (0,2,5-7)'
complete -c kaf -n '__kaf_at groups delete-offsets' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at groups delete-offsets' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at groups delete-offsets' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at groups delete-offsets' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at groups delete-offsets' -s h -l help -d 'show help (-h: the short form)'

# kaf perf
complete -c kaf -n '__kaf_at perf' -s b -l bootstrap-server -x -d 'brokers to start from [env: KAF_BROKERS]'
complete -c kaf -n '__kaf_at perf' -l timeout -x -d 'give up after DUR, retries included [env: KAF_TIMEOUT]'
complete -c kaf -n '__kaf_at perf' -l profile -x -d 'section of the client config file to use [env: KAF_PROFILE]'
complete -c kaf -n '__kaf_at perf' -l config-file -r -F -d 'client config file (~/.config/kaf/kaf.conf) [env: KAF_CONFIG]'
complete -c kaf -n '__kaf_at perf' -s F -l command-config -r -F -d 'key=value client properties over the profile'
complete -c kaf -n '__kaf_at perf' -s X -l client-opt -x -d 'set a client property (bootstrap.servers, client.id)'
complete -c kaf -n '__kaf_at perf' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at perf' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at perf' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at perf' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at perf' -s h -l help -d 'show help (-h: the short form)'
complete -c kaf -n '__kaf_at perf' -a produce -d 'Send generated records as fast as possible or at a rate; report throughput and latency'
complete -c kaf -n '__kaf_at perf' -a consume -d 'Read a topic as fast as possible; report throughput'
complete -c kaf -n '__kaf_at perf' -a e2e -d 'Send records at a fixed rate and read them back; report end-to-end latency'

# kaf perf produce
complete -c kaf -n '__kaf_at perf produce' -s b -l bootstrap-server -x -d 'brokers to start from [env: KAF_BROKERS]'
complete -c kaf -n '__kaf_at perf produce' -l timeout -x -d 'give up after DUR, retries included [env: KAF_TIMEOUT]'
complete -c kaf -n '__kaf_at perf produce' -l profile -x -d 'section of the client config file to use [env: KAF_PROFILE]'
complete -c kaf -n '__kaf_at perf produce' -l config-file -r -F -d 'client config file (~/.config/kaf/kaf.conf) [env: KAF_CONFIG]'
complete -c kaf -n '__kaf_at perf produce' -s F -l command-config -r -F -d 'key=value client properties over the profile'
complete -c kaf -n '__kaf_at perf produce' -s X -l client-opt -x -d 'set a client property (bootstrap.servers, client.id)'
complete -c kaf -n '__kaf_at perf produce' -s n -l num-records -x -d 'send N records'
complete -c kaf -n '__kaf_at perf produce' -l duration -x -d 'stop after DUR (with -n: whichever is first)'
complete -c kaf -n '__kaf_at perf produce' -s s -l record-size -x -d 'value bytes per record'
complete -c kaf -n '__kaf_at perf produce' -l payload -x -a 'random text' -d 'new random bytes per record, or one line of letters for all'
complete -c kaf -n '__kaf_at perf produce' -l payload-file -r -F -d 'values picked at random from FILE\'s lines instead'
complete -c kaf -n '__kaf_at perf produce' -l payload-delimiter -x -d 'what separates FILE\'s values (\\n \\t \\0 escapes)'
complete -c kaf -n '__kaf_at perf produce' -s r -l throughput -x -d 'send at most REC/S records per second (-1: as fast as possible)'
complete -c kaf -n '__kaf_at perf produce' -l keys -x -d 'keys key-0 .. key-N-1 in turn (0: no key) [default: 0]'
complete -c kaf -n '__kaf_at perf produce' -s a -l acks -x -a 'all -1 1 0' -d 'wait for all in-sync replicas, the leader only, or nothing'
complete -c kaf -n '__kaf_at perf produce' -s z -l compression -x -a 'none gzip snappy lz4 zstd' -d 'compress batches with CODEC'
complete -c kaf -n '__kaf_at perf produce' -s p -l partitions -x -d 'create a missing topic with N partitions [default: the broker\'s]'
complete -c kaf -n '__kaf_at perf produce' -l batch-size -x -d 'send a partition\'s batch once its records reach SIZE'
complete -c kaf -n '__kaf_at perf produce' -l linger -x -d 'wait up to DUR for a batch to fill'
complete -c kaf -n '__kaf_at perf produce' -l output -x -a 'text jsonl' -d 'text lines, or one JSON object per interval and for the summary'
complete -c kaf -n '__kaf_at perf produce' -s J -l json -d '--output jsonl'
complete -c kaf -n '__kaf_at perf produce' -s i -l interval -x -d 'print a line of the last DUR every DUR'
complete -c kaf -n '__kaf_at perf produce' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at perf produce' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at perf produce' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at perf produce' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at perf produce' -s h -l help -d 'show help (-h: the short form)'

# kaf perf consume
complete -c kaf -n '__kaf_at perf consume' -s b -l bootstrap-server -x -d 'brokers to start from [env: KAF_BROKERS]'
complete -c kaf -n '__kaf_at perf consume' -l timeout -x -d 'give up after DUR, retries included [env: KAF_TIMEOUT]'
complete -c kaf -n '__kaf_at perf consume' -l profile -x -d 'section of the client config file to use [env: KAF_PROFILE]'
complete -c kaf -n '__kaf_at perf consume' -l config-file -r -F -d 'client config file (~/.config/kaf/kaf.conf) [env: KAF_CONFIG]'
complete -c kaf -n '__kaf_at perf consume' -s F -l command-config -r -F -d 'key=value client properties over the profile'
complete -c kaf -n '__kaf_at perf consume' -s X -l client-opt -x -d 'set a client property (bootstrap.servers, client.id)'
complete -c kaf -n '__kaf_at perf consume' -s n -l messages -x -d 'read N records'
complete -c kaf -n '__kaf_at perf consume' -s e -l exit -d 'stop at the end of each partition (as it was at the start)'
complete -c kaf -n '__kaf_at perf consume' -l duration -x -d 'stop after DUR (with -n: whichever is first)'
complete -c kaf -n '__kaf_at perf consume' -l from-latest -d 'start at the end instead of the beginning'
complete -c kaf -n '__kaf_at perf consume' -l fetch-size -x -d 'bytes per partition per fetch, at most'
complete -c kaf -n '__kaf_at perf consume' -l output -x -a 'text jsonl' -d 'text lines, or one JSON object per interval and for the summary'
complete -c kaf -n '__kaf_at perf consume' -s J -l json -d '--output jsonl'
complete -c kaf -n '__kaf_at perf consume' -s i -l interval -x -d 'print a line of the last DUR every DUR'
complete -c kaf -n '__kaf_at perf consume' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at perf consume' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at perf consume' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at perf consume' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at perf consume' -s h -l help -d 'show help (-h: the short form)'

# kaf perf e2e
complete -c kaf -n '__kaf_at perf e2e' -s b -l bootstrap-server -x -d 'brokers to start from [env: KAF_BROKERS]'
complete -c kaf -n '__kaf_at perf e2e' -l timeout -x -d 'give up after DUR, retries included [env: KAF_TIMEOUT]'
complete -c kaf -n '__kaf_at perf e2e' -l profile -x -d 'section of the client config file to use [env: KAF_PROFILE]'
complete -c kaf -n '__kaf_at perf e2e' -l config-file -r -F -d 'client config file (~/.config/kaf/kaf.conf) [env: KAF_CONFIG]'
complete -c kaf -n '__kaf_at perf e2e' -s F -l command-config -r -F -d 'key=value client properties over the profile'
complete -c kaf -n '__kaf_at perf e2e' -s X -l client-opt -x -d 'set a client property (bootstrap.servers, client.id)'
complete -c kaf -n '__kaf_at perf e2e' -s n -l num-records -x -d 'send N records'
complete -c kaf -n '__kaf_at perf e2e' -l duration -x -d 'stop after DUR (with -n: whichever is first)'
complete -c kaf -n '__kaf_at perf e2e' -s s -l record-size -x -d 'value bytes per record (16 at least: the send time is in them)'
complete -c kaf -n '__kaf_at perf e2e' -s r -l throughput -x -d 'send REC/S records per second'
complete -c kaf -n '__kaf_at perf e2e' -s a -l acks -x -a 'all -1 1 0' -d 'wait for all in-sync replicas, the leader only, or nothing'
complete -c kaf -n '__kaf_at perf e2e' -s z -l compression -x -a 'none gzip snappy lz4 zstd' -d 'compress batches with CODEC'
complete -c kaf -n '__kaf_at perf e2e' -s p -l partitions -x -d 'create a missing topic with N partitions [default: the broker\'s]'
complete -c kaf -n '__kaf_at perf e2e' -l batch-size -x -d 'send a partition\'s batch once its records reach SIZE'
complete -c kaf -n '__kaf_at perf e2e' -l linger -x -d 'wait up to DUR for a batch to fill'
complete -c kaf -n '__kaf_at perf e2e' -l output -x -a 'text jsonl' -d 'text lines, or one JSON object per interval and for the summary'
complete -c kaf -n '__kaf_at perf e2e' -s J -l json -d '--output jsonl'
complete -c kaf -n '__kaf_at perf e2e' -s i -l interval -x -d 'print a line of the last DUR every DUR'
complete -c kaf -n '__kaf_at perf e2e' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at perf e2e' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at perf e2e' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at perf e2e' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at perf e2e' -s h -l help -d 'show help (-h: the short form)'

# kaf dump-log
complete -c kaf -n '__kaf_at dump-log' -l print-data -d 'print each record\'s key and value (implies --deep)'
complete -c kaf -n '__kaf_at dump-log' -l deep -d 'print one line per record under each batch'
complete -c kaf -n '__kaf_at dump-log' -l offsets-decoder -d 'decode __consumer_offsets keys and values as JSON (implies --print-data)'
complete -c kaf -n '__kaf_at dump-log' -l transaction-log-decoder -d 'decode __transaction_state keys and values as JSON (implies --print-data)'
complete -c kaf -n '__kaf_at dump-log' -l cluster-metadata-decoder -d 'decode __cluster_metadata records as JSON (implies --print-data)'
complete -c kaf -n '__kaf_at dump-log' -l key-decoder -x -a 'string hex base64 none' -d 'keys as string (UTF-8), hex, base64 or none'
complete -c kaf -n '__kaf_at dump-log' -l value-decoder -x -a 'string hex base64 none' -d 'values as string (UTF-8), hex, base64 or none'
complete -c kaf -n '__kaf_at dump-log' -l verify-index -d 'check index entries against the log; print only mismatches'
complete -c kaf -n '__kaf_at dump-log' -l index-sanity -d 'run Kafka\'s start-up sanity check on index files only'
complete -c kaf -n '__kaf_at dump-log' -l max-bytes -x -d 'read only the first SIZE bytes of each .log file (default: all of it)'
complete -c kaf -n '__kaf_at dump-log' -l max-message-size -x -d 'largest batch read for an index check; also caps decompressed records'
complete -c kaf -n '__kaf_at dump-log' -l skip-record-metadata -d 'leave offset, timestamp and sizes out of record lines'
complete -c kaf -n '__kaf_at dump-log' -l output -x -a 'text jsonl' -d 'text (Kafka\'s lines) or jsonl (one JSON object per batch or entry)'
complete -c kaf -n '__kaf_at dump-log' -s J -l json -d 'the same as --output jsonl'
complete -c kaf -n '__kaf_at dump-log' -l no-fail -d 'exit 0 even when anomalies were found'
complete -c kaf -n '__kaf_at dump-log' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at dump-log' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at dump-log' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at dump-log' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at dump-log' -s h -l help -d 'show help (-h: the short form)'
complete -c kaf -n '__kaf_at dump-log' -F

# kaf help
complete -c kaf -n '__kaf_at help' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at help' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at help' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at help' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at help' -s h -l help -d 'show help (-h: the short form)'
complete -c kaf -n '__kaf_at help' -a 'server topics produce consume groups perf dump-log help version'

# kaf version
complete -c kaf -n '__kaf_at version' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at version' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at version' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at version' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at version' -s h -l help -d 'show help (-h: the short form)'

# kaf completion
complete -c kaf -n '__kaf_at completion' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at completion' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at completion' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at completion' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at completion' -s h -l help -d 'show help (-h: the short form)'
complete -c kaf -n '__kaf_at completion' -a bash -d 'Print the bash completion script'
complete -c kaf -n '__kaf_at completion' -a zsh -d 'Print the zsh completion script'
complete -c kaf -n '__kaf_at completion' -a fish -d 'Print the fish completion script'

# kaf completion bash
complete -c kaf -n '__kaf_at completion bash' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at completion bash' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at completion bash' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at completion bash' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at completion bash' -s h -l help -d 'show help (-h: the short form)'

# kaf completion zsh
complete -c kaf -n '__kaf_at completion zsh' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at completion zsh' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at completion zsh' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at completion zsh' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at completion zsh' -s h -l help -d 'show help (-h: the short form)'

# kaf completion fish
complete -c kaf -n '__kaf_at completion fish' -s q -l quiet -d 'print errors only'
complete -c kaf -n '__kaf_at completion fish' -s v -l verbose -d 'say more on stderr; -vv for more still'
complete -c kaf -n '__kaf_at completion fish' -s d -l debug -x -a 'broker protocol metadata group fetch produce all' -d 'debug lines on stderr for these contexts: broker, protocol, metadata, group, fetch, produce or all [env: KAF_DEBUG]'
complete -c kaf -n '__kaf_at completion fish' -l color -x -a 'auto always never' -d 'colour the error prefix: auto, always or never (auto: on a terminal and NO_COLOR unset)'
complete -c kaf -n '__kaf_at completion fish' -s h -l help -d 'show help (-h: the short form)'
