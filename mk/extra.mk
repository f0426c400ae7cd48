# Beyond the build and the tests: benchmarks, the static build, the demo.

bench: all
	@sh bench/run.sh

static:
	@VERSION=$(VERSION) sh mk/static.sh $(BUILD)

demo: deps all
	@sh mk/demo.sh $(BUILD)/$(PROG)

.PHONY: bench static demo
