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

# make soak-docs: the last soak's table and chart into doc/soak.md and
# doc/soak.svg, and the table into README's block between its markers.
soak-docs:
	@cp $(BUILD)/soak/soak.md doc/soak.md
	@cp $(BUILD)/soak/soak.svg doc/soak.svg
	@sh bench/block.sh soak doc/soak.md README.md

.PHONY: soak soak-docs
