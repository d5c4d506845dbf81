# Casusoverleg. `make run` starts the app on the embedded database with demo
# data; `make test` runs every test (add TEST_DATABASE_URL for PostgreSQL).
GO ?= go
BIN := bin/casusoverleg
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable
# The address `make run` serves on: make run ADDR=:9090 (or 127.0.0.1:9090).
ADDR ?= :8080

.PHONY: run build test test-pg bench lint clean

run: build
	./$(BIN) seed --demo
	ADDR='$(ADDR)' ./$(BIN) serve

build:
	$(GO) build -o $(BIN) ./cmd/casusoverleg

test:
	$(GO) test -count=1 -timeout 30m ./...

test-pg:
	TEST_DATABASE_URL='$(PG_TEST_URL)' $(GO) test -count=1 -timeout 30m ./...

# The benchmark on the region-sized data set: generated into bench.db the
# first time (about a minute), then measured. DATABASE_URL=postgres://… runs it
# on PostgreSQL (an empty database is filled first). Options: BENCH_FLAGS.
BENCH_DB ?= bench.db
BENCH_FLAGS ?= --duration 10s --concurrency 8
bench: build
	SQLITE_PATH=$(BENCH_DB) ./$(BIN) bench $(BENCH_FLAGS)

lint:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

clean:
	rm -rf bin casusoverleg.db casusoverleg.db-shm casusoverleg.db-wal bench.db bench.db-shm bench.db-wal
