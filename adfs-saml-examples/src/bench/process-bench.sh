#!/usr/bin/env bash
# Process-level benchmarks of the CLI jar against the testkit's AD FS + STS emulators running in their own process
# (org.adfssaml.bench.EmulatorLauncher). Results and method: BENCHMARKS.md at the repository root.
#
#   ./mvnw -B -q -Pbench -pl adfs-saml-examples -am package -DskipTests
#   adfs-saml-examples/src/bench/process-bench.sh            # RUNS=10 by default; OUT=dir to keep the results
#
# Needs: hyperfine (Debian: apt-get install -y hyperfine), GNU time (/usr/bin/time), curl, python3.
# Sections: cold login (JVM flag variants, plain java -jar with and without its relaunch), cold-time breakdown, cached credential-process time and peak RSS,
# HTTP requests per CLI sign-in, 32 concurrent credential-process with an empty cache.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
CLI_JAR=${CLI_JAR:-$root/adfs-saml-examples/target/adfs-saml.jar}
BENCH_JAR=${BENCH_JAR:-$root/adfs-saml-examples/target/benchmarks.jar}
JAVA=${JAVA:-java}
RUNS=${RUNS:-10}
CONCURRENT=${CONCURRENT:-32}
ROUNDS=${ROUNDS:-3}
OUT=${OUT:-$(mktemp -d /tmp/adfs-saml-bench.XXXXXX)}
mkdir -p "$OUT/emu" "$OUT/home"
for f in "$CLI_JAR" "$BENCH_JAR"; do
  [[ -f $f ]] || { echo "missing $f: build with ./mvnw -B -q -Pbench -pl adfs-saml-examples -am package -DskipTests" >&2; exit 2; }
done
summary=$OUT/summary.md
: > "$summary"
say() { echo "$*" | tee -a "$summary"; }

"$JAVA" -cp "$BENCH_JAR" org.adfssaml.bench.EmulatorLauncher "$OUT/emu" > "$OUT/emu.log" 2>&1 &
launcher=$!
trap 'kill $launcher 2>/dev/null || true' EXIT
for _ in $(seq 1 360); do [[ -f $OUT/emu/env ]] && break; sleep 0.5; done  # the emulators warm up first (about 20 s)
[[ -f $OUT/emu/env ]] || { cat "$OUT/emu.log" >&2; exit 1; }
# shellcheck disable=SC1091
source "$OUT/emu/env"

export HOME=$OUT/home AWS_CONFIG_FILE=$OUT/home/config AWS_SHARED_CREDENTIALS_FILE=$OUT/home/credentials
export ADFS_PASSWORD=$BENCH_PASSWORD
CA=$OUT/emu/adfs-ca.pem
SIGNING=$OUT/emu/adfs-signing.pem
login_args="login --idp-url $IDP_URL --ca-bundle $CA --sts-endpoint $STS_URL --region us-east-1 --username 'EXAMPLE\\bench' --role-arn $ROLE_ARN"
login() { echo "$JAVA $1 -jar $CLI_JAR $login_args"; }
cp_cmd() { echo "$JAVA $1 -jar $CLI_JAR credential-process --profile bench"; }
stat_of() { curl -fsS "$CONTROL_URL/stats" | sed -n "s/^$1=//p"; }

hf_table() { # hyperfine JSON -> Markdown rows: name, median, mean ± sd, min..max (ms)
  python3 - "$1" <<'PY' | tee -a "$summary"
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    t = sorted(r["times"])
    print("| %s | %.0f | %.0f ± %.0f | %.0f .. %.0f | %d |" % (r["command"], r["median"]*1e3, r["mean"]*1e3,
          (r["stddev"] or 0)*1e3, r["min"]*1e3, r["max"]*1e3, len(t)))
PY
}
hf_head() { say "| variant | median ms | mean ± sd ms | min .. max ms | runs |"; say "| --- | --- | --- | --- | --- |"; }

# this VM's speed drifts by up to 1.7x within an hour: a fixed CPU-bound loop, timed before and after, says how fast
# the machine was during the run (0.36 to 0.44 s on a fast stretch, 0.6 to 0.8 s on a slow one)
calibrate() { /usr/bin/time -f %e python3 -c "sum(i*i for i in range(3*10**6))" 2>&1 >/dev/null | tail -1; }
say "# process-bench $(date -u +%FT%TZ) on $(uname -n), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
say "machine speed before: python loop $(calibrate) s, $(calibrate) s"
say "java: $("$JAVA" -version 2>&1 | head -2 | tail -1)"
say

# the profile and AppCDS archive a user gets from `configure`: the classes a training run of `demo` loads
# (-XX:DumpLoadedClassList), dumped into a static archive (-Xshare:dump), and the options below in the
# credential_process line and in the launcher ~/.aws/adfs-saml/bin/adfs-saml
"$JAVA" -jar "$CLI_JAR" configure --profile bench --idp-url "$IDP_URL" --ca-bundle "$CA" --username 'EXAMPLE\bench' \
  --role-arn "$ROLE_ARN" --sts-endpoint "$STS_URL" --region us-east-1 > "$OUT/configure.txt" 2>&1
JSA=$(ls "$HOME"/.aws/adfs-saml/cds/*.jsa | head -1)
say "AppCDS archive built by configure: $(du -h "$JSA" | cut -f1) ($JSA)"
LINE=$(sed -n 's/^credential_process = //p' "$AWS_CONFIG_FILE")
say "credential_process line: $LINE"
LINE_JVM=${LINE% credential-process --profile bench}  # the line's java, options and class path, as configure wrote them
# an archive that no longer matches the jar makes the JVM print a warning on STDOUT, which would corrupt
# credential_process JSON: the -Xlog options keep it quiet (the JVM then simply runs without the archive)
CDS="-XX:SharedArchiveFile=$JSA -Xlog:cds=off -Xlog:cds+dynamic=off"
C1="-XX:TieredStopAtLevel=1"

LAUNCHER=$HOME/.aws/adfs-saml/bin/adfs-saml
say "launcher written by configure: $(tail -1 "$LAUNCHER")"
say; say "## cold login (whole process, fresh JVM each run, one sign-in + one AssumeRoleWithSAML; the IdP's signing"
say "## certificates from ~/.aws/adfs-saml/metadata, as for every login after the first in 24 h)"; hf_head
hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$OUT/login.json" \
  -n "plain java -jar (relaunches itself with the options of configure)" "$(login "")" \
  -n "plain java -jar in one JVM (ADFS_SAML_RELAUNCH=false)" "env ADFS_SAML_RELAUNCH=false $(login "")" \
  -n "C1 only (TieredStopAtLevel=1)" "$(login "$C1")" \
  -n "AppCDS + C1" "$(login "$CDS $C1")" \
  -n "the credential_process line of configure (AppCDS, C1, no inlining, 1 compiler thread)" "$LINE_JVM $login_args" \
  -n "launcher (~/.aws/adfs-saml/bin/adfs-saml login)" "$LAUNCHER $login_args" > "$OUT/login.txt"
hf_table "$OUT/login.json"

say; say "## first cold login (no metadata cache: one more GET, of FederationMetadata.xml)"; hf_head
hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$OUT/login-first.json" \
  --prepare "rm -rf $HOME/.aws/adfs-saml/metadata" \
  -n "plain java -jar (relaunches itself)" "$(login "")" \
  -n "launcher (~/.aws/adfs-saml/bin/adfs-saml login)" "$LAUNCHER $login_args" > "$OUT/login-first.txt"
hf_table "$OUT/login-first.json"

say; say "## cold-time breakdown: processes that stop earlier"; hf_head
echo "x" > "$OUT/notsaml.txt"
hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$OUT/steps.json" -i \
  -n "java -version (bare JVM)" "$JAVA -version" \
  -n "java -jar adfs-saml.jar --version (JVM + jar + picocli)" "$JAVA -jar $CLI_JAR --version" \
  -n "inspect response (+ OpenSAML init, parse, validate)" "$JAVA -jar $CLI_JAR inspect $OUT/emu/response.b64 --trust-cert $SIGNING" \
  -n "login (+ TLS, AD FS round trips, STS, credentials file)" "env ADFS_SAML_RELAUNCH=false $(login "")" > "$OUT/steps.txt"
hf_table "$OUT/steps.json"

say; say "## cold-time breakdown: one instrumented cold sign-in (ColdBreakdown, 3 fresh JVMs)"
for i in 1 2 3; do
  say; say "run $i:"
  "$JAVA" -cp "$BENCH_JAR" org.adfssaml.bench.ColdBreakdown "$OUT/emu" 2>> "$OUT/breakdown.err" | tee -a "$summary"
done

say; say "## classes loaded by one cold login (-Xlog:class+load)"
eval "$(login "-Xlog:class+load:file=$OUT/classload.txt")" > /dev/null
python3 - "$OUT/classload.txt" <<'PY' | tee -a "$summary"
import collections, re, sys
groups = collections.Counter(); shared = 0; total = 0
prefixes = ["org.opensaml", "net.shibboleth", "org.apache.xml", "org.apache.xerces", "software.amazon", "org.apache.hc",
            "org.jsoup", "org.bouncycastle", "org.cryptacular", "picocli", "org.slf4j", "org.adfssaml", "com.google",
            "org.codehaus", "com.ctc", "org.w3c", "javax.", "java.", "jdk.", "sun.", "com.sun."]
for line in open(sys.argv[1]):
    m = re.search(r"\] (\S+) source: (.*)$", line)
    if not m:
        continue
    total += 1
    name, source = m.groups()
    shared += "shared objects file" in source
    groups[next((p for p in prefixes if name.startswith(p)), "other")] += 1
print("total %d classes, %d from a CDS archive (default JDK archive only in this run)" % (total, shared))
print()
print("| package prefix | classes |")
print("| --- | --- |")
for k, v in groups.most_common():
    print("| %s | %d |" % (k, v))
PY

say; say "## --verbose log of one cold login, milliseconds since the first log line"
eval "$(login "-Dorg.slf4j.simpleLogger.showDateTime=true") --verbose" > /dev/null 2> "$OUT/verbose.log" || true
sed -e 's/^/    /' "$OUT/verbose.log" | grep -v -i "secret\|token" | head -40 | tee -a "$summary"

say; say "## HTTP requests of one CLI login (AD FS emulator request log, $PAGE_STYLE pages)"
curl -fsS "$CONTROL_URL/clear" > /dev/null
before=$(stat_of assumeRoleCalls)
eval "$(login "")" > /dev/null
say "    $(curl -fsS "$CONTROL_URL/stats" | tr '\n' ' ')"
say "    STS AssumeRoleWithSAML calls: $(( $(stat_of assumeRoleCalls) - before ))"

# credential-process: the profile written by configure above, then a warm cache
eval "$(cp_cmd "")" > "$OUT/cp-first.json"
say; say "## cached credential-process (cache warm, no network)"; hf_head
hyperfine --style none --warmup 2 --runs "$RUNS" --export-json "$OUT/cp.json" \
  -n "default" "$(cp_cmd "")" \
  -n "C1 only (TieredStopAtLevel=1)" "$(cp_cmd "$C1")" \
  -n "the options of configure" "$LINE" > "$OUT/cp.txt"
hf_table "$OUT/cp.json"

rss() { # median and max of peak RSS (MB) over RUNS runs of a command
  local cmd=$1 f=$OUT/rss.$RANDOM
  for _ in $(seq 1 "$RUNS"); do
    eval "/usr/bin/time -f %M -o $f.one $cmd" > /dev/null 2>&1; cat "$f.one" >> "$f"
  done
  python3 -c "import statistics,sys; v=[int(x)/1024 for x in open('$f')]; print('%.0f | %.0f .. %.0f' % (statistics.median(v), min(v), max(v)))"
}
say; say "## peak RSS (GNU time %M, $RUNS runs each)"
say "| command | median MB | min .. max MB |"; say "| --- | --- | --- |"
say "| credential-process cached, default | $(rss "$(cp_cmd "")") |"
say "| credential-process cached, configure options | $(rss "$LINE") |"
say "| login cold, plain java -jar (parent and relaunched child) | $(rss "$(login "")") |"
say "| login cold, plain java -jar in one JVM | $(rss "env ADFS_SAML_RELAUNCH=false $(login "")") |"
say "| login cold, configure options | $(rss "$LINE_JVM $login_args") |"

say; say "## $CONCURRENT credential-process at once, empty cache ($ROUNDS rounds)"
say "| round | JVM flags | ok | sign-ins on AD FS | AssumeRoleWithSAML | distinct access keys | p50 ms | p95 ms | max ms |"
say "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
concurrent_round() { # $1 round label, $2 the command (split into words), $3 its name
  rm -rf "$HOME/.aws/adfs-saml/cache"
  curl -fsS "$CONTROL_URL/clear" > /dev/null
  local before dir pids=()
  before=$(stat_of assumeRoleCalls)
  dir=$OUT/concurrent.$1; mkdir -p "$dir"
  for i in $(seq 1 "$CONCURRENT"); do
    (
      start=$(date +%s%N)
      set +e
      # shellcheck disable=SC2086
      $2 > "$dir/out.$i" 2> "$dir/err.$i"
      rc=$?
      echo "$i $rc $(( ($(date +%s%N) - start) / 1000000 ))" > "$dir/lat.$i"
    ) &
    pids+=($!)
  done
  wait "${pids[@]}" || true
  python3 - "$dir" "$CONCURRENT" "$1" "$3" "$(stat_of signIns)" "$(( $(stat_of assumeRoleCalls) - before ))" <<'PY' | tee -a "$summary"
import glob, json, sys
d, n, rnd, flags, signins, assumes = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
lat, ok, keys = [], 0, set()
for f in glob.glob(d + "/lat.*"):
    i, rc, ms = open(f).read().split()
    lat.append(int(ms))
    if rc == "0":
        ok += 1
        keys.add(json.load(open(d + "/out." + i))["AccessKeyId"])
lat.sort()
p = lambda q: lat[min(len(lat) - 1, int(round(q * (len(lat) - 1))))]
print("| %s | %s | %d/%d | %s | %s | %d | %d | %d | %d |" % (rnd, flags, ok, n, signins, assumes, len(keys), p(0.5), p(0.95), lat[-1]))
PY
}
for round in $(seq 1 "$ROUNDS"); do concurrent_round "$round" "$(cp_cmd "")" "default"; done
concurrent_round "$((ROUNDS + 1))" "$LINE" "configure options"

say; say "machine speed after: python loop $(calibrate) s, $(calibrate) s"
say; say "raw results: $OUT"
