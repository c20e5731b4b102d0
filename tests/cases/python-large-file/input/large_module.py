"""A large module: weaklink parses only the top-level statements that can matter."""
import builtins
import pickle as pk
import torch
from transformers import AutoModel

MODEL_ID = "org/large-model"
TRUST: bool = True
loader = pk.loads
run_it = loader


def helper_0(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(0 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_0"}

def helper_1(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(1 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_1"}

def helper_2(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(2 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_2"}

def helper_3(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(3 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_3"}

def helper_4(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(4 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_4"}

def helper_5(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(5 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_5"}

def helper_6(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(6 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_6"}

def helper_7(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(7 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_7"}

def helper_8(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(8 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_8"}

def helper_9(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(9 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_9"}

def helper_10(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(10 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_10"}

def helper_11(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(11 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_11"}

def helper_12(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(12 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_12"}

def helper_13(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(13 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_13"}

def helper_14(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(14 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_14"}

def helper_15(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(15 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_15"}

def helper_16(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(16 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_16"}

def helper_17(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(17 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_17"}

def helper_18(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(18 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_18"}

def helper_19(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(19 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_19"}

def helper_20(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(20 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_20"}

def helper_21(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(21 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_21"}

def helper_22(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(22 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_22"}

def helper_23(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(23 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_23"}

def helper_24(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(24 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_24"}

def helper_25(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(25 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_25"}

def helper_26(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(26 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_26"}

def helper_27(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(27 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_27"}

def helper_28(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(28 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_28"}

def helper_29(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(29 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_29"}


class Restorer:
    def restore(self, blob):
        return run_it(blob)                          # loader -> pk.loads -> pickle.loads

    def model(self):
        return AutoModel.from_pretrained(MODEL_ID, trust_remote_code=TRUST)


def checkpoint(p):
    return torch.load(p)


def build(src, fn):
    code = compile(src, fn, "exec")                  # "exec" only in a string
    getattr(builtins, "eval")(src)
    return code


def quiet(model):
    model.eval()                                     # a method, not the builtin
    return pk.dumps(model)


if __name__ == "__main__":
    restored = loader(open("state.bin", "rb").read())
def helper_30(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(30 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_30"}

def helper_31(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(31 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_31"}

def helper_32(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(32 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_32"}

def helper_33(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(33 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_33"}

def helper_34(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(34 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_34"}

def helper_35(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(35 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_35"}

def helper_36(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(36 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_36"}

def helper_37(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(37 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_37"}

def helper_38(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(38 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_38"}

def helper_39(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(39 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_39"}

def helper_40(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(40 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_40"}

def helper_41(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(41 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_41"}

def helper_42(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(42 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_42"}

def helper_43(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(43 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_43"}

def helper_44(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(44 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_44"}

def helper_45(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(45 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_45"}

def helper_46(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(46 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_46"}

def helper_47(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(47 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_47"}

def helper_48(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(48 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_48"}

def helper_49(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(49 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_49"}

def helper_50(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(50 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_50"}

def helper_51(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(51 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_51"}

def helper_52(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(52 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_52"}

def helper_53(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(53 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_53"}

def helper_54(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(54 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_54"}

def helper_55(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(55 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_55"}

def helper_56(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(56 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_56"}

def helper_57(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(57 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_57"}

def helper_58(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(58 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_58"}

def helper_59(x, y):
    """Plain code with no trigger word: never parsed."""
    total = 0
    for k in range(59 + 3):
        total += (x * k + y) % 7
    return {"value": total, "name": "helper_59"}

