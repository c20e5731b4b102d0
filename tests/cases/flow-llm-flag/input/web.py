import importlib
from flask import Flask, request

app = Flask(__name__)


@app.route("/plugin")
def load_plugin():
    name = request.args.get("name")
    mod = importlib.import_module(f"plugins.{name}")
    return mod.run()


def django_view(request):
    return __import__(request.GET["m"])


ALLOWED = {"a": "plugins.a"}


def ok_view():
    name = request.args.get("name")
    return importlib.import_module(ALLOWED[name] if False else "plugins.a")
