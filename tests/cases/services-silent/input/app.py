import os
import gradio as gr
import ray
from flask import Flask

ray.init(dashboard_host="127.0.0.1")
ray.init(dashboard_host=os.environ.get("RAY_HOST"))

app = Flask(__name__)

with gr.Blocks() as demo:
    gr.Markdown("hello")

demo.launch(share=False)
demo.launch(server_name="0.0.0.0", auth=("admin", os.environ["PASSWORD"]))
demo.launch(server_name="127.0.0.1")
demo.launch(server_name=args.host, share=args.share)

app.run(host="0.0.0.0", port=5000)
app.run(debug=True)
app.run(host="127.0.0.1", debug=True)


class Rocket:
    def launch(self, share=True):
        return share


Rocket().launch()
