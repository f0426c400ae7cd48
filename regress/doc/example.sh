#!/bin/sh
# example.sh FILE NAME: the text of the example named NAME in FILE, as the
# reader sees it, on stdout; exit 1 if FILE names no such example.
#
# In Markdown an example is the fenced block that follows the line
#	<!-- example: NAME -->
# in mdoc the .Bd -literal ... .Ed block that follows the line
#	.\" example: NAME
# (with mdoc's escapes for '-', '\', and the zero-width '\&' undone).
# A test runs what this prints, so the page and the test cannot part.
[ $# -eq 2 ] || { echo "usage: example.sh FILE NAME" >&2; exit 2; }
awk -v name="$2" '
	BEGIN { md = "<!-- example: " name " -->"; man = ".\\\" example: " name }
	state == 0 && ($0 == md || $0 == man) { state = 1; next }
	state == 1 && /^```/ { state = 2; kind = "md"; next }
	state == 1 && /^\.Bd -literal/ { state = 2; kind = "man"; next }
	state == 1 { exit 3 }
	state == 2 && kind == "md" && /^```/ { found = 1; exit }
	state == 2 && kind == "man" && /^\.Ed/ { found = 1; exit }
	state == 2 {
		if (kind == "man") {
			gsub(/\\-/, "-"); gsub(/\\&/, ""); gsub(/\\\(aq/, "\047")
			gsub(/\\e/, "\\")
		}
		print
	}
	END { exit found ? 0 : 1 }
' "$1"
