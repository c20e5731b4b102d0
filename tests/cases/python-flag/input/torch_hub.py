import torch

m1 = torch.hub.load("pytorch/vision", "resnet50")
m2 = torch.hub.load("pytorch/vision:v0.10.0", "resnet50")
m3 = torch.hub.load("pytorch/vision:0123456789abcdef0123456789abcdef01234567", "resnet50", trust_repo=True)
