# Beyond the build and the tests: benchmarks, the static build, the demo.

bench: all
	@sh bench/run.sh

static:
	@VERSION=$(VERSION) sh mk/static.sh $(BUILD)

demo: deps all
	@sh mk/demo.sh $(BUILD)/$(PROG)

.PHONY: bench static demo

# make soak: SOAK_SECONDS of mixed load and faults on dinit as PID 1
# (soak/soak.py); results and chart in BUILD/soak.
SOAK_SECONDS?=	600
soak: all $(BUILD)/regress/helpers/orphans
	@sh mk/deps.sh python3 util-linux gnuplot-nox
	@$(CHECK_ENV) python3 soak/soak.py $(BUILD) $(SOAK_SECONDS)

.PHONY: soak
