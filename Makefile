# Thin wrapper over CMake. `make demo` and `make test` work on a fresh Debian 12 machine (as root).
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build build-asan build-fuzz test fuzz soak demo demo-pg bench lint valgrind clean

all: build

deps:
	@scripts/install-deps.sh
	@scripts/web-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

build-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCS_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)

build-fuzz: deps
	@CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCS_FUZZ=ON -DCS_FUZZ_SECONDS=$(FUZZ_SECONDS) >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS)

test: build build-asan build-fuzz
	ctest --test-dir $(BUILD) --output-on-failure
	ctest --test-dir $(ASAN_BUILD) --output-on-failure
	ctest --test-dir $(FUZZ_BUILD) --output-on-failure -L fuzz

# The fuzz harnesses alone, as long as FUZZ_SECONDS says.
fuzz: build-fuzz
	ctest --test-dir $(FUZZ_BUILD) --output-on-failure -L fuzz -V | grep -E "Done|stat::|Test"

# The crash trials at 100 rounds (make test runs 20) beside the racing bookings.
soak: build
	CS_CRASH_ROUNDS=100 ctest --test-dir $(BUILD) --output-on-failure -V -R 'js_(crash|writers|race)' \
	  | grep -E "crash trials|^[0-9]+: (ok|not ok)|tests passed|Failed"

# The whole suite under valgrind's memcheck (slow: not part of make test).
valgrind: build
	ctest --test-dir $(BUILD) --output-on-failure -E '^js_' -T memcheck

demo: build
	@$(BUILD)/clockspeed init $(BUILD)/plant.db --demo plant --force
	@$(BUILD)/clockspeed constraint $(BUILD)/plant.db | head -3
	@$(BUILD)/clockspeed buffers $(BUILD)/plant.db | head -1
	@$(BUILD)/clockspeed init $(BUILD)/sales.db --demo sales --force >/dev/null
	@echo; $(BUILD)/clockspeed desk $(BUILD)/sales.db | head -2
	@echo; $(BUILD)/clockspeed book $(BUILD)/sales.db --opportunity OPP00001 --duration 60 -k 3 | head -6
	@$(BUILD)/clockspeed init $(BUILD)/rental.db --demo rental --force >/dev/null
	@echo; $(BUILD)/clockspeed allocate $(BUILD)/rental.db | head -4
	@token=$$($(BUILD)/clockspeed token create --role planner $(BUILD)/plant.db | tail -1); \
	  echo; echo "Open the dashboard: http://127.0.0.1:8080/?token=$$token"; echo "(Ctrl-C stops the server.)"; echo; \
	  exec $(BUILD)/clockspeed serve $(BUILD)/plant.db --listen 127.0.0.1:8080

# The demo plant on a PostgreSQL server the script starts, with two servers on it.
demo-pg: build
	@scripts/demo-pg.sh $(BUILD)

bench: build
	@bench/run.sh $(BUILD)

lint: build
	@scripts/lint.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
