"""scikit-learn side of `marquee bench tabular`: the same datasets, test rows and preprocessing (StandardScaler fitted
on the training rows) as Marquee, each algorithm's scikit-learn counterpart with library defaults. Prints one JSON
object per line: {"dataset", "algorithm", "library", "metric", "value", "seconds"}; seconds is the fit time only."""
import argparse
import csv
import json
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")

from sklearn import linear_model, neural_network, svm, tree, ensemble  # noqa: E402
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

try:
    import xgboost

    HAVE_XGBOOST = True
except ImportError:
    HAVE_XGBOOST = False


def boosting(task):
    if HAVE_XGBOOST:
        if task == "classification":
            return "xgboost", xgboost.XGBClassifier(tree_method="hist", random_state=0, n_jobs=2)
        return "xgboost", xgboost.XGBRegressor(tree_method="hist", random_state=0, n_jobs=2)
    if task == "classification":
        return "sklearn", ensemble.HistGradientBoostingClassifier(random_state=0)
    return "sklearn", ensemble.HistGradientBoostingRegressor(random_state=0)


def estimator(name, task, seed=0, **overrides):
    classification = task == "classification"
    if name == "gradient_boosting":
        library, model = boosting(task)
        model.set_params(random_state=seed, **overrides)
        return library, model
    factories = {
        "linear_regression": None if classification else linear_model.LinearRegression,
        "ridge": None if classification else linear_model.Ridge,
        "lasso": None if classification else linear_model.Lasso,
        "elastic_net": None if classification else linear_model.ElasticNet,
        "logistic_regression_l1": (lambda: linear_model.LogisticRegression(penalty="l1", solver="saga", max_iter=1000))
        if classification else None,
        "logistic_regression": linear_model.LogisticRegression if classification else None,
        "linear_svm": svm.LinearSVC if classification else svm.LinearSVR,
        "kernel_svm": svm.SVC if classification else svm.SVR,
        "decision_tree": tree.DecisionTreeClassifier if classification else tree.DecisionTreeRegressor,
        "random_forest": ensemble.RandomForestClassifier if classification else ensemble.RandomForestRegressor,
        "mlp": neural_network.MLPClassifier if classification else neural_network.MLPRegressor,
    }
    if name == "kernel_svm_tuned":
        # The same grid and folds as Marquee's kernel_svm_tuned variant.
        folds = (StratifiedKFold if classification else KFold)(3, shuffle=True, random_state=seed)
        return "sklearn", GridSearchCV(svm.SVC() if classification else svm.SVR(), {"C": [1, 10, 100], "gamma": ["scale", 0.005, 0.01, 0.02]},
                                       cv=folds)
    factory = factories.get(name)
    if factory is None:
        return None, None
    model = factory()
    if "random_state" in model.get_params():
        model.set_params(random_state=seed)
    model.set_params(**overrides)
    return "sklearn", model


def score(task, model, features, labels):
    predicted = model.predict(features)
    if task == "classification":
        return "accuracy", float(np.mean(predicted == labels))
    return "rmse", float(np.sqrt(np.mean((predicted - labels) ** 2)))


def run(dataset, task, algorithm, train_x, train_y, test_x, test_y, scale=True, repeats=1, seeds=1, **overrides):
    """Reports the mean test metric over `seeds` seeds and the fastest of `repeats` fits, as the Java side does."""
    if estimator(algorithm, task, **overrides)[1] is None:
        return
    if scale:
        start = time.perf_counter()
        scaler = StandardScaler().fit(train_x)
        scaling_seconds = time.perf_counter() - start
        train_x, test_x = scaler.transform(train_x), scaler.transform(test_x)
    else:
        scaling_seconds = 0.0
    values = []
    seconds = float("inf")
    for seed in range(seeds):
        library, model = estimator(algorithm, task, seed=seed, **overrides)
        start = time.perf_counter()
        model.fit(train_x, train_y)
        if seed == 0:
            seconds = time.perf_counter() - start
        metric, value = score(task, model, test_x, test_y)
        values.append(value)
    for _ in range(repeats - 1):
        library, model = estimator(algorithm, task, seed=0, **overrides)
        start = time.perf_counter()
        model.fit(train_x, train_y)
        seconds = min(seconds, time.perf_counter() - start)
    print(json.dumps({"dataset": dataset, "algorithm": algorithm, "library": library, "metric": metric,
                      "value": float(np.mean(values)), "seconds": seconds + scaling_seconds}), flush=True)


def read_csv(path):
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    target = header.index("target")
    values = np.array(body, dtype=float)
    return np.delete(values, target, axis=1), values[:, target]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--datasets", default="")
    parser.add_argument("--algorithms", default="")
    parser.add_argument("--large-file", default="")
    parser.add_argument("--large-features", type=int, default=20)
    parser.add_argument("--large-test-rows", type=int, default=0)
    parser.add_argument("--large-algorithms", default="")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seeds", type=int, default=1)
    arguments = parser.parse_args()
    with open(f"{arguments.data_dir}/splits.json") as handle:
        splits = json.load(handle)["datasets"]
    algorithms = [name for name in arguments.algorithms.split(",") if name]
    for dataset in [name for name in arguments.datasets.split(",") if name]:
        info = splits[dataset]
        features, labels = read_csv(f"{arguments.data_dir}/{info['file']}")
        task = "classification" if info.get("stratified") else "regression"
        test = np.zeros(len(labels), dtype=bool)
        test[info["test"]] = True
        if task == "classification":
            labels = labels.astype(int)
        for algorithm in algorithms:
            run(dataset, task, algorithm, features[~test], labels[~test], features[test], labels[test],
                repeats=arguments.repeats, seeds=arguments.seeds)
    if arguments.large_file:
        data = np.fromfile(arguments.large_file, dtype="<f8").reshape(-1, arguments.large_features + 1)
        features, labels = data[:, :-1], data[:, -1].astype(int)
        split = len(labels) - arguments.large_test_rows
        for algorithm in [name for name in arguments.large_algorithms.split(",") if name]:
            overrides = {"max_depth": 10} if algorithm == "decision_tree" else {}
            run("generated_1m", "classification", algorithm, features[:split], labels[:split], features[split:],
                labels[split:], scale=algorithm in ("logistic_regression",), **overrides)


if __name__ == "__main__":
    sys.exit(main())
