# scimharness — the two commands a fresh clone needs are `make run` and `make test`.
GO        ?= go
ARGS      ?=
# per test binary: a hang fails instead of stalling CI.
TEST_TIMEOUT ?= 9m
FUZZTIME  ?= 20s
BIN       ?= bin/scimharness
# soak: full runs in a row, at a concurrency above the default
SOAK_RUNS ?= 20
SOAK_CONCURRENCY ?= 16
SOAK_OUT  ?= reports/out/soak

.PHONY: all run build test vet race faults unit lint fuzz soak clean help

all: lint test build

help:
	@echo "make run    run the conformance scenarios against a fresh embedded sandbox (ARGS='--tags @contract-groups')"
	@echo "make test   go vet, go test -race ./... (the feature suites run against the sandbox), then the fault sweeps (make faults)"
	@echo "make faults every sandbox fault switched on in turn, each caught by its promise's scenarios (no -race: it adds nothing there)"
	@echo "make build  build $(BIN)"
	@echo "make lint   gofmt check and go vet"
	@echo "make fuzz   every fuzz target for FUZZTIME each (default $(FUZZTIME))"
	@echo "make soak   the full suite SOAK_RUNS times (default $(SOAK_RUNS)) at --concurrency $(SOAK_CONCURRENCY); stops at the first failing run"

run:
	$(GO) run ./cmd/scimharness run $(ARGS)

build:
	$(GO) build -o $(BIN) ./cmd/scimharness

vet:
	$(GO) vet ./...

test: vet race faults

race:
	$(GO) test -race -timeout $(TEST_TIMEOUT) ./...

# faults replays feature files once per sandbox fault (about a hundred
# suites). Under -race these sweeps skip themselves: the race detector checks
# the same code in the single-suite tests, and here it would only triple the
# time of `make test`.
FAULT_SWEEPS = ^(TestContractFeaturesCatchFaults|TestIdPFeaturesCatchFaults|TestHarnessCatchesEachFault)$$
faults:
	$(GO) test -count=1 -timeout $(TEST_TIMEOUT) -run '$(FAULT_SWEEPS)' ./steps ./harness

# unit: the same tests without the race detector, for a quick local loop.
unit:
	$(GO) test -timeout $(TEST_TIMEOUT) ./...

lint:
	@out="$$(gofmt -l .)"; \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# fuzz runs each Fuzz* target of each package in turn (go test -fuzz takes one at a time).
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
		for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "fuzz $$pkg $$target ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) $$pkg; \
		done; \
	done

# soak repeats whole runs, each with a fresh embedded sandbox (or against the
# target in SCIM_BASE_URL & co.) and a new seed, to show that parallel runs
# give no false failures. It stops at the first run that does not pass and
# names its report and seed; extra run flags go in ARGS.
soak: build
	@mkdir -p $(SOAK_OUT)
	@for i in $$(seq 1 $(SOAK_RUNS)); do \
		out=$(SOAK_OUT)/run-$$i; \
		if $(BIN) run --format none --concurrency $(SOAK_CONCURRENCY) --out $$out $(ARGS) > $$out.log 2>&1; then \
			echo "soak: run $$i/$(SOAK_RUNS) passed: $$(grep '^Result' $$out.log)"; \
		else \
			echo "soak: run $$i/$(SOAK_RUNS) did not pass: see $$out.log and $$out/summary.txt; replay with $$(grep -o -- '--seed [0-9]*' $$out.log | head -1)"; \
			exit 1; \
		fi; \
	done; echo "soak: $(SOAK_RUNS) runs at concurrency $(SOAK_CONCURRENCY), none failed"

clean:
	rm -rf bin reports/out
