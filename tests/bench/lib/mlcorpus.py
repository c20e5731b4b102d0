# lib/mlcorpus.py - a generated corpus shaped like an ML library (realworld.sh
# uses it when WL_BENCH_REPO is unset): many small modules, most of them
# mentioning load/from_pretrained/eval the way model code does (torch.* and
# load_* everywhere, a judged call in about one method in four), a few real
# sinks (pickle.load, yaml.load, eval) among them. Deterministic.
import os, random, sys
out, nfiles = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2000
rnd = random.Random(15)
HEAD = ['import torch', 'import torch.nn as nn', 'import numpy as np', 'from typing import Optional, Tuple',
        'from ..utils import logging', 'from ..configuration_utils import ConfigMixin, register_to_config']
# what calls a rule may judge (a minority of methods, as in real model code)
TRIG = [
    '        state = torch.load(path, map_location="cpu", weights_only=True)\n        self.load_state_dict(state)\n',
    '        model = {cls}.from_pretrained(pretrained_model_name_or_path, subfolder="unet", revision=revision)\n',
    '        self.eval()\n        with torch.no_grad():\n            out = self.forward(x)\n',
]
# the rest: torch.* layers and tensors, load_* helpers
PLAIN = [
    '        hidden = self.norm(hidden_states)\n        hidden = self.proj_out(hidden) + residual\n        return hidden\n',
    '        if self.training and self.gradient_checkpointing:\n            x = torch.utils.checkpoint.checkpoint(self.block, x)\n',
    '        weights = self.load_weights(ckpt)\n        self.config.update(dict(dtype=str(weights.dtype)))\n',
    '        x = torch.nn.functional.silu(self.conv_in(x.to(torch.float16)))\n        x = torch.cat([x, x], dim=1)\n',
    '        self.load_lora_weights(adapter, adapter_name="default")\n',
]
SINKS = ['        import pickle\n        return pickle.load(open(path, "rb"))\n',
         '        import yaml\n        return yaml.load(open(path))\n',
         '        return eval(expr)\n']
for i in range(nfiles):
    d = os.path.join(out, 'src', 'mllib', ['models', 'pipelines', 'schedulers', 'loaders', 'utils'][i % 5],
                     'group%02d' % (i % 37))
    os.makedirs(d, exist_ok=True)
    lines = ['# Copyright 2026 The Authors. Licensed under the Apache License, Version 2.0.', '"""Module %d."""' % i]
    lines += rnd.sample(HEAD, rnd.randint(2, len(HEAD)))
    lines.append('logger = logging.get_logger(__name__)\n')
    for c in range(rnd.randint(1, 6)):
        cls = 'Block%d_%d' % (i, c)
        lines.append('class %s(nn.Module, ConfigMixin):' % cls)
        lines.append('    """A block. Load it with `from_pretrained`."""\n')
        lines.append('    @register_to_config\n    def __init__(self, dim: int = 64, heads: int = 8):\n'
                     '        super().__init__()\n        self.proj = nn.Linear(dim, dim)\n')
        for m in range(rnd.randint(4, 16)):
            body = ''.join(rnd.choice(TRIG if rnd.random() < 0.1 else PLAIN).replace('{cls}', cls)
                           for _ in range(rnd.randint(1, 4)))
            if rnd.random() < 0.01:
                body += rnd.choice(SINKS)
            lines.append('    def method_%d(self, x, path=None, pretrained_model_name_or_path=None, revision=None):\n%s'
                         '        return x\n' % (m, body))
    if i % 10 == 9:  # one in ten never mentions a trigger word
        lines = [l for l in lines if 'load' not in l and 'eval' not in l and 'pretrained' not in l]
    with open(os.path.join(d, 'mod%04d.py' % i), 'w') as f:
        f.write('\n'.join(lines) + '\n')
