import pickle
import marshal
import torch
import yaml
from transformers import AutoModel

# suppressed: Ruff / flake8-bandit codes and Bandit ids that name the same check
a = pickle.loads(blob)  # noqa: S301
b = marshal.loads(blob)  # noqa:S302,E501
c = eval(expr)  # noqa: E501, S307 reviewed: expr is a literal from our config
exec(code)  # nosec B102
d = yaml.load(text, Loader=yaml.Loader)  # NOQA: S506
e = torch.load(p)  # noqa: S614
f = AutoModel.from_pretrained("acme/bert-base")  # nosec B615
g = pickle.loads(blob)  # noqa: WL203

# flagged: a bare noqa silences linters, not security review
h = pickle.loads(blob)  # noqa
i = pickle.loads(blob)  # noqa: E501
j = pickle.loads(blob)  # noqa: S307
k = eval(expr)  # nosec B301
l = torch.load(p)  # nosec B999
m = pickle.loads(blob)  # noqa S301
n = AutoModel.from_pretrained("acme/bert-base")  # nosec B614
