import torch

state = torch.load("weights.pt")
