// Aliases resolve to what they name.
const { exec: run } = require("node:child_process");
const childProcess = require("child_process");
const { execSync } = childProcess;
const util = require("util");
const execAsync = util.promisify(childProcess.exec);
const e = eval;
const g = globalThis.eval;
const runIn = require("vm").runInThisContext;

function handle(userInput) {
  run("grep " + userInput);
  execSync(userInput);
  execAsync(userInput);
  e(userInput);
  g(userInput);
  runIn(userInput);
}

// Namespace and renamed imports (ES modules in a .js file are parsed too)
module.exports = { handle };
