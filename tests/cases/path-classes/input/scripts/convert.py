import torch

state = torch.load("old.ckpt")
