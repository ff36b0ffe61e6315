# scimharness — the two commands a fresh clone needs are `make run` and `make test`.
GO        ?= go
ARGS      ?=
# go test -race on the whole module, feature suites included, on a 2-core
# machine stays well inside this; a hang fails instead of stalling CI.
TEST_TIMEOUT ?= 8m
FUZZTIME  ?= 20s
BIN       ?= bin/scimharness

.PHONY: all run build test vet unit lint fuzz clean help

all: lint test build

help:
	@echo "make run    run the conformance scenarios against a fresh embedded sandbox (ARGS='--tags @contract-groups')"
	@echo "make test   go vet + go test -race ./... (the feature suites run against the sandbox)"
	@echo "make build  build $(BIN)"
	@echo "make lint   gofmt check and go vet"
	@echo "make fuzz   every fuzz target for FUZZTIME each (default $(FUZZTIME))"

run:
	$(GO) run ./cmd/scimharness run $(ARGS)

build:
	$(GO) build -o $(BIN) ./cmd/scimharness

vet:
	$(GO) vet ./...

test: vet
	$(GO) test -race -timeout $(TEST_TIMEOUT) ./...

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

clean:
	rm -rf bin reports/out
