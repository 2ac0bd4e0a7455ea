# Sourced by the fitting scripts (run from the repository root): the fit's
# Python environment, target/fit-confidence-venv, made with
# benches/fit/requirements-confidence.txt on first use; `$venv` names it.
venv=target/fit-confidence-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet -r benches/fit/requirements-confidence.txt
fi
