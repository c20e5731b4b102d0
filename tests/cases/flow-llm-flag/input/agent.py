import json
import os
import subprocess
import importlib
from openai import OpenAI
import anthropic
import litellm
from jinja2 import Template, Environment
from jinja2.sandbox import SandboxedEnvironment
from transformers import pipeline
from langchain_openai import ChatOpenAI
from langchain_experimental.tools import PythonREPLTool
from langchain_experimental.agents import create_pandas_dataframe_agent

client = OpenAI()


def run_code(prompt):
    resp = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
    code = resp.choices[0].message.content
    exec(code)


def shell(prompt):
    c = anthropic.Anthropic()
    msg = c.messages.create(model="claude", max_tokens=100, messages=[])
    cmd = msg.content[0].text.strip()
    os.system(f"bash -c '{cmd}'")
    subprocess.run(cmd, shell=True)


def plugin(prompt):
    out = litellm.completion(model="x", messages=[])
    name = out["choices"][0]["message"]["content"]
    mod = importlib.import_module("plugins." + name)
    return mod


def render(prompt):
    llm = ChatOpenAI()
    chain = llm | None
    text = chain.invoke(prompt)
    return Template(text.content).render()


def pipe_eval(x):
    gen = pipeline("text-generation")
    out = gen(x)[0]["generated_text"]
    return eval(extract_code(out))


def as_json(prompt):
    resp = client.chat.completions.create(model="gpt-4o", messages=[])
    data = json.loads(resp.choices[0].message.content)
    exec(data["code"])


class Agent:
    def __init__(self):
        self.llm = ChatOpenAI()

    def act(self, q):
        answer = self.llm.invoke(q)
        eval(answer.content)


def tools(llm, df):
    t = PythonREPLTool()
    a = create_pandas_dataframe_agent(llm, df, allow_dangerous_code=True)
    return t, a


def templ(template_str, **kw):
    return Template(template_str).render(**kw)


def env_templ(s):
    env = Environment()
    return env.from_string(s)
