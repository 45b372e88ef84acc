#!/usr/bin/env bash
# Demo: the controller as a MetalLB user meets it. An API stand-in (our Kubernetes API server
# with real semantics) and the controller bin run on loopback; kubectl applies MetalLB's CRDs,
# the webhook plumbing from deploy/controller and a MetalLB IPAddressPool; a Service of type
# LoadBalancer gets its EXTERNAL-IP; the webhook refuses an overlapping pool naming the field;
# and a controller restart keeps every IP. Loopback only; both processes stopped by PID on exit.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
standin="$repo/tools/apiserver-standin/dist/cli.js"
controller="$repo/apps/controller/dist/cli.js"
for f in "$standin" "$controller"; do
  [ -f "$f" ] || { echo "demo-controller: build first (npm run build)" >&2; exit 1; }
done

state=$(mktemp -d /tmp/blb-demo-controller.XXXXXX)
kc="$state/kubeconfig"
stop_pid() { local p; p=$(cat "$1" 2>/dev/null) || return 0; kill "$p" 2>/dev/null || true; for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; kill -9 "$p" 2>/dev/null || true; rm -f "$1"; }
cleanup() {
  stop_pid "$state/controller.pid"
  stop_pid "$state/standin.pid"
  rm -rf "$state"
}
trap cleanup EXIT
say() { printf '\n== %s\n' "$*"; }
k() { kubectl --kubeconfig "$kc" --cache-dir "$state/kube-cache" "$@"; }
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "timed out waiting for $what" >&2; return 1; }
    sleep 0.2
  done
}
log_port() { grep -m1 "\"msg\":\"$1\"" "$state/controller.log" | sed -E 's/.*"port":([0-9]+).*/\1/'; }
start_controller() {
  : > "$state/controller.log"
  node "$controller" --kubeconfig "$kc" --metrics-port 0 --webhook-port 0 --host 127.0.0.1 \
    --identity demo-controller --lease-duration 4 --renew-deadline 3 --retry-period 0.5 \
    2> "$state/controller.log" &
  echo $! > "$state/controller.pid"
  wait_for 30 "the controller's webhook" grep -q '"msg":"webhook server listening"' "$state/controller.log"
}

say "starting the API stand-in (kubectl and client-node talk to it as to a cluster)"
node "$standin" --port 0 --write-kubeconfig "$kc" > "$state/standin.out" &
echo $! > "$state/standin.pid"
wait_for 30 "the stand-in" grep -q 'listening on' "$state/standin.out"
cat "$state/standin.out"

say "kubectl apply: namespace, MetalLB's CRDs, the webhook Service and configuration"
k apply -f - <<'YAML'
apiVersion: v1
kind: Namespace
metadata: {name: metallb-system}
YAML
k apply -f "$repo/deploy/crds" | sed 's/^/  /'
k apply -f "$repo/deploy/controller/webhook.yaml"

say "starting baremetal-lb-controller (JSON logs in $state/controller.log)"
start_controller
webhook_port=$(log_port 'webhook server listening')
# In a cluster the Deployment's pod backs the webhook Service; here an EndpointSlice points
# the Service at the controller on loopback.
k apply -f - <<YAML
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: metallb-webhook-service-demo
  namespace: metallb-system
  labels: {kubernetes.io/service-name: metallb-webhook-service}
addressType: IPv4
endpoints: [{addresses: [127.0.0.1], conditions: {ready: true}}]
ports: [{name: webhook, port: $webhook_port, protocol: TCP}]
YAML
wait_for 30 "the webhook CA to be patched in" sh -c \
  "kubectl --kubeconfig '$kc' get validatingwebhookconfiguration metallb-webhook-configuration -o jsonpath='{.webhooks[0].clientConfig.caBundle}' | grep -q ."

say "kubectl apply: a MetalLB IPAddressPool (unchanged MetalLB YAML)"
k apply -f - <<'YAML'
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: {name: demo-pool, namespace: metallb-system}
spec:
  addresses: [192.0.2.100-192.0.2.110]
YAML

say "kubectl apply: a Service of type LoadBalancer"
k apply -f - <<'YAML'
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}]
YAML
k wait --for=jsonpath='{.status.loadBalancer.ingress[0].ip}'=192.0.2.100 svc/web --timeout=30s
k get svc web
k get ipaddresspools -n metallb-system
k get events --field-selector involvedObject.name=web -o custom-columns=TYPE:.type,REASON:.reason,MESSAGE:.message

say "kubectl apply: an overlapping pool is refused by the webhook, naming object and field"
if k apply -f - <<'YAML' 2> "$state/refused.txt"; then echo "the bad pool was accepted" >&2; exit 1; fi
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: {name: overlapping, namespace: metallb-system}
spec:
  addresses: [192.0.2.0/24]
YAML
sed 's/^/  /' "$state/refused.txt"

say "restarting the controller: it claims the IP in status and writes nothing"
rv_before=$(k get svc web -o jsonpath='{.metadata.resourceVersion}')
stop_pid "$state/controller.pid"
start_controller
wait_for 30 "the restarted controller's first pass" grep -q '"msg":"initial sync done"' "$state/controller.log"
grep -m1 '"msg":"initial sync done"' "$state/controller.log"
rv_after=$(k get svc web -o jsonpath='{.metadata.resourceVersion}')
k get svc web
[ "$rv_before" = "$rv_after" ] || { echo "the restart rewrote the Service ($rv_before -> $rv_after)" >&2; exit 1; }
echo "Service web unchanged by the restart (resourceVersion $rv_after)"
