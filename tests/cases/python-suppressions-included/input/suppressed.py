import pickle
import torch
import yaml

a = pickle.loads(blob)  # nosec
b = pickle.loads(blob)  # NOSEC: reviewed, our own cache
c = torch.load(p)  # nosec WL204
d = torch.load(p)  # nosec B614
e = pickle.loads(blob)  # weaklink: ignore[WL203]
f = pickle.loads(blob)  # Weaklink: Ignore[unsafe-deserialization, WL201]
g = pickle.loads(blob)  # weaklink: ignore[WL201]
h = yaml.load(
    text,
    Loader=yaml.Loader,
)  # weaklink: ignore[unsafe-yaml-load]
i = eval(expr); s = "# nosec"
j = torch.load(p)  # nosec WL203, WL204
