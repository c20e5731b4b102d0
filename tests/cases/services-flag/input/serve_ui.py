from ui import build_demo

# an app built in another module: launch() with gradio's own keywords
build_demo().launch(share=True)
