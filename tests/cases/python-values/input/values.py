import pickle

from transformers import AutoModel, AutoTokenizer


# silent: an in-process round trip (a deep copy)
def copy_blob(x):
    return pickle.loads(pickle.dumps(x, protocol=5))


# flagged: bytes from elsewhere
def load_blob(blob):
    return pickle.loads(blob)


# silent: d can only be one of the listed literal strings
def dtype_of(d):
    if d in ("float16", "bfloat16"):
        return eval(f"torch.{d}")


# flagged: the else branch is not checked; an expression is not a plain name
def dtype_else(d):
    if d in ("float16", "bfloat16"):
        pass
    else:
        return eval(f"torch.{d}")


def dtype_expr(d):
    if d in ("float16", "bfloat16"):
        return eval(f"torch.{d.upper()}")


# silent: the file saved a model there; flagged: a hub id it did not write
def finetune(trainer, model):
    trainer.save_model("out/checkpoint-500")
    model.save_pretrained("./ft-model/")
    a = AutoModel.from_pretrained("out/checkpoint-500")
    b = AutoModel.from_pretrained("ft-model")
    c = AutoModel.from_pretrained("acme/other")
    return a, b, c


# notes: a library forwarding its caller's choice; a choice pinned to a commit
def load(name, trust_remote_code=False):
    return AutoTokenizer.from_pretrained(name, trust_remote_code=trust_remote_code)


def cli(args):
    return AutoModel.from_pretrained(args.model, trust_remote_code=args.trust_remote_code)


tok = AutoTokenizer.from_pretrained("acme/tok", revision="0123456789abcdef0123456789abcdef01234567", trust_remote_code=True)


# silent: the unsafe loader is assigned only in a branch that returns
def read_config(text, legacy):
    import yaml
    loader = yaml.SafeLoader
    if legacy:
        loader = yaml.Loader
        return None
    return yaml.load(text, Loader=loader)


# flagged: here the branch falls through
def read_config_fallthrough(text, legacy):
    import yaml
    loader = yaml.SafeLoader
    if legacy:
        loader = yaml.Loader
    return yaml.load(text, Loader=loader)


# note: the caller's keyword, passed on
def from_kwargs(name, **kwargs):
    trust_remote_code = kwargs.pop("trust_remote_code", False)
    return AutoModel.from_pretrained(name, trust_remote_code=trust_remote_code)
