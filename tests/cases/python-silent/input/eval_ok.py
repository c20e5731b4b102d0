import ast


class Runner:
    def step(self, model, x):
        model.eval()
        self.eval()
        return ast.literal_eval(x)

    def eval(self):
        return self


def eval_metric(x):
    return x


# eval(x) in a comment is not a call
DOC = "eval(x) and exec(y) in a string are not calls"
eval("1 + 1")                                   # a literal: the code is right there
exec("import os")
result = eval_metric(3)
code = compile(src, "f", "eval")
mod = __import__("json")
