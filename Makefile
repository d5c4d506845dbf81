# Casusoverleg. `make run` starts the app on the embedded database with demo
# data; `make test` runs every test (add TEST_DATABASE_URL for PostgreSQL).
GO ?= go
BIN := bin/casusoverleg
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable

.PHONY: run build test test-pg lint clean

run: build
	./$(BIN) seed --demo
	./$(BIN) serve

build:
	$(GO) build -o $(BIN) ./cmd/casusoverleg

test:
	$(GO) test -count=1 ./...

test-pg:
	TEST_DATABASE_URL='$(PG_TEST_URL)' $(GO) test -count=1 ./...

lint:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

clean:
	rm -rf bin casusoverleg.db casusoverleg.db-shm casusoverleg.db-wal
