import pickle, torch, yaml
from transformers import AutoModel
m = AutoModel.from_pretrained("org/model", trust_remote_code=True)
s = torch.load("x.pt")
d = yaml.load(open("c.yaml"), Loader=yaml.Loader)
loader = pickle.loads
obj = loader(b"...")
