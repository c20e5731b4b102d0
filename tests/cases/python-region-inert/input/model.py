"""A model library module (>= 8 KiB, so the scanner parses by region).

Most defs below mention torch only as `torch.nn...`/`torch.float16`, which
cannot lead to a judged call: they are left unparsed. The ones that can
matter must still be reported exactly as a whole-file parse would.
"""
import torch
import torch as th
from transformers import AutoModel, CLIPTextModel

MODEL_ID = "org/model"


class Block0(torch.nn.Module):
    """Block 0: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block1(torch.nn.Module):
    """Block 1: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block2(torch.nn.Module):
    """Block 2: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block3(torch.nn.Module):
    """Block 3: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block4(torch.nn.Module):
    """Block 4: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block5(torch.nn.Module):
    """Block 5: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block6(torch.nn.Module):
    """Block 6: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block7(torch.nn.Module):
    """Block 7: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block8(torch.nn.Module):
    """Block 8: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block9(torch.nn.Module):
    """Block 9: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block10(torch.nn.Module):
    """Block 10: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block11(torch.nn.Module):
    """Block 11: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block12(torch.nn.Module):
    """Block 12: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block13(torch.nn.Module):
    """Block 13: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block14(torch.nn.Module):
    """Block 14: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block15(torch.nn.Module):
    """Block 15: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block16(torch.nn.Module):
    """Block 16: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block17(torch.nn.Module):
    """Block 17: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block18(torch.nn.Module):
    """Block 18: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block19(torch.nn.Module):
    """Block 19: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block20(torch.nn.Module):
    """Block 20: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block21(torch.nn.Module):
    """Block 21: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block22(torch.nn.Module):
    """Block 22: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block23(torch.nn.Module):
    """Block 23: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block24(torch.nn.Module):
    """Block 24: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block25(torch.nn.Module):
    """Block 25: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block26(torch.nn.Module):
    """Block 26: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block27(torch.nn.Module):
    """Block 27: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block28(torch.nn.Module):
    """Block 28: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block29(torch.nn.Module):
    """Block 29: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block30(torch.nn.Module):
    """Block 30: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block31(torch.nn.Module):
    """Block 31: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block32(torch.nn.Module):
    """Block 32: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block33(torch.nn.Module):
    """Block 33: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block34(torch.nn.Module):
    """Block 34: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block35(torch.nn.Module):
    """Block 35: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block36(torch.nn.Module):
    """Block 36: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block37(torch.nn.Module):
    """Block 37: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block38(torch.nn.Module):
    """Block 38: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block39(torch.nn.Module):
    """Block 39: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block40(torch.nn.Module):
    """Block 40: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block41(torch.nn.Module):
    """Block 41: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block42(torch.nn.Module):
    """Block 42: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block43(torch.nn.Module):
    """Block 43: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block44(torch.nn.Module):
    """Block 44: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block45(torch.nn.Module):
    """Block 45: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block46(torch.nn.Module):
    """Block 46: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block47(torch.nn.Module):
    """Block 47: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block48(torch.nn.Module):
    """Block 48: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block49(torch.nn.Module):
    """Block 49: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block50(torch.nn.Module):
    """Block 50: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block51(torch.nn.Module):
    """Block 51: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block52(torch.nn.Module):
    """Block 52: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block53(torch.nn.Module):
    """Block 53: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block54(torch.nn.Module):
    """Block 54: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block55(torch.nn.Module):
    """Block 55: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block56(torch.nn.Module):
    """Block 56: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block57(torch.nn.Module):
    """Block 57: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block58(torch.nn.Module):
    """Block 58: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


class Block59(torch.nn.Module):
    """Block 59: a plain layer; `torch.load` in a docstring is not code."""

    def __init__(self, dim: int = 64, encoder: CLIPTextModel | None = None):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)  # torch 2.x only
        self.dtype_name = f"float16 {torch.float16} and more words to be long enough"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return th.nn.functional.gelu(self.proj(x))


def load_checkpoint(path):
    return torch.load(path)


def load_alias(path):
    return th.load(path)


def load_in_fstring(path):
    return f"loaded {th.load(path)} from a path given by the caller of this function"


def save_then_load(model, path):
    model.save_pretrained(path)
    return th.nn.Identity()


def fetch():
    return AutoModel.from_pretrained(MODEL_ID)


def make_encoder(config):
    return CLIPTextModel(config)


def hub_model(name):
    return torch.hub.load("org/repo", name)


def open(path):
    return th.nn.Identity()


class Pipeline(torch.nn.Module):
    """A large class: only some of its methods can matter."""

    _backends = ["torch", "transformers"]
    weights = th.load("class-level.pt")

    def layer_0(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 0: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_1(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 1: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_2(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 2: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_3(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 3: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_4(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 4: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_5(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 5: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_6(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 6: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_7(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 7: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_8(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 8: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_9(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 9: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_10(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 10: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_11(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 11: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_12(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 12: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_13(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 13: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_14(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 14: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_15(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 15: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_16(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 16: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_17(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 17: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_18(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 18: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_19(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 19: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_20(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 20: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_21(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 21: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_22(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 22: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_23(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 23: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def layer_24(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 24: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    @classmethod
    def from_pretrained(cls, *args, **kwargs):
        return cls()

    def restore(self, path):
        return torch.load(path)

    def encoder(self):
        return AutoModel.from_pretrained(MODEL_ID)

    def eval(self):
        return self


class DummyPipeline(metaclass=type):
    _backends = ["torch", "transformers"]

    def dummy_layer_0(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 0: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_1(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 1: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_2(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 2: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_3(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 3: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_4(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 4: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_5(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 5: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_6(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 6: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_7(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 7: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_8(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 8: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_9(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 9: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_10(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 10: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_11(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 11: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_12(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 12: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_13(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 13: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_14(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 14: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_15(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 15: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_16(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 16: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_17(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 17: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_18(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 18: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_19(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 19: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_20(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 20: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_21(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 21: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_22(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 22: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_23(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 23: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    def dummy_layer_24(self, x: torch.Tensor) -> torch.Tensor:
        """Layer 24: `torch.load` in prose."""
        return self.proj(x).to(torch.float16)  # no torch.load here

    @classmethod
    def from_pretrained(cls, *args, **kwargs):
        raise ImportError(["torch"])
