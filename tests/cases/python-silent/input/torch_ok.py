import torch

state = torch.load(p, weights_only=True)
torch.save(state, "out.pt")
m = torch.hub.load("pytorch/vision:0123456789abcdef0123456789abcdef01234567", "resnet50")
l = torch.hub.load("./hubrepo", "model", source="local")
