#!/usr/bin/env bash
# Builds real Terraform and the real AWS provider from the Go module proxy (the only source reachable
# here), for scripts/plan-fixtures/generate.sh. Takes about 6 minutes and 2 GB of memory on 2 cores.
# Outputs: $P/bin/terraform (v1.9.8), $P/bin/terraform-provider-aws (v1.60.0, the only version the proxy serves).
set -euo pipefail
P=${PLAN_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/iac-mq-lint-plan-tools}
mkdir -p "$P/bin"
export GOFLAGS=-mod=mod

# --- Terraform v1.9.8 (go install @v1.9.8 is refused: go.mod has replace directives
#     pointing at nested modules that are not in the module zip) ---
go mod download github.com/hashicorp/terraform@v1.9.8
TFM=$(go env GOMODCACHE)/github.com/hashicorp/terraform@v1.9.8
rm -rf "$P/tfsrc"; cp -r "$TFM" "$P/tfsrc"; chmod -R u+w "$P/tfsrc"
python3 - "$P/tfsrc" <<'PY'
import re, sys, os
d = sys.argv[1]
p = os.path.join(d, 'internal/backend/init/init.go')
s = open(p).read()
for n in ['Azure','Consul','Cos','GCS','Kubernetes','OSS','Pg','S3']:
    s = re.sub(r'\n\tbackend%s "[^"]+"' % n, '', s)
for k in ['azurerm','consul','cos','gcs','kubernetes','oss','pg','s3']:
    s = re.sub(r'\n\t\t"%s": +func\(\) backend.Backend \{ return backend\w+\.New\(\) \},' % k, '', s)
open(p, 'w').write(s)
p = os.path.join(d, 'go.mod')
s = open(p).read()
s = re.sub(r'\n\tgithub.com/hashicorp/terraform/internal/[^\n]*', '', s)
s = re.sub(r'\nreplace github.com/hashicorp/terraform/internal/[^\n]*\n', '', s)
open(p, 'w').write(s)
PY
gofmt -w "$P/tfsrc/internal/backend/init/init.go"
(cd "$P/tfsrc" && go build -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" -o "$P/bin/terraform" .)

# --- AWS provider: the proxy serves only v1.60.0 (Feb 2019; go.mod says
#     github.com/terraform-providers/terraform-provider-aws; built against terraform
#     v0.11 = plugin protocol 4, which Terraform >= 0.12 refuses). Rebuild it against
#     github.com/hashicorp/terraform v0.12.29 helper/schema => protocol 5. ---
go mod download github.com/hashicorp/terraform-provider-aws@v1.60.0
AWSM=$(go env GOMODCACHE)/github.com/hashicorp/terraform-provider-aws@v1.60.0
rm -rf "$P/awssrc012"; cp -r "$AWSM" "$P/awssrc012"; chmod -R u+w "$P/awssrc012"
cd "$P/awssrc012"
rm -rf vendor   # only vendor/modules.txt survives in the module zip
go mod edit -require github.com/hashicorp/terraform@v0.12.29 \
            -replace github.com/aws/aws-sdk-go=github.com/aws/aws-sdk-go@v1.17.0
go build -o "$P/bin/terraform-provider-aws" .
"$P/bin/terraform" version
