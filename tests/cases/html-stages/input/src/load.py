import torch
m = torch.load("x.pt")
