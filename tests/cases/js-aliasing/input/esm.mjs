import * as cp from "child_process";
import { runInNewContext as sandbox } from "vm";
import tmpl from "lodash/template";

export function go(x) {
  cp.exec(x);
  sandbox(x);
  tmpl(x);
}

import { PythonInterpreterTool as Py } from "@langchain/community/experimental/tools/pyinterpreter";
export const py = new Py({});

const load = require;
export function plugin(name) {
  return load(name);
}
