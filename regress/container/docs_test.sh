#! /usr/bin/env atf-sh
# The commands in examples/ (the "# example:" comment blocks), run line
# by line as they are written, with docker played by podman: in a
# directory standing for the checkout, with this suite's names for the
# images and containers (doc-NAME, so that the other cases' are left
# alone), no network, and Debian's base the one mk/container.sh made.
# Each line's comment says what it prints or how it ends.

. $(atf_get_srcdir)/lib.sh

BUILD_DIR=$(cd "$(atf_get_srcdir)/../.." && pwd)
BASE=localhost/dinit-debian-base:bookworm

# checkout: ./co stands for the checkout: its examples/, and build/
# with dinit-static, made by make check-container already.
checkout()
{
	mkdir -p co/build
	cp -R "$SRCDIR/examples" co/
	cp "$BUILD_DIR/dinit-static" co/build/
}

docker()
{
	_sub=$1
	shift
	case $_sub in
	build)	podman build -q --pull=never --build-arg BASE=$BASE \
		    $(printf '%s\n' "$@" | sed '/^-t$/{n;s/^/doc-/;}') ;;
	run)	_a=
		while [ $# -gt 1 ]; do
			case $1 in
			--name)	echo "doc-$2" >>../containers
				_a="$_a --name doc-$2"; shift ;;
			*)	_a="$_a $1" ;;
			esac
			shift
		done
		# shellcheck disable=SC2086
		podman run --replace --pull=never --network none $_a "doc-$1" ;;
	exec)	_a=
		while :; do
			case $1 in
			-u)	_a="$_a -u $2"; shift 2 ;;
			*)	break ;;
			esac
		done
		_c=$1
		shift
		# shellcheck disable=SC2086
		podman exec $_a "doc-$_c" "$@" ;;
	stop)	podman stop "doc-$1" >/dev/null
		echo "$(podman inspect -f '{{.State.ExitCode}}' "doc-$1")" ;;
	*)	atf_fail "docker $_sub: not in the examples before" ;;
	esac
}

# run_block [CHECK]: the lines of ./block, an example's, in ./co; a line whose comment
# says what it prints ("exits N": the status of a stop) must print it,
# within 20 s (a server may still be starting).  CHECK, if given, runs
# before the last line.
run_block()
{
	cat block
	checkout
	_last=$(wc -l <block)
	_n=0
	while read -r line; do
		_n=$((_n + 1))
		[ $_n -lt "$_last" ] || [ -z "${1:-}" ] || $1
		cmd=$(printf '%s\n' "$line" | sed 's/[[:space:]]*# .*//')
		want=$(printf '%s\n' "$line" | sed -n 's/.*[[:space:]]# //p')
		case $cmd in
		"make static")	continue ;;	# make check-container's
		esac
		case $want in
		"exits "*)
			(cd co && eval "$cmd") >got 2>got.err ||
			    atf_fail "$cmd: $(cat got.err)"
			w=${want#exits }
			atf_check_equal "${w%%,*}" "$(cat got)" ;;
		"")	(cd co && eval "$cmd") >got 2>got.err ||
			    atf_fail "$cmd: $(cat got.err)" ;;
		*)	# An answer, or a log, that may take its time to come.
			w=${want#\"}
			w=${w%\"}
			printf '%s\n' "$w" >want
			ct_wait "(cd co && eval \"\$cmd\") 2>&1 | grep -qxF -f want" 20 ;;
		esac
	done <block
}

atf_test_case scratch_commands cleanup
scratch_commands_head()
{
	atf_set descr "examples/Dockerfile.scratch's commands: built and run," \
	    "the page comes back through -submit -wait, stop gives 143"
}
scratch_commands_body()
{
	sh "$SRCDIR/regress/doc/example.sh" examples/Dockerfile.scratch scratch \
	    >block
	run_block
}
scratch_commands_cleanup()
{
	ct_cleanup
}

atf_test_case debian_commands cleanup
debian_commands_head()
{
	atf_set descr "examples/Dockerfile.debian's commands: root's -u app" \
	    "and app's own submission both run as app, stop gives 143"
}
debian_commands_body()
{
	[ ! -f "$BUILD_DIR/container/nodebian" ] ||
	    atf_skip "no Debian image: $(cat "$BUILD_DIR/container/nodebian")"
	sh "$SRCDIR/regress/doc/example.sh" examples/Dockerfile.debian debian \
	    >block
	run_block
}
debian_commands_cleanup()
{
	ct_cleanup
}

# podman ARGS: as it is, but a Pod has no network here.
podman()
{
	if [ "$1 $2" = "play kube" ] && [ "$3" != --down ]; then
		shift 2
		command podman play kube --replace --network none "$@"
	else
		command podman "$@"
	fi
}

atf_test_case pod_commands cleanup
pod_commands_head()
{
	atf_set descr "examples/pod.yaml's commands under podman play kube:" \
	    "the sidecar's job runs in the main container as uid 1000 (the" \
	    "log says so), from a read-only root, and the Pod comes down"
}
pod_commands_body()
{
	sh "$SRCDIR/regress/doc/example.sh" examples/pod.yaml pod >block
	run_block pod_checks
}
pod_checks()
{
	atf_check -o match:'^job: uid 1000, pid 1 is dinit$' -e ignore \
	    podman logs dinit-sidecar-main
	atf_check -o ignore -e match:'submitted by uid 1000 gid 2000' \
	    podman logs dinit-sidecar-main
	atf_check -o inline:"true\n" podman inspect \
	    -f '{{.HostConfig.ReadonlyRootfs}}' dinit-sidecar-main
}
pod_commands_cleanup()
{
	command podman play kube --down "$SRCDIR/examples/pod.yaml" \
	    >/dev/null 2>&1 || :
}

atf_init_test_cases()
{
	atf_add_test_case scratch_commands
	atf_add_test_case debian_commands
	atf_add_test_case pod_commands
}
