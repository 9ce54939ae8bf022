# Developer shortcuts; .ci/run is what CI runs.
.PHONY: test lint spectral build ci bench

test:
	go test -race ./...

lint:
	@out=$$(gofmt -l $$(go list -f '{{.Dir}}' ./...)); \
	  if [ -n "$$out" ]; then echo "not gofmt-formatted:"; echo "$$out"; exit 1; fi
	go vet ./...
	@long=$$(git ls-files '*.go' | xargs wc -l | awk '$$2 != "total" && $$1 >= 400'); \
	  if [ -n "$$long" ]; then echo "Go files of 400 lines or more:"; echo "$$long"; exit 1; fi
	go mod tidy -diff
	go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

spectral:
	bash tools/spectral/lint.sh

build:
	go build -o isoconform ./cmd/isoconform

ci:
	bash .ci/run

# Load, soak, lookups, suite and matrix times in one table (bench/main.go). Prism joins the
# load runs when npm can install it into bench/prism (node_modules is not committed).
# BENCHFLAGS passes flags, e.g. BENCHFLAGS=-matrix-root=../other-checkout or -skip=prism.
bench:
	@[ -x bench/prism/node_modules/.bin/prism ] || npm ci --prefix bench/prism --ignore-scripts --no-audit --no-fund >/dev/null 2>&1 || \
	  echo "bench: npm could not install Prism; its row is skipped"
	go run ./bench $(BENCHFLAGS)
