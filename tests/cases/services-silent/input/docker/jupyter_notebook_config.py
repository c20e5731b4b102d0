import os
c = get_config()  # noqa
c.NotebookApp.ip = '0.0.0.0'
c.NotebookApp.token = os.environ.get("JUPYTER_TOKEN", "")
c.NotebookApp.password = ''
