import torch
import yaml

a = torch.load("a.pt")
b = torch.load("b.pt", weights_only=True)
c = yaml.full_load(open("c.yaml"))
d = yaml.load(open("d.yaml"), Loader=yaml.FullLoader)
e = yaml.unsafe_load(open("e.yaml"))
