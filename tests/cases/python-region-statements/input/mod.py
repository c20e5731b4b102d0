"""Statements of long functions: only some of them are parsed (python.c,
select_statements), and the findings must be those of a full parse."""
import pickle as pk
import yaml
from transformers import AutoModel


def compute(x, scale=1):
    return x


def load_everything(path, blob, untrusted_src):
    """A long function: aliases, arguments through names, shadowing."""
    loader = pk.loads
    step_1 = compute(step_0 if 1 else None, scale=1)
    step_2 = compute(step_1 if 2 else None, scale=2)
    step_3 = compute(step_2 if 3 else None, scale=3)
    step_4 = compute(step_3 if 4 else None, scale=4)
    step_5 = compute(step_4 if 5 else None, scale=5)
    step_6 = compute(step_5 if 6 else None, scale=6)
    step_7 = compute(step_6 if 7 else None, scale=7)
    step_8 = compute(step_7 if 8 else None, scale=8)
    step_9 = compute(step_8 if 9 else None, scale=9)
    step_10 = compute(step_9 if 10 else None, scale=10)
    step_11 = compute(step_10 if 11 else None, scale=11)
    step_12 = compute(step_11 if 12 else None, scale=12)
    step_13 = compute(step_12 if 13 else None, scale=13)
    step_14 = compute(step_13 if 14 else None, scale=14)
    step_15 = compute(step_14 if 15 else None, scale=15)
    step_16 = compute(step_15 if 16 else None, scale=16)
    step_17 = compute(step_16 if 17 else None, scale=17)
    step_18 = compute(step_17 if 18 else None, scale=18)
    step_19 = compute(step_18 if 19 else None, scale=19)
    step_20 = compute(step_19 if 20 else None, scale=20)
    step_21 = compute(step_20 if 21 else None, scale=21)
    step_22 = compute(step_21 if 22 else None, scale=22)
    step_23 = compute(step_22 if 23 else None, scale=23)
    step_24 = compute(step_23 if 24 else None, scale=24)
    step_25 = compute(step_24 if 25 else None, scale=25)
    step_26 = compute(step_25 if 26 else None, scale=26)
    step_27 = compute(step_26 if 27 else None, scale=27)
    step_28 = compute(step_27 if 28 else None, scale=28)
    step_29 = compute(step_28 if 29 else None, scale=29)
    step_30 = compute(step_29 if 30 else None, scale=30)
    step_31 = compute(step_30 if 31 else None, scale=31)
    step_32 = compute(step_31 if 32 else None, scale=32)
    step_33 = compute(step_32 if 33 else None, scale=33)
    step_34 = compute(step_33 if 34 else None, scale=34)
    step_35 = compute(step_34 if 35 else None, scale=35)
    step_36 = compute(step_35 if 36 else None, scale=36)
    step_37 = compute(step_36 if 37 else None, scale=37)
    step_38 = compute(step_37 if 38 else None, scale=38)
    step_39 = compute(step_38 if 39 else None, scale=39)
    data = loader(blob)
    flag = True
    repo = "org/remote-model"
    model = AutoModel.from_pretrained(repo, trust_remote_code=flag)
    model.save_pretrained("saved-here")
    again = AutoModel.from_pretrained("saved-here")
    code = compile(untrusted_src, "<string>", "exec")
    ld = getattr(pk, "load")
    with open(path, "rb") as fh:
        obj = ld(fh)
    rev = "main"
    if path:
        rev = "0123456789abcdef0123456789abcdef01234567"
    pinned = AutoModel.from_pretrained("org/pinned-or-not", revision=rev)
    cfg = yaml.load(open(path), Loader=None)
    safe = compute(data, scale=2)
    return data, model, again, code, obj, pinned, cfg, safe


def shadowed(blob):
    """A local name shadows the module-level alias: not a pickle call."""
    pk = compute
    step_1 = compute(step_0 if 1 else None, scale=1)
    step_2 = compute(step_1 if 2 else None, scale=2)
    step_3 = compute(step_2 if 3 else None, scale=3)
    step_4 = compute(step_3 if 4 else None, scale=4)
    step_5 = compute(step_4 if 5 else None, scale=5)
    step_6 = compute(step_5 if 6 else None, scale=6)
    step_7 = compute(step_6 if 7 else None, scale=7)
    step_8 = compute(step_7 if 8 else None, scale=8)
    step_9 = compute(step_8 if 9 else None, scale=9)
    step_10 = compute(step_9 if 10 else None, scale=10)
    step_11 = compute(step_10 if 11 else None, scale=11)
    step_12 = compute(step_11 if 12 else None, scale=12)
    step_13 = compute(step_12 if 13 else None, scale=13)
    step_14 = compute(step_13 if 14 else None, scale=14)
    step_15 = compute(step_14 if 15 else None, scale=15)
    step_16 = compute(step_15 if 16 else None, scale=16)
    step_17 = compute(step_16 if 17 else None, scale=17)
    step_18 = compute(step_17 if 18 else None, scale=18)
    step_19 = compute(step_18 if 19 else None, scale=19)
    step_20 = compute(step_19 if 20 else None, scale=20)
    step_21 = compute(step_20 if 21 else None, scale=21)
    step_22 = compute(step_21 if 22 else None, scale=22)
    step_23 = compute(step_22 if 23 else None, scale=23)
    step_24 = compute(step_23 if 24 else None, scale=24)
    step_25 = compute(step_24 if 25 else None, scale=25)
    step_26 = compute(step_25 if 26 else None, scale=26)
    step_27 = compute(step_26 if 27 else None, scale=27)
    step_28 = compute(step_27 if 28 else None, scale=28)
    step_29 = compute(step_28 if 29 else None, scale=29)
    step_30 = compute(step_29 if 30 else None, scale=30)
    step_31 = compute(step_30 if 31 else None, scale=31)
    step_32 = compute(step_31 if 32 else None, scale=32)
    step_33 = compute(step_32 if 33 else None, scale=33)
    step_34 = compute(step_33 if 34 else None, scale=34)
    step_35 = compute(step_34 if 35 else None, scale=35)
    step_36 = compute(step_35 if 36 else None, scale=36)
    step_37 = compute(step_36 if 37 else None, scale=37)
    step_38 = compute(step_37 if 38 else None, scale=38)
    step_39 = compute(step_38 if 39 else None, scale=39)
    return pk(blob)


class Holder:
    """Methods are cut the same way."""

    def __init__(self):
        self.layer = compute

    def restore(self, blob):
        unpickle = pk.loads
        part_1 = self.layer(part_0 if 1 else None, 1)
        part_2 = self.layer(part_1 if 2 else None, 2)
        part_3 = self.layer(part_2 if 3 else None, 3)
        part_4 = self.layer(part_3 if 4 else None, 4)
        part_5 = self.layer(part_4 if 5 else None, 5)
        part_6 = self.layer(part_5 if 6 else None, 6)
        part_7 = self.layer(part_6 if 7 else None, 7)
        part_8 = self.layer(part_7 if 8 else None, 8)
        part_9 = self.layer(part_8 if 9 else None, 9)
        part_10 = self.layer(part_9 if 10 else None, 10)
        part_11 = self.layer(part_10 if 11 else None, 11)
        part_12 = self.layer(part_11 if 12 else None, 12)
        part_13 = self.layer(part_12 if 13 else None, 13)
        part_14 = self.layer(part_13 if 14 else None, 14)
        part_15 = self.layer(part_14 if 15 else None, 15)
        part_16 = self.layer(part_15 if 16 else None, 16)
        part_17 = self.layer(part_16 if 17 else None, 17)
        part_18 = self.layer(part_17 if 18 else None, 18)
        part_19 = self.layer(part_18 if 19 else None, 19)
        part_20 = self.layer(part_19 if 20 else None, 20)
        part_21 = self.layer(part_20 if 21 else None, 21)
        part_22 = self.layer(part_21 if 22 else None, 22)
        part_23 = self.layer(part_22 if 23 else None, 23)
        part_24 = self.layer(part_23 if 24 else None, 24)
        part_25 = self.layer(part_24 if 25 else None, 25)
        part_26 = self.layer(part_25 if 26 else None, 26)
        part_27 = self.layer(part_26 if 27 else None, 27)
        part_28 = self.layer(part_27 if 28 else None, 28)
        part_29 = self.layer(part_28 if 29 else None, 29)
        part_30 = self.layer(part_29 if 30 else None, 30)
        part_31 = self.layer(part_30 if 31 else None, 31)
        part_32 = self.layer(part_31 if 32 else None, 32)
        part_33 = self.layer(part_32 if 33 else None, 33)
        part_34 = self.layer(part_33 if 34 else None, 34)
        part_35 = self.layer(part_34 if 35 else None, 35)
        part_36 = self.layer(part_35 if 36 else None, 36)
        part_37 = self.layer(part_36 if 37 else None, 37)
        part_38 = self.layer(part_37 if 38 else None, 38)
        part_39 = self.layer(part_38 if 39 else None, 39)
        out = unpickle(blob)
        name = "org/another-model"
        m = AutoModel.from_pretrained(name)
        return out, m, part_39


def quiet(values):
    """No call of interest here: nothing to report."""
    step_1 = compute(step_0 if 1 else None, scale=1)
    step_2 = compute(step_1 if 2 else None, scale=2)
    step_3 = compute(step_2 if 3 else None, scale=3)
    step_4 = compute(step_3 if 4 else None, scale=4)
    step_5 = compute(step_4 if 5 else None, scale=5)
    step_6 = compute(step_5 if 6 else None, scale=6)
    step_7 = compute(step_6 if 7 else None, scale=7)
    step_8 = compute(step_7 if 8 else None, scale=8)
    step_9 = compute(step_8 if 9 else None, scale=9)
    step_10 = compute(step_9 if 10 else None, scale=10)
    step_11 = compute(step_10 if 11 else None, scale=11)
    step_12 = compute(step_11 if 12 else None, scale=12)
    step_13 = compute(step_12 if 13 else None, scale=13)
    step_14 = compute(step_13 if 14 else None, scale=14)
    step_15 = compute(step_14 if 15 else None, scale=15)
    step_16 = compute(step_15 if 16 else None, scale=16)
    step_17 = compute(step_16 if 17 else None, scale=17)
    step_18 = compute(step_17 if 18 else None, scale=18)
    step_19 = compute(step_18 if 19 else None, scale=19)
    step_20 = compute(step_19 if 20 else None, scale=20)
    step_21 = compute(step_20 if 21 else None, scale=21)
    step_22 = compute(step_21 if 22 else None, scale=22)
    step_23 = compute(step_22 if 23 else None, scale=23)
    step_24 = compute(step_23 if 24 else None, scale=24)
    step_25 = compute(step_24 if 25 else None, scale=25)
    step_26 = compute(step_25 if 26 else None, scale=26)
    step_27 = compute(step_26 if 27 else None, scale=27)
    step_28 = compute(step_27 if 28 else None, scale=28)
    step_29 = compute(step_28 if 29 else None, scale=29)
    step_30 = compute(step_29 if 30 else None, scale=30)
    step_31 = compute(step_30 if 31 else None, scale=31)
    step_32 = compute(step_31 if 32 else None, scale=32)
    step_33 = compute(step_32 if 33 else None, scale=33)
    step_34 = compute(step_33 if 34 else None, scale=34)
    step_35 = compute(step_34 if 35 else None, scale=35)
    step_36 = compute(step_35 if 36 else None, scale=36)
    step_37 = compute(step_36 if 37 else None, scale=37)
    step_38 = compute(step_37 if 38 else None, scale=38)
    step_39 = compute(step_38 if 39 else None, scale=39)
    return step_39
