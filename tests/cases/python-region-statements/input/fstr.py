"""Long f-strings: their {expressions} are code a full parse reads, their
text is not. The first def calls eval only inside an f-string; the
second names a method only in an f-string's text; the third calls exec in
a later {expression} than one that names a module inertly."""
import os


def show(expr, folder):
    return f"value {eval(expr)} of the expression, printed for the folder {folder} in the log"


def card(repo_id, base_model):
    return f"Use it: pipe.load_lora_weights('{repo_id}') on {base_model}, from the hub, with os paths"


def later(expr, folder):
    return f"dtype {os.sep} then the value {exec(expr)} of the code, for the folder {folder}"
