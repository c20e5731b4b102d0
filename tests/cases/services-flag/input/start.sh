#!/bin/sh
ray start --head --dashboard-host=0.0.0.0
jupyter lab --ip=0.0.0.0 --no-browser --allow-root --ServerApp.token='' --ServerApp.password=''
mlflow server --host 0.0.0.0 --port 5000 --backend-store-uri sqlite:///mlflow.db
FLASK_APP=app.py flask run --debug --host 0.0.0.0
tritonserver --model-repository=/models --model-control-mode explicit $EXTRA_ARGS
FLASK_DEBUG=1 flask run --host=0.0.0.0 --port 8000
