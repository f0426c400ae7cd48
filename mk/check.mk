# The test suite: unit programs, atf-sh scripts, helpers, and the test
# builds of dinit whose sockd or sandbox is replaced, at link time, by a
# double from regress/doubles/.

UNITS=		$(patsubst regress/%.c,$(BUILD)/regress/%,$(wildcard regress/*/*_test.c))
SCRIPTS=	$(patsubst regress/%.sh,$(BUILD)/regress/%,$(wildcard regress/*/*_test.sh))
HELPERS=	$(patsubst regress/%.c,$(BUILD)/regress/%,$(wildcard regress/helpers/*.c))
DOUBLES=	$(BUILD)/dinit-crashy $(BUILD)/dinit-unfit \
		$(BUILD)/dinit-adversary $(BUILD)/dinit-valgrind \
		$(BUILD)/dinit-hold $(BUILD)/dinit-brisk
KYUA=		kyua -v parallelism=2
# The suite runs in an environment of its own, as on a fresh machine:
# nothing of the caller's (PYTHONUNBUFFERED, LANG, TERM, a longer PATH)
# can hide a dependency.  CHECK_ENV_PASS adds what a target must pass.
CHECK_ENV=	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
		$(CHECK_ENV_PASS)

$(BUILD)/regress/%_test: regress/%_test.c $(BUILD)/libdinit.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(filter-out %.h,$^) -latf-c $(BSD_LIBS)

# opts_table, dumped for the test that holds the docs against it.
$(BUILD)/regress/doc/opts_dump: regress/doc/opts_dump.c $(BUILD)/libdinit.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(BSD_LIBS)

$(BUILD)/regress/helpers/%: regress/helpers/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $<

$(BUILD)/regress/%: regress/%.sh
	@mkdir -p $(@D)
	install -m 755 $< $@

# A sockd that dies at every start.
$(BUILD)/dinit-crashy: $(BUILD)/main.o $(BUILD)/regress/doubles/sockd_crash.o \
    $(BUILD)/libdinit.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(BSD_LIBS)

# A sockd that can never run here.
$(BUILD)/dinit-unfit: $(BUILD)/main.o $(BUILD)/regress/doubles/sockd_unfit.o \
    $(BUILD)/libdinit.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(BSD_LIBS)

# A compromised sockd, attacking init as its clients' lines say.
$(BUILD)/dinit-adversary: $(BUILD)/main.o \
    $(BUILD)/regress/doubles/sockd_adversary.o $(BUILD)/libdinit.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(BSD_LIBS)

# sockd without seccomp, and with the fd limit valgrind can live with.
$(BUILD)/dinit-valgrind: $(BUILD)/main.o \
    $(BUILD)/regress/doubles/sandbox_valgrind.o $(BUILD)/libdinit.a
	$(CC) $(CFLAGS) $(LDFLAGS) -Wl,--wrap=setrlimit -o $@ $^ $(BSD_LIBS)

# Commands that stop or die between the privilege drop and exec.
$(BUILD)/dinit-hold: $(BUILD)/main.o $(BUILD)/regress/doubles/exec_hold.o \
    $(BUILD)/libdinit.a
	$(CC) $(CFLAGS) $(LDFLAGS) -Wl,--wrap=execvpe -o $@ $^ $(BSD_LIBS)

# After every death of sockd a backoff of 1 ms that refuses clients.
$(BUILD)/dinit-brisk: $(BUILD)/main.o $(BUILD)/regress/doubles/backoff_brisk.o \
    $(BUILD)/libdinit.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(BSD_LIBS)

tests: $(BUILD)/$(PROG) $(DOUBLES) $(UNITS) $(SCRIPTS) $(HELPERS) \
    $(BUILD)/regress/doc/opts_dump
	@cp regress/lib.sh $(BUILD)/regress/lib.sh
	@cp regress/helpers/fullsinks.py $(BUILD)/regress/helpers/
	@mkdir -p $(BUILD)/regress/doc
	@cp README.md dinit.8 regress/doc/example.sh $(BUILD)/regress/doc/
	@cp mk/demo.sh $(BUILD)/regress/demo.sh
	@echo "$(CURDIR)" >$(BUILD)/regress/srcdir

deps:
	@sh mk/deps.sh

check: deps
	@$(MAKE) --no-print-directory check-run

check-run: tests
	@rm -f $(BUILD)/results.db
	$(CHECK_ENV) $(KYUA) test -k Kyuafile --build-root $(BUILD) \
	    --results-file $(BUILD)/results.db

check-asan: deps
	@$(MAKE) --no-print-directory BUILD=build/asan CC=clang ASAN=1 \
	    CHECK_ENV_PASS=LSAN_OPTIONS=suppressions=$(CURDIR)/mk/lsan.supp:print_suppressions=0 \
	    CFLAGS='-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all' \
	    check-run

# The sanitizers' runtime inside sockd's sandbox: the library carries
# sandbox_asan.c, which every program that installs the filter links in
# place of prctl.
ifdef ASAN
$(BUILD)/libdinit.a: $(BUILD)/regress/doubles/sandbox_asan.o
LDFLAGS+=	-Wl,--wrap=prctl
endif

# make check on a fresh Debian 12 in a container (mk/fresh.sh): nothing
# but make and git installed, the commit checked out here.
check-fresh:
	@sh mk/fresh.sh $(BUILD)

.PHONY: tests deps check check-run check-asan check-container check-fresh

-include $(UNITS:=.d) $(wildcard $(BUILD)/regress/doubles/*.d)

# The container suite, regress/container: dinit-static as the ENTRYPOINT
# of containers under podman.  mk/container.sh installs podman and builds
# the images, or says why the suite is skipped (BUILD/container/skipped).
check-container: deps static tests
	@cp regress/container/lib.sh examples/pod.yaml $(BUILD)/regress/container/
	@rm -f $(BUILD)/container.db $(BUILD)/container/skipped
	@sh mk/container.sh $(BUILD)
	@[ -f $(BUILD)/container/skipped ] || \
	    $(CHECK_ENV) $(KYUA) test -k regress/container/Kyuafile \
	    --build-root $(BUILD)/regress/container \
	    --results-file $(BUILD)/container.db
