# Everyday commands; the README explains each.
.PHONY: run demo test test-fast test-all lint bench fuzz build

build:
	go build -o refsync ./cmd/refsync

demo run:
	go run ./cmd/refsync demo

test-fast:
	go test ./...

test:
	go test -tags e2e ./...

# What CI runs (installs Chromium and jsforce first).
test-all:
	bash .ci/run

lint:
	gofmt -l . | (! grep .) && go vet ./...

bench:
	go test -run XXX -bench . -benchtime 1x ./...

fuzz:
	go test -run XXX -fuzz FuzzParseSOQL -fuzztime 60s ./connector/sfemu/
	go test -run XXX -fuzz FuzzNormalize -fuzztime 60s ./matching/
	go test -run XXX -fuzz FuzzFormHandlers -fuzztime 60s ./web/
	go test -run XXX -fuzz FuzzCSVReader -fuzztime 60s ./store/
