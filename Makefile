# kaowu — `make run` and `make test` do all the set-up on a fresh Debian 12 machine (as root).
BUILD_DIR ?= build
KAOWU := ./$(BUILD_DIR)/kaowu
DB ?= data/kaowu.db
LISTEN ?= 127.0.0.1:8080
# Rebuilds of unchanged sources come from ccache when the machine has it.
CCACHE := $(if $(shell command -v ccache 2>/dev/null),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache,)

.PHONY: run test build server web deps deps-test bench clean format

run: build
	$(KAOWU) migrate --db $(DB)
	$(KAOWU) demo --if-empty --db $(DB)
	$(KAOWU) serve --db $(DB) --listen $(LISTEN) --web-dir web/dist

test: deps-test build
	./scripts/test.sh

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
	./bench/sheets/run.sh
	./bench/registrations/run.sh

format:
	find server -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) web/dist
