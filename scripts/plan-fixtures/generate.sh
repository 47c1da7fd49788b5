#!/usr/bin/env bash
# Regenerates the plan and state fixtures with real Terraform and the real AWS provider, offline:
# `plan -refresh=false` of create-only resources and of a hand-written state needs no AWS API.
# Run scripts/plan-fixtures/build-tools.sh first. The JSON is pretty-printed (same content as
# `terraform show -json` writes on one line) so that fixture expectations can name lines.
set -euo pipefail
P=${PLAN_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/iac-mq-lint-plan-tools}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TF=$P/bin/terraform
[ -x "$TF" ] && [ -x "$P/bin/terraform-provider-aws" ] || { echo "run scripts/plan-fixtures/build-tools.sh first" >&2; exit 1; }
CONFIG=$(mktemp)
printf 'provider_installation {\n  dev_overrides {\n    "hashicorp/aws" = "%s/bin"\n  }\n  direct {}\n}\n' "$P" > "$CONFIG"
export TF_CLI_CONFIG_FILE=$CONFIG CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

pretty() { python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), indent=2))'; }

# fixture directory → what to write there
plan_fixture() {
  local fixture=$ROOT/$1 work
  work=$(mktemp -d)
  cp -r "$fixture/." "$work/"
  rm -f "$work"/*.json "$work"/*.expect.yaml
  (
    cd "$work"
    # `terraform init` would ask the registry; `get` installs local modules and dev_overrides supplies the provider.
    [ -d modules ] && timeout 60 "$TF" get -no-color > /dev/null
    timeout 300 "$TF" plan -input=false -no-color -refresh=false -out plan.bin > /dev/null
    timeout 120 "$TF" show -json plan.bin | pretty > "$fixture/plan.json"
    if [ -f terraform.tfstate ] && [ -n "${2:-}" ]; then timeout 120 "$TF" show -json | pretty > "$ROOT/$2/state.json"; fi
  )
  rm -rf "$work"
  echo "wrote $1/plan.json${2:+ and $2/state.json}"
}

plan_fixture fixtures/MQ001/plan-create
plan_fixture fixtures/MQ003/plan
plan_fixture fixtures/MQ004/plan
plan_fixture fixtures/MQ007/plan-replace fixtures/MQ001/state
plan_fixture fixtures/MQ005/plan-create
plan_fixture fixtures/MQ005/plan-existing-subnets
plan_fixture fixtures/MQ005/plan-existing-spread
# The same plans on their own: no configuration beside them names their brokers, so findings point into the plan.
cp "$ROOT/fixtures/MQ005/plan-existing-subnets/plan.json" "$ROOT/fixtures/MQ005/fail.tfplan.json"
cp "$ROOT/fixtures/MQ005/plan-existing-spread/plan.json" "$ROOT/fixtures/MQ005/pass.tfplan.json"
plan_fixture fixtures/MQ006/plan
plan_fixture fixtures/MQ008/plan-tags
plan_fixture fixtures/MQ010/plan-audit
plan_fixture fixtures/MQ009/plan
plan_fixture fixtures/MQ011/plan
plan_fixture fixtures/MQ012/plan
rm -f "$CONFIG"
