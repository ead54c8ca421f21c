# Examples for the rules in python.yml (run by `semgrep --test`); never imported.
import json
import os
import pickle
import subprocess

import yaml


def examples(request, path, data):
    # ruleid: qn-eval-exec
    eval(request.GET["expr"])
    # ruleid: qn-eval-exec
    exec(data)
    # ok: qn-eval-exec
    json.loads(data)

    # ruleid: qn-pickle-load
    pickle.loads(request.body)
    # ok: qn-pickle-load
    pickle.dumps(data)

    # ruleid: qn-yaml-unsafe-load
    yaml.load(data)
    # ruleid: qn-yaml-unsafe-load
    yaml.load(data, Loader=yaml.Loader)
    # ok: qn-yaml-unsafe-load
    yaml.load(data, Loader=yaml.SafeLoader)
    # ok: qn-yaml-unsafe-load
    yaml.safe_load(data)

    # ruleid: qn-subprocess-shell
    subprocess.run(f"convert {path} out.png", shell=True, check=True)
    # ruleid: qn-subprocess-shell
    os.system(f"convert {path} out.png")
    # ok: qn-subprocess-shell
    subprocess.run(["convert", path, "out.png"], check=True)
