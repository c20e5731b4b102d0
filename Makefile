# weaklink - every entry point: build, deps, test, scan, bench, fuzz, lint.
#
#   make            build ./weaklink and its man page (build/weaklink.1)
#   make deps       install what building needs (Debian packages, npm grammars)
#   make test-deps  ... and what the tests need (clang, cmocka, SARIF Multitool...)
#   make scan       build + scan this repository (text + weaklink.sarif)
#   make test       build (plain, ASan/UBSan, TSan) + every test
#   make install    binary + man page into $(DESTDIR)$(PREFIX); make uninstall
#   make bench      timings against the peers installed here
#   make fuzz       run each libFuzzer harness (FUZZ_SECONDS each, clang)
#   make lint       banned functions + cppcheck
#
# Every target installs the dependencies it needs first (scripts/deps.sh,
# once: build/.deps-build and build/.deps-test are the stamps), so any of
# them works as the first command on a fresh Debian 12 machine.
# DEVELOPER=1 turns warnings into errors; SANITIZE=address,undefined builds a
# sanitized binary into build/asan/ (the plain one lives in build/release/).

CC ?= cc
PKG_CONFIG ?= pkg-config
OPTFLAGS ?= -O2 -g

WARNINGS = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wpointer-arith -Wcast-qual \
	-Wwrite-strings -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wundef \
	-Wvla -Wimplicit-fallthrough -Wconversion -Wno-sign-conversion -fno-common
ifeq ($(DEVELOPER),1)
WARNINGS += -Werror
endif

# pkg-config runs when a recipe first needs the flags, i.e. after the
# dependency stamps below (every compile waits for them), never when the
# Makefile is parsed: on a fresh machine the libraries are not there yet.
# Each is computed once per make process (the eval memoises it).
PKGS = libgit2 libpcre2-8 libcjson zlib liblzma libcrypto
DRY_RUN := $(findstring n,$(firstword -$(MAKEFLAGS)))
pkgconf = $(shell $(PKG_CONFIG) $(1) $(PKGS))$(if $(DRY_RUN),,$(if $(filter 0,$(.SHELLSTATUS)),,$(error \
	'$(PKG_CONFIG) $(1) $(PKGS)' failed: run 'make deps' (scripts/deps.sh build))))
DEPS_CFLAGS = $(eval DEPS_CFLAGS := $$(call pkgconf,--cflags))$(DEPS_CFLAGS)
DEPS_LIBS = $(eval DEPS_LIBS := $$(call pkgconf,--libs) -ltree-sitter -lbz2 -lpthread -lm)$(DEPS_LIBS)

# Dependency stamps: rewritten when the dependency lists or the npm lock change.
DEPS_BUILD = build/.deps-build
DEPS_TEST = build/.deps-test
DEPS_INPUTS = scripts/deps.sh package.json package-lock.json

ifeq ($(FUZZ),1)
# libFuzzer build (clang): the library is instrumented, harnesses link -fsanitize=fuzzer
CC = clang
VARIANT = fuzz
SANFLAGS = -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all -fno-omit-frame-pointer -g
OPTFLAGS = -O1 -g
else ifeq ($(SANITIZE),thread)
VARIANT = tsan
SANFLAGS = -fsanitize=thread -fno-omit-frame-pointer -g
OPTFLAGS = -O1 -g
else ifneq ($(SANITIZE),)
VARIANT = asan
SANFLAGS = -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer -g
OPTFLAGS = -O1 -g
else
VARIANT = release
SANFLAGS =
endif

B = build/$(VARIANT)
# scanners/ is grouped by role (engine, parse, and one folder per input
# family); headers are found by name from any of them
SCANNER_DIRS := $(sort $(wildcard scanners/*/))
CPPFLAGS += -D_GNU_SOURCE $(patsubst %/,-I%,$(SCANNER_DIRS)) -Irules -Isarif -Igitlab -Icmd -Ibuild/gen
CFLAGS_ALL = $(WARNINGS) $(OPTFLAGS) $(SANFLAGS) $(DEPS_CFLAGS) -MMD -MP -pthread

SRC_LIB := $(sort $(wildcard scanners/*/*.c rules/*.c sarif/*.c gitlab/*.c) $(filter-out cmd/main.c,$(wildcard cmd/*.c)))
OBJ_LIB := $(SRC_LIB:%.c=$(B)/%.o)

# Policy data (rules/data) compiled into the binary, so it runs from any cwd.
DATA_FILES = rules/data/popular-pypi.txt rules/data/compromised.tsv rules/data/typosquat-allow.txt \
	rules/data/hub-orgs.txt rules/data/hub-orgs-allow.txt \
	rules/data/hydra-dangerous.txt rules/data/hydra-ordinary.txt
DATA_C = build/gen/wl_data.c
OBJ_LIB += $(B)/$(DATA_C:.c=.o)

# Tree-sitter grammars: compiled from node_modules (pinned by package-lock.json),
# never copied into the tree. Third-party code: no project warning flags.
NM = node_modules
GRAMMAR_DIRS = $(NM)/tree-sitter-python/src $(NM)/@tree-sitter-grammars/tree-sitter-toml/src \
	$(NM)/@tree-sitter-grammars/tree-sitter-yaml/src $(NM)/tree-sitter-bash/src $(NM)/tree-sitter-json/src \
	$(NM)/tree-sitter-javascript/src $(NM)/tree-sitter-typescript/typescript/src $(NM)/tree-sitter-typescript/tsx/src
GRAMMAR_OBJS = build/grammars/python-parser.o build/grammars/python-scanner.o \
	build/grammars/toml-parser.o build/grammars/toml-scanner.o \
	build/grammars/yaml-parser.o build/grammars/yaml-scanner.o \
	build/grammars/bash-parser.o build/grammars/bash-scanner.o \
	build/grammars/json-parser.o \
	build/grammars/javascript-parser.o build/grammars/javascript-scanner.o \
	build/grammars/typescript-parser.o build/grammars/typescript-scanner.o \
	build/grammars/tsx-parser.o build/grammars/tsx-scanner.o
NPM_STAMP = $(NM)/.weaklink-lock.sha256

BIN = $(B)/weaklink
MAN = build/weaklink.1

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
INSTALL ?= install

# Unit tests (cmocka) and fuzz harnesses: one file each, found by wildcard.
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)
REPLAY_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(B)/replay/%)
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(B)/fuzzer/%)
TEST_CFLAGS = $(filter-out -Wmissing-prototypes,$(CFLAGS_ALL)) -Wno-missing-prototypes -Itests -I.

.PHONY: all deps test-deps build scan test bench fuzz lint clean readme asan tsan test-bins fuzz-bins \
	popular-data man install uninstall
all: weaklink $(if $(filter release,$(VARIANT)),man)

weaklink: $(BIN)
	@if [ "$(VARIANT)" = release ]; then cp -f $(BIN) weaklink; fi

build: weaklink

$(BIN): $(OBJ_LIB) $(B)/cmd/main.o $(GRAMMAR_OBJS)
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(DEPS_LIBS)

$(B)/libweaklink.a: $(OBJ_LIB) $(GRAMMAR_OBJS)
	@rm -f $@
	ar rcs $@ $^

# the pickle policy lists are embedded with .incbin: rebuild when they change
$(B)/rules/pickle_policy.o: rules/data/pickle_allow.txt rules/data/pickle_deny.txt

# Rule ids as macros (WL101 -> "WL101") from the catalog rows: code names a
# rule as WL101, so a typo is a compile error, not a run-time lookup miss.
RULE_IDS_H = build/gen/wl_rule_ids.h
$(RULE_IDS_H): $(wildcard rules/*.c) scripts/gen-rule-ids.sh
	@mkdir -p $(dir $@)
	@scripts/gen-rule-ids.sh $@ $(wildcard rules/*.c)

$(B)/%.o: %.c | $(DEPS_BUILD) $(RULE_IDS_H)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS_ALL) -c -o $@ $<

# tree-sitter grammars (-O1: the generated tables compile slowly at -O2 and
# parse speed barely differs). TREE_SITTER_REUSE_ALLOCATOR: their external
# scanners allocate through the library's allocator (tsalloc.c), not malloc.
GRAMMAR_CFLAGS = -O1 -g0 -w -std=c11 -fPIC -DTREE_SITTER_REUSE_ALLOCATOR
build/grammars/python-%.o: $(NPM_STAMP)
	@mkdir -p build/grammars
	$(CC) $(GRAMMAR_CFLAGS) -I$(NM)/tree-sitter-python/src -c -o $@ $(NM)/tree-sitter-python/src/$*.c
build/grammars/toml-%.o: $(NPM_STAMP)
	@mkdir -p build/grammars
	$(CC) $(GRAMMAR_CFLAGS) -I$(NM)/@tree-sitter-grammars/tree-sitter-toml/src -c -o $@ $(NM)/@tree-sitter-grammars/tree-sitter-toml/src/$*.c
build/grammars/yaml-%.o: $(NPM_STAMP)
	@mkdir -p build/grammars
	$(CC) $(GRAMMAR_CFLAGS) -I$(NM)/@tree-sitter-grammars/tree-sitter-yaml/src -c -o $@ $(NM)/@tree-sitter-grammars/tree-sitter-yaml/src/$*.c
build/grammars/bash-%.o: $(NPM_STAMP)
	@mkdir -p build/grammars
	$(CC) $(GRAMMAR_CFLAGS) -I$(NM)/tree-sitter-bash/src -c -o $@ $(NM)/tree-sitter-bash/src/$*.c
build/grammars/json-%.o: $(NPM_STAMP)
	@mkdir -p build/grammars
	$(CC) $(GRAMMAR_CFLAGS) -I$(NM)/tree-sitter-json/src -c -o $@ $(NM)/tree-sitter-json/src/$*.c
build/grammars/javascript-%.o: $(NPM_STAMP)
	@mkdir -p build/grammars
	$(CC) $(GRAMMAR_CFLAGS) -I$(NM)/tree-sitter-javascript/src -c -o $@ $(NM)/tree-sitter-javascript/src/$*.c
build/grammars/typescript-%.o: $(NPM_STAMP)
	@mkdir -p build/grammars
	$(CC) $(GRAMMAR_CFLAGS) -I$(NM)/tree-sitter-typescript/typescript/src -c -o $@ $(NM)/tree-sitter-typescript/typescript/src/$*.c
build/grammars/tsx-%.o: $(NPM_STAMP)
	@mkdir -p build/grammars
	$(CC) $(GRAMMAR_CFLAGS) -I$(NM)/tree-sitter-typescript/tsx/src -c -o $@ $(NM)/tree-sitter-typescript/tsx/src/$*.c

# The npm stamp holds the sha256 of the installed package-lock.json. It is
# remade when it is missing or holds another hash (compared here, when make
# starts: sha256sum is always there); deps.sh rewrites it only then, so the
# grammars recompile only when the lock changes.
ifneq ($(shell cat $(NPM_STAMP) 2>/dev/null),$(firstword $(shell sha256sum package-lock.json)))
$(NPM_STAMP): npm-lock-changed
endif
.PHONY: npm-lock-changed
$(NPM_STAMP): | $(DEPS_BUILD)
	@scripts/deps.sh build npm

# Debian packages (deps.sh serialises concurrent runs with a lock)
$(DEPS_BUILD): $(DEPS_INPUTS)
	@mkdir -p $(dir $@)
	@scripts/deps.sh build apt
	@touch $@

# the test set includes the build set: one apt-get for both
$(DEPS_TEST): $(DEPS_INPUTS)
	@mkdir -p $(dir $@)
	@scripts/deps.sh test
	@touch $@ $(DEPS_BUILD)

deps:
	@scripts/deps.sh build
	@mkdir -p build && touch $(DEPS_BUILD)

test-deps:
	@scripts/deps.sh test
	@mkdir -p build && touch $(DEPS_TEST) $(DEPS_BUILD)

$(B)/tests/%: tests/unit/%.c $(B)/libweaklink.a | $(DEPS_TEST)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(TEST_CFLAGS) -o $@ $< $(B)/libweaklink.a $(DEPS_LIBS) -lcmocka

# gcc + ASan replay of the committed corpora (no libFuzzer needed)
$(B)/replay/%: tests/fuzz/%.c tests/fuzz/replay.c $(B)/libweaklink.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(TEST_CFLAGS) -o $@ $< tests/fuzz/replay.c $(B)/libweaklink.a $(DEPS_LIBS)

$(B)/fuzzer/%: tests/fuzz/%.c $(B)/libweaklink.a | $(DEPS_TEST)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(TEST_CFLAGS) -fsanitize=fuzzer -o $@ $< $(B)/libweaklink.a $(DEPS_LIBS)

test-bins: $(UNIT_BINS) $(REPLAY_BINS)
fuzz-bins: $(FUZZ_BINS)

# The sanitized build: binary, library, unit tests and corpus replayers.
asan:
	@$(MAKE) --no-print-directory SANITIZE=address,undefined build/asan/weaklink build/asan/libweaklink.a test-bins

scan: weaklink
	./weaklink scan --untracked -o text:- -o sarif:weaklink.sarif . ; st=$$?; \
	echo "SARIF written to weaklink.sarif (exit status $$st)"; [ $$st -ne 2 ]

# ThreadSanitizer build: the thread pool scanning real trees (make test)
tsan:
	@$(MAKE) --no-print-directory SANITIZE=thread build/tsan/weaklink

test:
	@$(MAKE) --no-print-directory $(DEPS_TEST)
	@$(MAKE) --no-print-directory weaklink man
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory tsan
	@tests/run.sh

bench:
	@$(MAKE) --no-print-directory $(DEPS_TEST)
	@$(MAKE) --no-print-directory weaklink $(B)/libweaklink.a
	@tests/bench/run.sh

FUZZ_SECONDS ?= 60
fuzz:
	@$(MAKE) --no-print-directory $(DEPS_TEST)
	@tests/fuzz/run.sh $(FUZZ_SECONDS)

# The man page: generated from the command help and the rule catalog.
man: $(MAN)
$(MAN): build/release/weaklink scripts/gen-man.sh
	scripts/gen-man.sh build/release/weaklink $@

install: weaklink $(MAN)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	$(INSTALL) -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/weaklink
	$(INSTALL) -m 0644 $(MAN) $(DESTDIR)$(MANDIR)/man1/weaklink.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/weaklink $(DESTDIR)$(MANDIR)/man1/weaklink.1

$(DATA_C): $(DATA_FILES) scripts/embed-data.sh
	@mkdir -p $(dir $@)
	scripts/embed-data.sh $@ $(DATA_FILES)

# Rebuild the typosquat reference list from a dated PyPI download ranking.
PYPI_TSV ?= /work/.library/env/packages/pypi.tsv
popular-data:
	scripts/popular-data.sh $(PYPI_TSV) rules/data/popular-pypi.txt

lint:
	@tests/lint.sh

readme: weaklink
	@tests/gen-readme.sh README.md

clean:
	rm -rf build weaklink

-include $(OBJ_LIB:.o=.d) $(B)/cmd/main.d

# ---------------------------------------------------------------------------
# Distribution (issue 13): a container image and a tarball for runners
# without containers. Self-contained block: nothing above depends on it.
#
#   make image   build the Dockerfile with docker or podman, whichever has a
#                working engine (IMAGE=name:tag, DEBIAN_IMAGE=...@sha256:...)
#   make dist    build/dist/weaklink-VERSION-linux-ARCH.tar.gz: the binary,
#                the man page when one was built, the integration templates;
#                reproducible (sorted names, mtime of the last commit, owner 0)
IMAGE ?= weaklink:latest
DIST_VERSION = $(shell sed -n 's/^\#define WL_VERSION "\(.*\)"/\1/p' cmd/cmd.h)
DIST_NAME = weaklink-$(DIST_VERSION)-linux-$(shell uname -m)
DIST_MAN = $(firstword $(wildcard build/weaklink.1 build/man/weaklink.1 docs/weaklink.1))
DIST_FILES = README.md action/action.yml action/run.sh gitlab/weaklink.gitlab-ci.yml gitlab/weaklink-job.sh \
	.pre-commit-hooks.yaml scripts/pre-commit-hook.sh

.PHONY: image dist
image:
	@engine=$${CONTAINER_ENGINE:-}; \
	if [ -z "$$engine" ]; then for e in docker podman; do \
	  if command -v $$e >/dev/null 2>&1 && $$e info >/dev/null 2>&1; then engine=$$e; break; fi; \
	done; fi; \
	if [ -z "$$engine" ]; then \
	  echo "make image: no working docker or podman engine here (a client alone is not enough); 'make dist' builds a tarball" >&2; \
	  exit 1; \
	fi; \
	set -x; $$engine build -t $(IMAGE) $(if $(DEBIAN_IMAGE),--build-arg DEBIAN_IMAGE=$(DEBIAN_IMAGE)) .

dist: weaklink
	@set -e; d=build/dist/stage/$(DIST_NAME); rm -rf build/dist/stage; \
	install -D -m 0755 weaklink $$d/bin/weaklink; \
	if [ -n "$(DIST_MAN)" ]; then install -D -m 0644 $(DIST_MAN) $$d/share/man/man1/weaklink.1; \
	else echo "make dist: no man page built yet; the tarball has none"; fi; \
	for f in $(DIST_FILES); do \
	  case $$f in *.sh) m=0755 ;; *) m=0644 ;; esac; \
	  install -D -m $$m $$f $$d/share/weaklink/$$f; \
	done; \
	epoch=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || echo 0)}; \
	tar --sort=name --mtime=@$$epoch --owner=0 --group=0 --numeric-owner --mode=u+rwX,go+rX,go-w --format=gnu \
	    -C build/dist/stage -cf - $(DIST_NAME) | gzip -9n >build/dist/$(DIST_NAME).tar.gz; \
	rm -rf build/dist/stage; \
	echo "build/dist/$(DIST_NAME).tar.gz"; sha256sum build/dist/$(DIST_NAME).tar.gz
