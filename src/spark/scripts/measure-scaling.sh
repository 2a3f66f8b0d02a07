#!/usr/bin/env bash
# The scaling figures of docs/audit-spark.md: one audit (MODEL over the first LIMIT documents of a
# seeded sample of DATA, every section) run by the local engine (1 and 2 threads), by Spark on
# local[1] and local[2], and by a standalone cluster of one master and two one-core workers on
# 127.0.0.1 (spark-submit of the job jar), each into a fresh folder; prints each run's figures.
# Needs the Spark build: mvn -Pspark -DskipTests package.   Usage: measure-scaling.sh [MODEL] [DATA] [LIMIT]
set -euo pipefail
cd "$(dirname "$0")/../../.."
model=${1:-sst2-bilstm}; data=${2:-sst2:test}; limit=${3:-48}
wb=target/spark/workbench/bin/workbench
jars=$(pwd)/target/spark/spark-jars
job=$(pwd)/target/spark/attention-workbench-spark-job.jar
[ -x "$wb" ] && [ -f "$job" ] || { echo "build first: mvn -Pspark -DskipTests package" >&2; exit 1; }
work=$(mktemp -d /tmp/workbench-scaling.XXXXXX)
opens=$(sed -n 's:.*<spark.jvm.options>\(.*\)</spark.jvm.options>.*:\1:p' pom.xml)
common=(audit -m "$model" --data "$data" --limit "$limit" --no-progress)
run() { # name, command...
  local name=$1; shift
  echo "== $name (load $(cut -d' ' -f1-3 /proc/loadavg))"
  local t0=$(date +%s.%N)
  "$@" > "$work/$name.log" 2>&1 || { tail -20 "$work/$name.log"; return 1; }
  echo "   wall $(echo "$(date +%s.%N) - $t0" | bc) s"
  grep -E "documents/s|resident|executor " "$work/$name.log" | sed 's/^/   /'
}
run local-threads1 "$wb" "${common[@]}" --threads 1 --out "$work/local1"
run local-threads2 "$wb" "${common[@]}" --threads 2 --out "$work/local2"
run spark-local1 "$wb" "${common[@]}" --engine spark --master 'local[1]' --out "$work/spark1"
run spark-local2 "$wb" "${common[@]}" --engine spark --master 'local[2]' --out "$work/spark2"

# The standalone cluster: Spark's own Master and Worker classes, a SPARK_HOME whose jars/ are the
# Maven artifacts (target/spark/spark-jars).
mkdir -p "$work/home" && ln -s "$jars" "$work/home/jars"
export SPARK_HOME=$work/home SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
pids=()
trap 'for p in "${pids[@]}"; do pkill -TERM -P "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done' EXIT
java -Xmx512m $opens -cp "$jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 17077 --webui-port 18080 > "$work/master.log" 2>&1 & pids+=($!)
sleep 5
for w in 1 2; do
  java -Xmx512m $opens -cp "$jars/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 3g \
    --webui-port $((18080 + w)) --work-dir "$work/worker$w" spark://127.0.0.1:17077 > "$work/worker$w.log" 2>&1 & pids+=($!)
done
for i in $(seq 60); do
  [ "$(curl -s http://127.0.0.1:18080/json/ | grep -o '"aliveworkers" : [0-9]*' | grep -o '[0-9]*$')" = 2 ] && break; sleep 1
done
run standalone-2workers java -Xmx1g $opens -cp "$jars/*" org.apache.spark.deploy.SparkSubmit \
  --master spark://127.0.0.1:17077 --class org.attentionworkbench.cli.Main \
  --conf spark.driver.host=127.0.0.1 --conf spark.executor.cores=1 --conf spark.executor.memory=1g \
  --conf spark.executor.memoryOverhead=1g --conf spark.cores.max=2 \
  --conf spark.scheduler.minRegisteredResourcesRatio=1.0 \
  "$job" "${common[@]}" --engine spark --out "$work/standalone"
echo "logs and outputs: $work"
