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
# cache's store. "serve-cold" and "serve-warm" time `disclose serve`
# from its start until a report page answers 200 ("wall s"), with an
# empty cache folder and with the one the builds before it filled; the
# row "...-all" after each is the time until serve's first build of the
# whole site finished ("first build →"), with its CPU time and the
# peak memory of the process (VmHWM) by then. "serve-edit" then starts
# serve with the warm cache folder again, opens the event stream of a
# report page as a browser does, and appends a line to that report's
# narrative 10 times: the time from each write to the reload event
# (p50 and max, printed below the table).
#
#   scripts/bench.sh                 1k, 5k and 10k reports
#   scripts/bench.sh -20k            and 20k reports
#   scripts/bench.sh -sizes "1000"   only these sizes (reports; bureaus × 5 years)
#   scripts/bench.sh -touch          also a build after one report was edited
#                                    (that bureau is rendered again, the others
#                                    are kept from the last build), and "clone"
#   scripts/bench.sh -serve          serve's first page, cold and warm, and
#                                    edit → reload (steps serve-cold build
#                                    serve-warm serve-edit)
#   scripts/bench.sh -steps "serve-warm serve-edit" -nobuild
#                                    only these steps, with the binaries of
#                                    the last run (a rebuilt binary is a new
#                                    program: the cache folder's entries of
#                                    the old one do not count for it)
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
nobuild=""
while [ $# -gt 0 ]; do
	case "$1" in
	-20k) sizes="$sizes 20000" ;;
	-sizes) sizes="$2"; shift ;;
	-touch) steps="build rebuild touched clone check check-cached" ;;
	-serve) steps="serve-cold build serve-warm serve-edit" ;;
	-steps) steps="$2"; shift ;;
	-nobuild) nobuild=1 ;;
	-out) outdir="$2"; shift ;;
	*) echo "usage: $0 [-20k] [-touch] [-serve] [-steps "build serve-warm"] [-nobuild] [-sizes \"1000 5000\"] [-out DIR]" >&2; exit 2 ;;
	esac
	shift
done

work=${BENCH_DIR:-/tmp/disclose-bench}
mkdir -p "$work/bin"

if [ ! -x /usr/bin/time ]; then
	echo "installing GNU time (Debian package time) for peak memory figures" >&2
	apt-get install -y time >/dev/null
fi

if [ -z "$nobuild" ] || [ ! -x "$work/bin/disclose" ]; then
	go build -o "$work/bin/disclose" ./cmd/disclose
	go build -o "$work/bin/disclose-synth" ./cmd/disclose-synth
fi

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

# serve_first CACHE: starts `disclose serve` on the site in $dir with
# the cache folder CACHE and a free port, asks for a report page until it
# answers 200, then waits for the first build of the whole site to end.
# Sets first (seconds from the start to the page), wall (to the end of
# the first build), cpu (user + system seconds by then) and rss (peak
# MiB by then, /proc/PID/status VmHWM); then stops serve.
serve_first() {
	local cache=$1 log="$work/serve.txt" url="" pid t0 code
	local page
	page="$(basename "$(ls -d "$dir"/content/*/ | head -1)")/2023/"
	command -v curl >/dev/null || { echo "serve steps need curl" >&2; exit 1; }
	# The last serve's log goes first: the shell empties it only once
	# serve has started, and its address read before that is a dead one.
	: >"$log"
	t0=$(date +%s%N)
	"$work/bin/disclose" serve --lang en --source "$dir" --cache-dir "$cache" --port 0 >"$log" 2>"$work/stderr.txt" &
	pid=$!
	alive() { kill -0 "$pid" 2>/dev/null || { echo "serve exited:" >&2; tail -5 "$work/stderr.txt" >&2; exit 1; }; }
	# serve prints "serving DIR at URL (watching ...)" once it listens.
	while [ -z "$url" ]; do
		alive
		url=$(sed -n 's/^serving .* at \(http:[^ ]*\) (.*/\1/p' "$log")
		sleep 0.01
	done
	until code=$(curl -s -o /dev/null -w '%{http_code}' "$url$page") && [ "$code" = 200 ]; do
		alive
		sleep 0.01
	done
	first=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
	until grep -q 'first build' "$log"; do alive; sleep 0.05; done
	wall=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
	rss=$(awk '/^VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
	cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$pid/stat")
	kill -INT "$pid"
	wait "$pid" || true
}

# serve_edits CACHE N: starts serve with the cache folder CACHE, waits
# for its first build, follows a report page's event stream, appends a
# line to the report's narrative N times, and sets edits to a line of
# p50 and max milliseconds from a write to the reload event.
serve_edits() {
	local cache=$1 n=$2 log="$work/serve.txt" url="" pid slug md token events="$work/events.txt" origin
	local -a lat=()
	slug=$(basename "$(ls -d "$dir"/content/*/ | head -1)")
	md="$dir/content/$slug/2023.md"
	: >"$log" # as in serve_first
	"$work/bin/disclose" serve --lang en --source "$dir" --cache-dir "$cache" --port 0 >"$log" 2>"$work/stderr.txt" &
	pid=$!
	while [ -z "$url" ] || ! grep -q 'first build' "$log"; do
		kill -0 "$pid" 2>/dev/null || { echo "serve exited:" >&2; tail -5 "$work/stderr.txt" >&2; exit 1; }
		url=$(sed -n 's/^serving .* at \(http:[^ ]*\) (.*/\1/p' "$log")
		sleep 0.05
	done
	origin=$(sed 's#^\(http://[^/]*\).*#\1#' <<<"$url")
	token=$(curl -s "$url$slug/2023/" | sed -n 's/.*data-token="\([^"]*\)".*/\1/p')
	curl -sN "$origin/_disclose/events?page=$slug/2023/index.html&token=$token" >"$events" &
	local reader=$!
	cp "$md" "$work/narrative.md"
	for i in $(seq 1 "$n"); do
		sleep 0.5 # the previous rebuild is over, and its batch closed
		local t0 t1
		t0=$(date +%s%N)
		printf '\n\n编辑 %d。\n' "$i" >>"$md"
		until [ "$(grep -c '^event: reload' "$events")" -ge "$i" ]; do sleep 0.002; done
		t1=$(date +%s%N)
		lat+=($(((t1 - t0) / 1000000)))
	done
	cp "$work/narrative.md" "$md"
	kill "$reader" 2>/dev/null || true
	kill -INT "$pid"
	wait "$pid" || true
	edits=$(printf '%s\n' "${lat[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "p50 %d ms, max %d ms (%d edits; polled every 2 ms)", v[int((NR + 1) / 2)], v[NR], NR }')
}

echo "# disclose at scale: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(go version | cut -d' ' -f3)"
echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '| %7s | %-14s | %8s | %8s | %8s | %10s | %9s |\n' reports step "wall s" "CPU s" pages "pages/s" "peak MiB"
printf '|%s|%s|%s|%s|%s|%s|%s|\n' "--------:" "----------------" "---------:" "---------:" "---------:" "-----------:" "----------:"
rm -f "$work/edits.txt"
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
	# A size writes up to four copies of its site (the build, the clone,
	# the cache folder, serve's cache folder: ~0.6 GB each a thousand
	# reports) besides what the sizes before it moved aside. A full disk
	# breaks more than this script (every shell on the machine could not
	# write its temporary files the one time it happened), so stop first.
	need=$((n * 26 / 10000)) # GB: four copies and a tenth to spare
	free=$(df -P -BG "${outdir:-$work}" | awk 'NR == 2 { sub(/G$/, "", $4); print $4 }')
	if [ "$free" -lt "$need" ]; then
		echo "bench.sh: $n reports need about $need GB free under ${outdir:-$work}, $free GB are; free some (e.g. older sizes' public-* and cache-* folders there) or measure fewer sizes" >&2
		exit 1
	fi
	cache="$work/cache-r$n"
	case $steps in
	build* | serve-cold*) # from nothing; else (-steps) with what the last run left
		if [ -e "$dest" ]; then mv "$dest" "$trash/$(date +%s%N)"; fi
		rm -rf "$cache" "${outdir:-$dir}/public-clone-r$n"
		;;
	esac
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
		serve-cold | serve-warm)
			c=$cache
			if [ $step = serve-cold ]; then c="$work/cache-serve-r$n"; rm -rf "$c"; fi
			serve_first "$c"
			printf '| %7s | %-14s | %8s | %8s | %8s | %10s | %9s |\n' "$n" "$step" "$first" - - - -
			step=$step-all
			shown="-"
			;;
		serve-edit)
			serve_edits "$cache" 10
			echo "# serve-edit r$n: write → reload event $edits" >>"$work/edits.txt"
			continue
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
		rate=$(awk -v p="$pages" -v w="$wall" -v s="$step" 'BEGIN { if (s ~ /^(check|serve)/ || s == "rebuild" || s == "touched" || s == "clone" || w == 0) print "-"; else printf "%.0f", p / w }')
		case $step in check*) shown="-" ;; esac
		printf '| %7s | %-14s | %8s | %8s | %8s | %10s | %9s |\n' "$n" "$step" "$wall" "$cpu" "$shown" "$rate" "$rss"
	done
	# What a later size or run does not need goes before the next size
	# measures: its clone (a later clone step starts from none) and serve's
	# cold cache folder. The build and its cache folder stay for -nobuild.
	rm -rf "${outdir:-$dir}/public-clone-r$n" "$work/cache-serve-r$n" "$trash"
done
rm -rf "${outdir:-$work}/trash" "$work"/cache-serve-r*
if [ -f "$work/edits.txt" ]; then cat "$work/edits.txt"; rm -f "$work/edits.txt"; fi
du -sh "$work"/cache-r* 2>/dev/null | sed 's/^/# cache folder: /' 
