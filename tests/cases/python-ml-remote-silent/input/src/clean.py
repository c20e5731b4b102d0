import os
import pickle

import evaluate
import torch
from diffusers import DiffusionPipeline

# local pipeline files and metric scripts are the repository's own
pipe = DiffusionPipeline.from_pretrained("google/ddpm-cifar10-32", revision="0123456789abcdef0123456789abcdef01234567",
                                         custom_pipeline="./pipelines/my_pipeline.py")
pipe2 = DiffusionPipeline.from_pretrained("google/ddpm-cifar10-32", revision="0123456789abcdef0123456789abcdef01234567",
                                          custom_pipeline=None)
metric = evaluate.load("./metrics/accuracy.py")
metric2 = evaluate.load("metrics/my_metric.py")
model = torch.jit.load("assets/traced_model.pt")

os.environ["HF_DATASETS_TRUST_REMOTE_CODE"] = "0"
os.environ.setdefault("HF_DATASETS_TRUST_REMOTE_CODE", "false")
os.environ["OTHER"] = "1"


class Safe(pickle.Unpickler):
    ALLOWED = {("collections", "OrderedDict")}

    def find_class(self, module, name):
        if (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is forbidden")


class Renamer(pickle.Unpickler):
    def find_class(self, module, name):
        if module.startswith("torch"):
            return super().find_class(module, name)
        return None


class NotAnUnpickler(dict):
    def find_class(self, module, name):
        return super().find_class(module, name)


def evaluate_model(model):
    return model.evaluate()


def pinned_hub():
    names = torch.hub.list("pytorch/vision:0123456789abcdef0123456789abcdef01234567")
    local = torch.hub.load("./hubrepo", "model", source="local")
    return names, local


from datasets import load_dataset  # noqa: E402

plain = load_dataset("someone/parquet_dataset", revision="0123456789abcdef0123456789abcdef01234567", trust_remote_code=False)
