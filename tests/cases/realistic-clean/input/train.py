import ast, json, re
import torch
import yaml
from transformers import AutoModel, AutoTokenizer

REV = "0123456789abcdef0123456789abcdef01234567"

def main(cfg_path, ckpt):
    with open(cfg_path) as f:
        cfg = yaml.safe_load(f)
    model = AutoModel.from_pretrained("bert-base-uncased", revision="0123456789abcdef0123456789abcdef01234567")
    tok = AutoTokenizer.from_pretrained("./checkpoints/tok")
    state = torch.load(ckpt, weights_only=True, map_location="cpu")
    model.load_state_dict(state)
    model.eval()
    self_check = ast.literal_eval("[1, 2]")
    pat = re.compile(r"\d+")
    print(json.dumps(cfg), pat, self_check, tok)
    torch.save(model.state_dict(), "out.pt")
    # a comment mentioning eval(x) and pickle.loads is not code
    s = "eval(x)"
    return s
