import yaml

cfg = yaml.load(open("b.yaml"), Loader=yaml.Loader)
