# kaf: one non-recursive makefile. Outputs go under $(O).
#
#   make                 build $(O)/kaf
#   make test            build and run every test; ends with "N passed, N failed"
#   make asan            the same tests under AddressSanitizer + UBSan (in $(O)/asan)
#   make run             build, then start a single-node broker on 127.0.0.1:9092 (data in ./data)
#   make fuzz            libFuzzer builds of tests/fuzz/*.c (clang), FUZZ_SECONDS each
#   make bench           benchmark run against Redis and NATS, writes docs/BENCHMARKS.md
#                        (QUICK=1: the 5-cell subset, about a minute)
#   make install         PREFIX=/usr/local DESTDIR=
#   make completions     regenerate completions/ from the binary's option tables
#   V=1 for full command lines, SANITIZE=address,undefined for a sanitizer build

O ?= build
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man
DATADIR = $(DESTDIR)$(PREFIX)/share

CC ?= cc
CLANG ?= clang
PKG_CONFIG ?= pkg-config
PKGS = libuv inih libzstd zlib liblz4 snappy
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

# Debian packages behind the pkg-config names above, installed when missing.
BUILD_DEBS = build-essential pkg-config libuv1-dev libinih-dev libzstd-dev zlib1g-dev \
	liblz4-dev libsnappy-dev
TEST_DEBS = clang libclang-rt-14-dev mandoc zstd lz4 gzip python3 kcat python3-kafka \
	python3-confluent-kafka python3-lz4 python3-zstandard python3-snappy nodejs

CFLAGS ?= -O2 -g
WARNINGS = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wformat=2 -Wvla -Wno-unused-parameter
KAF_CFLAGS = -std=gnu11 $(WARNINGS) -I. -D_GNU_SOURCE -DKAF_VERSION='"$(VERSION)"' \
	-MMD -MP $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
KAF_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lpthread -lm
ifneq ($(SANITIZE),)
KAF_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
KAF_LDFLAGS += -fsanitize=$(SANITIZE)
endif
ifeq ($(V),1)
Q =
else
Q = @
endif

CORE_SRC := $(sort $(wildcard core/*/*.c))
NET_SRC := $(sort $(wildcard net/*.c net/*/*.c))
CMD_SRC := $(sort $(wildcard cmd/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/*/*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/*.c))
FUZZ_TARGETS := $(filter-out tests/fuzz/replay.c,$(FUZZ_SRC))
TOOL_SRC := $(sort $(wildcard tests/tools/*.c))

CORE_OBJ := $(CORE_SRC:%.c=$(O)/%.o)
NET_OBJ := $(NET_SRC:%.c=$(O)/%.o)
CMD_OBJ := $(CMD_SRC:%.c=$(O)/%.o)
UNIT_BIN := $(UNIT_SRC:%.c=$(O)/%)
REPLAY_BIN := $(FUZZ_TARGETS:tests/fuzz/%.c=$(O)/tests/fuzz/replay-%)
TOOL_BIN := $(TOOL_SRC:%.c=$(O)/%)
LIBCORE := $(O)/libkafcore.a
LIBNET := $(O)/libkafnet.a
DEPS_STAMP := $(O)/.build-deps

.PHONY: all test asan run fuzz install completions clean deps test-deps check-completions \
	bench bench-tools
all: $(O)/kaf

# A fresh machine gets its build dependencies the first time anything is built.
$(DEPS_STAMP):
	$(Q)mkdir -p $(@D)
	$(Q)if ! command -v $(CC) >/dev/null 2>&1 || ! $(PKG_CONFIG) --exists $(PKGS) 2>/dev/null; then \
		echo "installing build dependencies: $(BUILD_DEBS)"; \
		$(call apt_install,$(BUILD_DEBS)); \
	fi
	$(Q)touch $@
deps: $(DEPS_STAMP)

# apt_install: as root directly, otherwise through sudo.
apt_install = SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	$$SUDO apt-get update -qq >/dev/null && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(1) >/dev/null

$(O)/test-deps:
	$(Q)mkdir -p $(@D)
	$(Q)missing=; for p in $(TEST_DEBS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then echo "installing test dependencies:$$missing"; \
		$(call apt_install,$$missing); fi
	@# npm comes with some node builds and is a Debian package of its own for others.
	$(Q)command -v npm >/dev/null 2>&1 || { echo "installing npm"; $(call apt_install,npm); } || \
		echo "npm not installable: the kafkajs test will be skipped"
	$(Q)touch $@
test-deps: $(O)/test-deps

$(O)/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(KAF_CFLAGS) $(CFLAGS) -c -o $@ $<

$(LIBCORE): $(CORE_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^
$(LIBNET): $(NET_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

$(O)/kaf: $(CMD_OBJ) $(if $(NET_OBJ),$(LIBNET)) $(LIBCORE)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(KAF_LDFLAGS) $(LDFLAGS) -o $@ $(CMD_OBJ) $(if $(NET_OBJ),$(LIBNET)) $(LIBCORE) $(KAF_LIBS)

# Unit tests of core/ link the core library only: a call upwards fails to link.
# Tests of net/ (tests/unit/proto, tests/unit/net) link the network library too.
NET_TEST_LINK = $(Q)$(CC) $(KAF_LDFLAGS) $(LDFLAGS) -o $@ $< $(LIBNET) $(LIBCORE) $(KAF_LIBS)
$(O)/tests/unit/proto/%: $(O)/tests/unit/proto/%.o $(LIBNET) $(LIBCORE)
	$(NET_TEST_LINK)
$(O)/tests/unit/net/%: $(O)/tests/unit/net/%.o $(LIBNET) $(LIBCORE)
	$(NET_TEST_LINK)

$(O)/tests/unit/%: $(O)/tests/unit/%.o $(LIBCORE)
	$(Q)$(CC) $(KAF_LDFLAGS) $(LDFLAGS) -o $@ $< $(LIBCORE) $(KAF_LIBS)

# Helper programs that join consumer groups speak the protocol: network library too.
$(O)/tests/tools/member-%: $(O)/tests/tools/member-%.o $(LIBNET) $(LIBCORE)
	$(NET_TEST_LINK)

$(O)/tests/tools/%: $(O)/tests/tools/%.o $(LIBCORE)
	$(Q)$(CC) $(KAF_LDFLAGS) $(LDFLAGS) -o $@ $< $(LIBCORE) $(KAF_LIBS)

# Each fuzz target also builds against a small driver that replays its corpus.
$(O)/tests/fuzz/replay-%: $(O)/tests/fuzz/%.o $(O)/tests/fuzz/replay.o $(if $(NET_OBJ),$(LIBNET)) $(LIBCORE)
	$(Q)$(CC) $(KAF_LDFLAGS) $(LDFLAGS) -o $@ $^ $(KAF_LIBS)

FUZZ_SECONDS ?= 60
fuzz: test-deps
	$(Q)$(MAKE) --no-print-directory O=$(O)/fuzz CC=$(CLANG) \
		SANITIZE=fuzzer-no-link,address,undefined $(O)/fuzz/libkafcore.a $(if $(NET_OBJ),$(O)/fuzz/libkafnet.a)
	$(Q)for t in $(FUZZ_TARGETS); do n=$$(basename $$t .c); \
		$(CLANG) $(KAF_CFLAGS) -g -O1 -fsanitize=fuzzer,address,undefined \
			-o $(O)/fuzz/fuzz-$$n $$t $(if $(NET_OBJ),$(O)/fuzz/libkafnet.a) $(O)/fuzz/libkafcore.a \
			$(KAF_LIBS) || exit 1; \
		mkdir -p tests/fuzz/corpus/$$n $(O)/fuzz/new-$$n; \
		$(O)/fuzz/fuzz-$$n -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=512 \
			-malloc_limit_mb=128 -timeout=2 $(O)/fuzz/new-$$n tests/fuzz/corpus/$$n || exit 1; \
	done

# The benchmark's load generator links librdkafka, which the broker itself does
# not use: it is installed for `make bench` (and the bench smoke test) only.
# The peers are optional: one that cannot be installed is reported as such.
BENCH_DEBS = librdkafka-dev python3
BENCH_PEER_DEBS = redis-server redis-tools nats-server iperf3
BENCH_BIN = $(O)/tests/bench/kbench $(O)/tests/bench/peerbench $(O)/tests/bench/limits

$(O)/bench-deps:
	$(Q)mkdir -p $(@D)
	$(Q)if ! $(PKG_CONFIG) --exists rdkafka 2>/dev/null || ! command -v python3 >/dev/null; then \
		echo "installing benchmark dependencies: $(BENCH_DEBS)"; \
		$(call apt_install,$(BENCH_DEBS)); \
	fi
	$(Q)touch $@
$(O)/bench-peer-deps:
	$(Q)mkdir -p $(@D)
	$(Q)for p in $(BENCH_PEER_DEBS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' && continue; \
		echo "installing $$p"; \
		( $(call apt_install,$$p) ) || echo "$$p not installable: the benchmark runs without it"; \
	done
	$(Q)touch $@

$(O)/tests/bench/kbench: tests/bench/kbench.c tests/bench/measure.h | $(O)/bench-deps
	@mkdir -p $(@D)
	$(Q)$(CC) $(KAF_CFLAGS) $(CFLAGS) $(KAF_LDFLAGS) $(LDFLAGS) -o $@ $< \
		$$($(PKG_CONFIG) --cflags --libs rdkafka) -lpthread
$(O)/tests/bench/%: tests/bench/%.c tests/bench/measure.h
	@mkdir -p $(@D)
	$(Q)$(CC) $(KAF_CFLAGS) $(CFLAGS) $(KAF_LDFLAGS) $(LDFLAGS) -o $@ $< -lpthread
bench-tools: $(BENCH_BIN)

bench: $(O)/kaf bench-tools $(O)/bench-peer-deps
	$(Q)O=$(O) KAF=$(O)/kaf bash tests/bench/run.sh $(if $(QUICK),--quick)

test: $(O)/kaf $(UNIT_BIN) $(REPLAY_BIN) $(TOOL_BIN) test-deps
	$(Q)O=$(O) sh tests/run.sh

asan:
	$(Q)$(MAKE) --no-print-directory O=$(O)/asan SANITIZE=address,undefined CFLAGS="-O1 -g" test

run: $(O)/kaf
	$(Q)mkdir -p data
	$(O)/kaf server --override log.dirs=data

completions: $(O)/kaf
	$(Q)for sh in bash zsh fish; do $(O)/kaf completion $$sh > completions/$$( \
		case $$sh in bash) echo kaf.bash;; zsh) echo _kaf;; fish) echo kaf.fish;; esac) || exit 1; done

install: $(O)/kaf
	install -d $(BINDIR) $(MANDIR)/man1 $(MANDIR)/man5 $(MANDIR)/man8 \
		$(DATADIR)/bash-completion/completions $(DATADIR)/zsh/vendor-completions \
		$(DATADIR)/fish/vendor_completions.d
	install -m 0755 $(O)/kaf $(BINDIR)/kaf
	for c in $$($(O)/kaf --list-cmds); do ln -sf kaf $(BINDIR)/kaf-$$c; done
	for m in man/*.[158]; do [ -f "$$m" ] || continue; \
		install -m 0644 $$m $(MANDIR)/man$${m##*.}/; done
	install -m 0644 completions/kaf.bash $(DATADIR)/bash-completion/completions/kaf
	install -m 0644 completions/_kaf $(DATADIR)/zsh/vendor-completions/_kaf
	install -m 0644 completions/kaf.fish $(DATADIR)/fish/vendor_completions.d/kaf.fish

clean:
	rm -rf $(O)

.SECONDARY:
-include $(patsubst %.o,%.d,$(CORE_OBJ) $(NET_OBJ) $(CMD_OBJ)) \
	$(patsubst %,%.d,$(UNIT_BIN) $(TOOL_BIN)) $(FUZZ_SRC:%.c=$(O)/%.d)
