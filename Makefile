# Developer shortcuts; .ci/run is what CI runs.
.PHONY: test lint spectral build ci

test:
	go test -race ./...

lint:
	@out=$$(gofmt -l $$(go list -f '{{.Dir}}' ./...)); \
	  if [ -n "$$out" ]; then echo "not gofmt-formatted:"; echo "$$out"; exit 1; fi
	go vet ./...

spectral:
	bash tools/spectral/lint.sh

build:
	go build -o isoconform ./cmd/isoconform

ci:
	bash .ci/run
