#!/bin/sh
ray start --head --dashboard-host=127.0.0.1
ray start --head --dashboard-host="$HOST"
jupyter lab --ip=0.0.0.0 --no-browser
jupyter lab --ip=127.0.0.1 --ServerApp.token=''
jupyter notebook --ip=0.0.0.0 --NotebookApp.token='' --NotebookApp.password='sha1:abc'
mlflow server --host 0.0.0.0 --app-name basic-auth
mlflow server --host 127.0.0.1
mlflow run . --host 0.0.0.0
flask run --host 0.0.0.0
tritonserver --model-repository=/models
tritonserver --model-repository=/models --model-control-mode=explicit --http-address=127.0.0.1 --grpc-address=127.0.0.1
FLASK_DEBUG=0 flask run --host=0.0.0.0
