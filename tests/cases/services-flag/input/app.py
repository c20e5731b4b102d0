import gradio as gr
import ray
from flask import Flask
from werkzeug.serving import run_simple

ray.init(dashboard_host="0.0.0.0")

app = Flask(__name__)

with gr.Blocks() as demo:
    gr.Markdown("hello")

demo.queue().launch(share=True)
demo.launch(server_name="0.0.0.0", server_port=7860)

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000, debug=True)
    run_simple("0.0.0.0", 5000, app, use_debugger=True)
