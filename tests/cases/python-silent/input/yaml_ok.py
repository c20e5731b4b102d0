import yaml
from yaml import SafeLoader as SL

a = yaml.load(s, Loader=SL)                    # Bandit: false positive
b = yaml.load(s, Loader=yaml.CSafeLoader)
c = yaml.safe_load(s)
d = list(yaml.load_all(s, Loader=yaml.SafeLoader))
yaml.dump(a)
