# Thin wrapper over CMake; see README for the two commands that matter (example, check).
BUILD      ?= build
ASAN_BUILD ?= build-asan
BUILD_TYPE ?= Release
PREFIX     ?= /usr/local
JOBS       ?= $(shell nproc)

.PHONY: all build test test-asan check example deps install clean bench fuzz static

all: build

# The binary alone (`make`, `make example`, `make install`): the test suite is built by `make test`.
build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	cmake --build $(BUILD) -j $(JOBS) --target volsync-gen

# Unit, golden and end-to-end tests (the e2e tests drive the real kpt, kubectl and pre-commit):
# builds everything, the tests included (VG_TESTS=ON), then runs them.
test:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DVG_TESTS=ON >/dev/null
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The same suite under AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DVG_SANITIZE=ON -DVG_TESTS=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

# Speed and memory against the libyaml floor and yaml-cpp (bench/run.sh; table for bench/RESULTS.md).
bench:
	bash bench/run.sh

# libFuzzer targets (clang): function entry, schema validator, cron, Doc read/write; FUZZ_SECONDS each.
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
fuzz:
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DVG_FUZZ=ON -DVG_TESTS=OFF >/dev/null
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	bash fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# Everything CI runs.
check: test test-asan

# Build and run the main job on the bundled example.
example: build
	$(BUILD)/volsync-gen < examples/resourcelist/input.yaml

# Debian 12 packages needed to build and test (run as root, or with sudo).
deps:
	bash .ci/install-deps

# Binary, man page and bash completion: make install [PREFIX=/usr/local] [DESTDIR=staging-dir]
install: build
	DESTDIR=$(DESTDIR) cmake --install $(BUILD) --prefix $(PREFIX)

# A fully static binary (no shared libraries), as the Dockerfile builds it: $(STATIC_BUILD)/volsync-gen
STATIC_BUILD ?= build-static
static:
	cmake -S . -B $(STATIC_BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DVG_STATIC=ON -DVG_TESTS=OFF >/dev/null
	cmake --build $(STATIC_BUILD) -j $(JOBS) --target volsync-gen

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
