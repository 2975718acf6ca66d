# Shared by bench/run-*.sh (source it; not a command). Functions:
#   build_jar               builds bench/target/benchmarks.jar unless SKIP_BUILD=1
#   results_dir SUFFIX      creates and prints bench/results/<UTC timestamp><SUFFIX>
#   write_env DIR           machine, JDK, commit, memory and writeback settings into DIR/env.txt
#   start_load_sampler DIR  samples the load every 10 s into DIR/load.txt until the script exits
#   begin_run SUFFIX        all of the above for one run: sets $jar and $out (the results folder)
# Run from the repository root.

build_jar() {
  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    ./mvnw -B -q -pl bench -am package -DskipTests
  fi
}

results_dir() {
  local dir
  dir=bench/results/$(date -u +%Y%m%dT%H%M%SZ)$1
  mkdir -p "$dir"
  echo "$dir"
}

write_env() {
  {
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git rev-parse HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (uncommitted changes)')"
    echo "nproc: $(nproc)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
    echo "memory: $(free -m | awk '/Mem:/ {print $2 " MiB total, " $7 " MiB available"}')"
    echo "kernel: $(uname -r)"
    echo "vm.dirty_background_ratio: $(cat /proc/sys/vm/dirty_background_ratio), vm.dirty_ratio: $(cat /proc/sys/vm/dirty_ratio)"
    echo "tmpdir filesystem: $(df -T "${TMPDIR:-/tmp}" | awk 'NR==2 {print $2 " on " $1}')"
    java -version 2>&1 | sed 's/^/java: /'
  } > "$1/env.txt"
}

# Other work on the machine skews every figure: sample the load while JMH runs (load.txt).
start_load_sampler() {
  ( while true; do
      echo "$(date -u +%H:%M:%S) loadavg $(cut -d' ' -f1-3 /proc/loadavg) busiest now:" \
        "$(top -b -n 1 -c -w 400 | sed -n '8,10p' | awk '{printf "%s%% %s | ", $9, substr($0, index($0, $12), 90)}')"
      sleep 10
    done ) > "$1/load.txt" &
  LOAD_SAMPLER=$!
  trap 'kill "$LOAD_SAMPLER" 2>/dev/null || true' EXIT
}

begin_run() {
  build_jar
  jar=bench/target/benchmarks.jar
  out=$(results_dir "$1")
  write_env "$out"
  start_load_sampler "$out"
}
