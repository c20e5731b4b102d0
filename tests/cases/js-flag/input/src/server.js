// Request data reaching sinks (express): errors.
const express = require("express");
const cp = require("child_process");
const ejs = require("ejs");
const _ = require("lodash");
const app = express();

app.post("/run", (req, res) => {
  const { cmd } = req.body;
  cp.execSync(cmd);
  res.send(ejs.render(req.body.template, {}));
});

app.get("/plugin", (req, res) => {
  const plugin = require(req.query.name);
  const tpl = _.template(req.query.t);
  res.send(tpl({ plugin }));
});

export async function POST(request) {
  const body = await request.json();
  return eval(body.expr);
}

export async function GET(request) {
  const { searchParams } = new URL(request.url);
  return cp.exec("convert " + searchParams.get("file"));
}
