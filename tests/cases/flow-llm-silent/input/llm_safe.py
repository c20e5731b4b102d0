import ast
import json
import os
import shlex
import subprocess
from openai import OpenAI
from jinja2 import Template
from jinja2.sandbox import ImmutableSandboxedEnvironment

client = OpenAI()


def safe(prompt):
    resp = client.chat.completions.create(model="gpt-4o", messages=[])
    text = resp.choices[0].message.content
    value = ast.literal_eval(text)
    n = int(text)
    subprocess.run(["echo", text])
    subprocess.run("echo " + shlex.quote(text), shell=True)
    exec("print(1)")
    text = "print('fixed')"
    exec(text)
    return value, n


def sandboxed(s):
    env = ImmutableSandboxedEnvironment()
    return env.from_string(s)


def literal():
    return Template("Hello {{ name }}").render(name="x")


def other(code):
    exec(code)


PLUGINS = {"a": "plugins.a", "b": "plugins.b"}


def plugin_from_registry(request):
    import importlib
    name = request.args.get("name")
    return importlib.import_module(PLUGINS[name])


def agent_without_switch(llm, df):
    from langchain_experimental.agents import create_pandas_dataframe_agent
    return create_pandas_dataframe_agent(llm, df, allow_dangerous_code=False)


def reply_only(prompt):
    resp = client.chat.completions.create(model="gpt-4o", messages=[])
    print(resp.choices[0].message.content)
    return Template("{{ answer }}").render(answer=resp.choices[0].message.content)
