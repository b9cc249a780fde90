# Makefile — the front door: make run, make test, make bench, make check, make fuzz.
# Builds one binary, build/crm, from src/*.c; build-asan/crm is the same with ASan+UBSan.
# Unit tests are tests/unit/test_*.c, each linked with every src object except main.

PKGS     := lua5.4 libsodium libcjson sqlite3 icu-i18n
CC       ?= cc
WARN     := -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Werror
CFLAGS_BASE := -std=c11 -D_GNU_SOURCE -Isrc $(WARN) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS     := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lfcgi -lm
# -O3 with link-time optimisation: small functions of one module (buf_append, arena_alloc, html_escape)
# inline into the renderer and the handlers of others. Measured with scripts/profile-page.sh on the
# bench database: customer list 633,905 -> 611,102 instructions a request, customer page 308,643 -> 296,091
OPT      := -O3 -g -flto=auto
ASANFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

SRCS     := $(wildcard src/*.c)
LIBSRCS  := $(filter-out src/main.c,$(SRCS))
UNITSRCS := $(wildcard tests/unit/test_*.c)

OBJS      := $(SRCS:src/%.c=build/obj/%.o)
LIBOBJS   := $(LIBSRCS:src/%.c=build/obj/%.o)
AOBJS     := $(SRCS:src/%.c=build-asan/obj/%.o)
ALIBOBJS  := $(LIBSRCS:src/%.c=build-asan/obj/%.o)
UNITBINS  := $(UNITSRCS:tests/unit/%.c=build/unit/%)
AUNITBINS := $(UNITSRCS:tests/unit/%.c=build-asan/unit/%)

.PHONY: all deps build asan run test unit bench check fuzz clean
all: build

deps:
	@scripts/deps.sh

build: build/crm
asan: build-asan/crm

build/obj/%.o: src/%.c $(wildcard src/*.h) | build/obj
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_BASE) $(OPT) -c -o $@ $<
build-asan/obj/%.o: src/%.c $(wildcard src/*.h) | build-asan/obj
	@echo "  CC asan $<"
	@$(CC) $(CFLAGS_BASE) $(ASANFLAGS) -c -o $@ $<

build/crm: $(OBJS)
	@echo "  LD      $@"
	@$(CC) $(OPT) -o $@ $^ $(LIBS)
build-asan/crm: $(AOBJS)
	@echo "  LD asan $@"
	@$(CC) $(ASANFLAGS) -o $@ $^ $(LIBS)

build/unit/%: tests/unit/%.c $(LIBOBJS) tests/unit/unit.h | build/unit
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_BASE) -Itests/unit $(OPT) -o $@ $< $(LIBOBJS) $(LIBS)
build-asan/unit/%: tests/unit/%.c $(ALIBOBJS) tests/unit/unit.h | build-asan/unit
	@echo "  CC asan $<"
	@$(CC) $(CFLAGS_BASE) -Itests/unit $(ASANFLAGS) -o $@ $< $(ALIBOBJS) $(LIBS)

build/obj build-asan/obj build/unit build-asan/unit:
	@mkdir -p $@

unit: $(UNITBINS) $(AUNITBINS)

# make run: install what is missing, build, migrate, seed, serve on 127.0.0.1:8080 (foreground).
run: deps
	@$(MAKE) --no-print-directory -j2 build
	@scripts/run.sh

# make test: install what is missing, build both flavours, run every suite; last line "N passed, N failed".
test: deps
	@$(MAKE) --no-print-directory -j2 build asan unit
	@tests/run.sh

bench: deps
	@$(MAKE) --no-print-directory -j2 build
	@scripts/bench.sh

# make check: static rules (SQL only in data modules, escaping in one place, ...) and cppcheck
check:
	@scripts/check.sh

# make fuzz: libFuzzer on the input parsers, validators and the Mustache renderer (FUZZ_SECONDS each)
fuzz:
	@scripts/fuzz.sh

clean:
	rm -rf build build-asan

