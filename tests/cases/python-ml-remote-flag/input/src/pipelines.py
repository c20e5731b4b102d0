import evaluate
import torch
from diffusers import DiffusionPipeline
from huggingface_hub import hf_hub_download
from torch.hub import load_state_dict_from_url


def community():
    # a community pipeline by name: fetched from the diffusers community mirror
    return DiffusionPipeline.from_pretrained("runwayml/stable-diffusion-v1-5", revision="0123456789abcdef0123456789abcdef01234567",
                                             custom_pipeline="lpw_stable_diffusion")


def hub_pipeline():
    return DiffusionPipeline.from_pretrained("google/ddpm-cifar10-32", revision="0123456789abcdef0123456789abcdef01234567",
                                             custom_pipeline="hf-internal-testing/diffusers-dummy-pipeline")


def pinned_pipeline():
    return DiffusionPipeline.from_pretrained("google/ddpm-cifar10-32", revision="0123456789abcdef0123456789abcdef01234567",
                                             custom_pipeline="org/pipe", custom_revision="89abcdef0123456789abcdef0123456789abcdef")


def chosen(name):
    return DiffusionPipeline.from_pretrained("google/ddpm-cifar10-32", revision="0123456789abcdef0123456789abcdef01234567",
                                             custom_pipeline=name)


metric = evaluate.load("accuracy")
squad = evaluate.load("someone/squad_v3", revision="main")
pinned_metric = evaluate.load("rouge", revision="0123456789abcdef0123456789abcdef01234567")
metric_by_name = evaluate.load(metric_name)

state = load_state_dict_from_url("https://example.com/resnet.pth")
state2 = torch.hub.load_state_dict_from_url("https://example.com/vit.pth", weights_only=True)
state3 = torch.utils.model_zoo.load_url(URL)

scripted = torch.jit.load(hf_hub_download("org/traced", "model.pt", revision="0123456789abcdef0123456789abcdef01234567"))
outside = torch.jit.load("/opt/models/traced.pt")

entries = torch.hub.list("pytorch/vision")
doc = torch.hub.help("pytorch/vision:main", "resnet18", trust_repo=True)
