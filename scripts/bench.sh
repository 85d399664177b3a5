#!/usr/bin/env bash
# bench.sh measures `disclose` at portal scale on synthetic content
# (cmd/disclose-synth): for each size it times a full build, a second
# build with nothing changed, and `check`, and prints one table of wall
# time, CPU time, pages per second and peak memory (from /usr/bin/time -v).
# "build" is cold: an empty cache folder (--cache-dir). "check" reads
# every bureau (--no-cache); "check-cached" is a check after one that
# filled the cache, with nothing changed. "clone" is a build into a new
# destination with the cache folder of the builds before it, as a fresh
# clone in CI with its cache restored: every bureau written from the
# cache's store.
#
#   scripts/bench.sh                 1k, 5k and 10k reports
#   scripts/bench.sh -20k            and 20k reports
#   scripts/bench.sh -sizes "1000"   only these sizes (reports; bureaus × 5 years)
#   scripts/bench.sh -touch          also a build after one report was edited
#                                    (that bureau is rendered again, the others
#                                    are kept from the last build), and "clone"
#   scripts/bench.sh -out /dev/shm/x write the sites there (e.g. to memory, to
#                                    tell the program's time from the disk's;
#                                    it must hold all sizes, ~0.4 GB per 1k)
#
# Content is generated once into $BENCH_DIR (default /tmp/disclose-bench)
# and reused by later runs; delete the folder to start afresh.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes="1000 5000 10000"
steps="build rebuild check check-cached"
outdir=""
while [ $# -gt 0 ]; do
	case "$1" in
	-20k) sizes="$sizes 20000" ;;
	-sizes) sizes="$2"; shift ;;
	-touch) steps="build rebuild touched clone check check-cached" ;;
	-out) outdir="$2"; shift ;;
	*) echo "usage: $0 [-20k] [-touch] [-sizes \"1000 5000\"] [-out DIR]" >&2; exit 2 ;;
	esac
	shift
done

work=${BENCH_DIR:-/tmp/disclose-bench}
mkdir -p "$work/bin"

if [ ! -x /usr/bin/time ]; then
	echo "installing GNU time (Debian package time) for peak memory figures" >&2
	apt-get install -y time >/dev/null
fi

go build -o "$work/bin/disclose" ./cmd/disclose
go build -o "$work/bin/disclose-synth" ./cmd/disclose-synth

# measure LABEL CMD...: runs CMD under /usr/bin/time -v and sets wall,
# cpu (user + system, seconds), rss (MiB) and out (its standard output).
measure() {
	local stats="$work/time.txt"
	out=$(/usr/bin/time -v -o "$stats" "$@" 2>"$work/stderr.txt") || {
		echo "failed: $*" >&2; tail -5 "$work/stderr.txt" >&2; exit 1
	}
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
		n = split($2, p, ":"); s = 0
		for (i = 1; i <= n; i++) s = s * 60 + p[i]
		printf "%.2f", s }' "$stats")
	cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u + s}' "$stats")
	rss=$(awk -F': ' '/Maximum resident set size/ {printf "%d", $2 / 1024}' "$stats")
}

echo "# disclose at scale: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(go version | cut -d' ' -f3)"
echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '| %7s | %-12s | %8s | %8s | %8s | %10s | %9s |\n' reports step "wall s" "CPU s" pages "pages/s" "peak MiB"
printf '|%s|%s|%s|%s|%s|%s|%s|\n' "--------:" "--------------" "---------:" "---------:" "---------:" "-----------:" "----------:"
for n in $sizes; do
	dir="$work/r$n"
	if [ ! -f "$dir/content/site.toml" ]; then
		rm -rf "$dir"
		"$work/bin/disclose-synth" -bureaus $((n / 5)) -years 5 -seed 1 -out "$dir" >/dev/null
	fi
	dest=${outdir:-$dir}/public-r$n
	# The previous site is moved aside, not deleted, and removed when
	# the script ends: a filesystem may be slow to reuse the inodes of
	# files deleted a moment ago (ext4 without a journal skips them for
	# minutes), which would be measured as part of the first build.
	trash=${outdir:-$work}/trash
	mkdir -p "$trash"
	if [ -e "$dest" ]; then mv "$dest" "$trash/$(date +%s%N)"; fi
	cache="$work/cache-r$n"
	rm -rf "$cache" "${outdir:-$dir}/public-clone-r$n"
	pages=0
	for step in $steps; do
		case $step in
		build | rebuild | touched | clone)
			to=$dest
			if [ $step = touched ]; then
				echo "编辑 $(date +%s%N)。" >>"$dir/content/$(ls "$dir/content" | sed -n 2p)/2023.md"
			fi
			if [ $step = clone ]; then to=${outdir:-$dir}/public-clone-r$n; fi
			measure "$work/bin/disclose" build --lang en --source "$dir" --destination "$to" --cache-dir "$cache"
			pages=$(sed -n 's/.* \([0-9][0-9,]*\) pages.*/\1/p' <<<"$out" | tr -d ,)
			shown=$pages
			;;
		check)
			measure "$work/bin/disclose" check --lang en --no-cache --source "$dir"
			shown="-"
			;;
		check-cached)
			XDG_CACHE_HOME="$work/cache" "$work/bin/disclose" check --source "$dir" >/dev/null 2>&1 || true
			XDG_CACHE_HOME="$work/cache" measure "$work/bin/disclose" check --source "$dir"
			shown="-"
			;;
		esac
		# A rebuild with nothing changed renders nothing, and one after a
		# touch only a bureau and the whole-site pages: no rate.
		rate=$(awk -v p="$pages" -v w="$wall" -v s="$step" 'BEGIN { if (s ~ /^check/ || s == "rebuild" || s == "touched" || s == "clone" || w == 0) print "-"; else printf "%.0f", p / w }')
		case $step in check*) shown="-" ;; esac
		printf '| %7s | %-12s | %8s | %8s | %8s | %10s | %9s |\n' "$n" "$step" "$wall" "$cpu" "$shown" "$rate" "$rss"
	done
done
rm -rf "${outdir:-$work}/trash"
du -sh "$work"/cache-r* 2>/dev/null | sed 's/^/# cache folder: /' 
