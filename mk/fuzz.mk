# libFuzzer targets for what reads hostile bytes, for the rules parser,
# the log's JSON escaper and the audit trail's line reader; fuzz-run runs
# each for FUZZ_SECONDS on a copy of its corpus and fails on any finding,
# an input that takes 5 s (a hang) included.

FUZZ_SECONDS?=	60
FUZZ_SRCS=	common/idnum.c common/proto.c common/request.c common/signame.c \
		common/words.c common/duration.c common/limits.c sockd/parse.c \
		sockd/render.c init/policy/policy.c init/policy/policy_match.c \
		common/json.c common/log.c common/logtext.c common/redact.c \
		common/auditline.c common/jsonev.c common/audit.c common/hmac.c \
		common/clock.c common/util.c
FUZZ_FLAGS=	-g -O1 -fsanitize=fuzzer,address,undefined $(WARNINGS) \
		-D_GNU_SOURCE -I. $(BSD_CFLAGS)
FUZZ_TARGETS=	parse frame policy json auditline

fuzz: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%_fuzz)

$(BUILD)/fuzz/%: regress/fuzz/%.c $(FUZZ_SRCS)
	@mkdir -p $(@D)
	clang $(FUZZ_FLAGS) -o $@ $^ $(BSD_LIBS)

fuzz-run: fuzz
	@set -e; for t in $(FUZZ_TARGETS); do \
	    rm -rf $(BUILD)/fuzz/corpus/$$t; mkdir -p $(BUILD)/fuzz/corpus; \
	    cp -R regress/fuzz/corpus/$$t $(BUILD)/fuzz/corpus/$$t; \
	    echo "fuzz: $$t for $(FUZZ_SECONDS)s"; \
	    if ! $(BUILD)/fuzz/$${t}_fuzz -max_total_time=$(FUZZ_SECONDS) \
		-max_len=1100 -timeout=5 -artifact_prefix=$(BUILD)/fuzz/$$t- \
		-print_final_stats=1 $(BUILD)/fuzz/corpus/$$t \
		>$(BUILD)/fuzz/$$t.log 2>&1; then \
		tail -n 40 $(BUILD)/fuzz/$$t.log; exit 1; \
	    fi; \
	    grep -E '^(Done|stat::number_of_executed_units|stat::average)' \
		$(BUILD)/fuzz/$$t.log; \
	done

.PHONY: fuzz fuzz-run
