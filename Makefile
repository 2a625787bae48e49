# kaowu — `make run` and `make test` do all the set-up on a fresh Debian 12 machine (as root).
BUILD_DIR ?= build
KAOWU := ./$(BUILD_DIR)/kaowu
DB ?= data/kaowu.db
LISTEN ?= 127.0.0.1:8080
# Rebuilds of unchanged sources come from ccache when the machine has it.
CCACHE := $(if $(shell command -v ccache 2>/dev/null),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache,)

.PHONY: run test unit api e2e sanitize build server web deps deps-test bench clean format format-check

run: build
	$(KAOWU) migrate --db $(DB)
	$(KAOWU) demo --if-empty --db $(DB)
	$(KAOWU) serve --db $(DB) --listen $(LISTEN) --web-dir web/dist

test: deps-test build
	./scripts/test.sh

# Faster loops next to `make test` (see scripts/test.sh for the suites).
unit: deps server
	./scripts/test.sh unit

api: deps-test build
	./scripts/test.sh api

e2e: deps-test build
	./scripts/test.sh e2e

# The C++ tests under AddressSanitizer and UndefinedBehaviorSanitizer, on SQLite.
sanitize: deps
	cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKAOWU_SANITIZE=ON $(CCACHE)
	cmake --build build-sanitize --target kaowu_tests
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=server/tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ./build-sanitize/kaowu_tests

build: deps server web

deps:
	./scripts/deps.sh build

deps-test:
	./scripts/deps.sh test

server:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CCACHE)
	cmake --build $(BUILD_DIR)

web:
	./scripts/web.sh

bench: build
	./scripts/deps.sh bench
	./bench/http/run.sh
	./bench/http/instructions.sh
	./bench/sheets/run.sh
	./bench/registrations/run.sh
	./bench/arranging/run.sh
	./bench/documents/run.sh
	./bench/files/run.sh

format:
	git ls-files '*.cpp' '*.hpp' | grep -v -x server/src/core/regions_data.cpp | xargs clang-format -i

format-check:
	./scripts/check-format.sh

clean:
	rm -rf $(BUILD_DIR) build-sanitize web/dist
