"""FastAPI + scikit-learn baseline for `marquee bench serving`.

Trains the same model Marquee serves (standardised logistic regression on a CSV whose last column is the target)
and answers Open Inference Protocol v2 infer calls for it, the way such models are commonly served in Python.
Run: python3 fastapi_serving.py --csv breast_cancer.csv --port 8000 --workers 2
"""
import argparse
import os
import sys

import numpy as np
from fastapi import FastAPI, Request
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def train(csv):
    data = np.genfromtxt(csv, delimiter=",", skip_header=1)
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(data[:, :-1], data[:, -1])


app = FastAPI()
MODEL = train(os.environ["MARQUEE_BASELINE_CSV"]) if "MARQUEE_BASELINE_CSV" in os.environ else None


@app.post("/v2/models/{name}/infer")
async def infer(name: str, request: Request):
    body = await request.json()
    tensor = body["inputs"][0]
    rows = np.asarray(tensor["data"], dtype=np.float64).reshape(tensor["shape"])
    probabilities = MODEL.predict_proba(rows)
    return {
        "model_name": name,
        "model_version": "1",
        "id": body.get("id"),
        "outputs": [{"name": "probabilities", "datatype": "FP64", "shape": list(probabilities.shape),
                     "data": probabilities.ravel().tolist()}],
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
    arguments = parser.parse_args()
    os.environ["MARQUEE_BASELINE_CSV"] = os.path.abspath(arguments.csv)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import uvicorn
    uvicorn.run("fastapi_serving:app", host="127.0.0.1", port=arguments.port, workers=arguments.workers,
                log_level="warning", access_log=False)
