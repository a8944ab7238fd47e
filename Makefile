# The two set-up commands of the README.
.PHONY: serve test build bench
serve:   ## install what is missing, build the release page, serve it on http://127.0.0.1:8080
	scripts/serve.sh
test:    ## install what is missing, run every test (native, wasm in Chromium, end-to-end)
	scripts/test.sh
build:   ## release build into dist/ only
	scripts/build.sh
bench:   ## benchmarks vs the Python baselines (BENCHMARKS.md); not part of `make test`
	scripts/bench.sh
