#!/bin/sh
# Installs what is missing, builds, starts the sandbox (a local HTTPS Okta
# org, AWS app tile and STS) and runs tokendito against it twice: a demo
# user approves an Okta Verify push with a number challenge, another signs
# in with a TOTP code. Everything is written into a temporary folder; the
# user's own ~/.aws is never read or written.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

tools/build.sh _build-demo

certs="$top/_build-demo/tests/sandbox"
tokendito="$top/_build-demo/src/cli/tokendito"
work=$(mktemp -d)
trap 'exec 3>&-; rm -rf "$work"' EXIT

# The sandbox stops when its standard input closes, which happens when this
# script exits and closes descriptor 3.
mkfifo "$work/sandbox-input"
"$certs/tokendito-sandbox" --cert-dir "$certs" --poll-waits 2 <"$work/sandbox-input" >"$work/ready" &
exec 3>"$work/sandbox-input"
for _ in $(seq 50); do
    grep -q READY "$work/ready" 2>/dev/null && break
    sleep 0.1
done
url=$(awk '/READY/ { print $2 }' "$work/ready")
echo "Sandbox Okta org and STS at $url"

mkdir -p "$work/home"
env -i PATH=/usr/bin:/bin HOME="$work/home" LC_ALL=C.UTF-8 TERM="${TERM:-dumb}" \
    AWS_SHARED_CREDENTIALS_FILE="$work/aws/credentials" AWS_CONFIG_FILE="$work/aws/config" \
    AWS_ENDPOINT_URL_STS="$url/" OKTA_PASSWORD="correct horse battery staple" \
    TOKENDITO_PUSH_POLL_INTERVAL=1000 \
    sh -c '
        set -e
        echo
        echo "\$ tokendito -u challenge@example.com -ou $0/home/amazon_aws/0oademo/272 -mm push -ap demo-push"
        "$1" --ca-bundle "$2" -u challenge@example.com -ou "$0/home/amazon_aws/0oademo/272" \
            -mm push -ap demo-push </dev/null
        echo
        echo "\$ tokendito -u totp@example.com -ou $0/home/amazon_aws/0oademo/272 -mm token:software:totp -mr 123456 -ap demo-totp"
        "$1" --ca-bundle "$2" -u totp@example.com -ou "$0/home/amazon_aws/0oademo/272" \
            -mm token:software:totp -mr 123456 -ap demo-totp </dev/null
        echo
        echo "== $AWS_CONFIG_FILE"
        cat "$AWS_CONFIG_FILE"
        echo
        echo "== $AWS_SHARED_CREDENTIALS_FILE (secret values shortened)"
        sed -E "s/^(aws_secret_access_key|aws_session_token) = (.{6}).*/\1 = \2.../" "$AWS_SHARED_CREDENTIALS_FILE"
        ls -l "$AWS_SHARED_CREDENTIALS_FILE"
        if [ -x /usr/bin/aws ]; then
            echo
            echo "\$ aws sts get-caller-identity --profile demo-totp --endpoint-url $0"
            AWS_CA_BUNDLE="$2" AWS_PAGER="" /usr/bin/aws sts get-caller-identity --profile demo-totp \
                --endpoint-url "$0"
        fi
    ' "$url" "$tokendito" "$certs/ca.crt"
