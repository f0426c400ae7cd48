#!/bin/sh
# example.sh FILE NAME: the text of the example named NAME in FILE, as the
# reader sees it, on stdout; exit 1 if FILE names no such example.  FILE
# is a path, or one relative to the checkout (README.md, dinit.8,
# examples/Dockerfile.scratch).
#
# In Markdown an example is the fenced block that follows the line
#	<!-- example: NAME -->
# in mdoc the .Bd -literal ... .Ed block that follows the line
#	.\" example: NAME
# (with mdoc's escapes for '-', '\', and the zero-width '\&' undone);
# in a file of examples/ the comment lines "#<TAB>..." that follow
#	# example: NAME
# (without their "#<TAB>").
# A test runs what this prints, so the page and the test cannot part.
[ $# -eq 2 ] || { echo "usage: example.sh FILE NAME" >&2; exit 2; }
f=$1
[ -f "$f" ] || f=$(dirname "$0")/../../$1
awk -v name="$2" '
	BEGIN { md = "<!-- example: " name " -->"; man = ".\\\" example: " name
		sh = "# example: " name }
	state == 0 && ($0 == md || $0 == man) { state = 1; next }
	state == 0 && $0 == sh { state = 2; kind = "sh"; next }
	state == 1 && /^```/ { state = 2; kind = "md"; next }
	state == 1 && /^\.Bd -literal/ { state = 2; kind = "man"; next }
	state == 1 { exit 3 }
	state == 2 && kind == "md" && /^```/ { found = 1; exit }
	state == 2 && kind == "man" && /^\.Ed/ { found = 1; exit }
	state == 2 && kind == "sh" && !/^#\t/ { found = 1; exit }
	state == 2 {
		if (kind == "man") {
			gsub(/\\-/, "-"); gsub(/\\&/, ""); gsub(/\\\(aq/, "\047")
			gsub(/\\e/, "\\")
		}
		if (kind == "sh")
			sub(/^#\t/, "")
		print
	}
	END { exit found || (state == 2 && kind == "sh") ? 0 : 1 }
' "$f"
