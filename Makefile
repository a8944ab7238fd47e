# The two set-up commands of the README.
.PHONY: serve test build single bench
serve:   ## install what is missing, build the release page, serve it on http://127.0.0.1:8080
	scripts/serve.sh
test:    ## install what is missing, run every test (native, wasm in Chromium, end-to-end)
	scripts/test.sh
build:   ## release build into dist/ only (and dist-single/driftcard.html)
	scripts/build.sh
single:  ## the single-file page dist-single/driftcard.html: save it, open it from disk, no server
	scripts/build.sh
bench:   ## benchmarks vs the Python baselines (BENCHMARKS.md); not part of `make test`
	scripts/bench.sh
