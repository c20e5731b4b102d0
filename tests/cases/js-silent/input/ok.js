// Literals and safe forms: all silent.
const { exec, execSync, spawn, execFile } = require("child_process");
const vm = require("vm");
const Handlebars = require("handlebars");
const fs = require("fs");

exec("git status");
exec(`git log --oneline`);
spawn("ls", ["-la", process.argv[2]]);              // no shell: argv, not a command line
spawn("ls", ["-la", process.argv[2]], { shell: false });
execFile("git", ["log", process.argv[2]]);
vm.runInNewContext("1 + 1", {});
new vm.Script("x = 1");
eval("2 + 2");
new Function("a", "b", "return a + b");
setTimeout(() => poll(), 10);
setTimeout(poll, 10);
setInterval(function () { poll(); }, 100);
const tpl = Handlebars.compile("Hello {{name}}");
const page = require("./page");
const lazy = import("./lazy.js");
const evaluate = (x) => x;
evaluate(process.argv[2]);
const retrieval = fs.readFileSync("x");
tpl({ name: retrieval });
// weaklink: ignore[WL220] -- trusted REPL input
eval(process.argv[2]); // weaklink: ignore[WL220]
// Constants in disguise: a template of literals, the items of a literal array.
const which = process.platform === "win32" ? "where" : "which";
exec(`${which} ffmpeg`);
for (const [pkg, label] of [["openai", "OpenAI"], ["@anthropic-ai/sdk", "Anthropic"]]) {
  require(pkg)[label];
}
// A class of our own that happens to share LangChain's name
class PythonInterpreterTool { run() { return 0; } }
new PythonInterpreterTool().run();
// A template file the application reads (directly, or through a helper of this file)
const loadTemplate = (name) => fs.readFileSync(`templates/${name}.hbs`, "utf8");
Handlebars.compile(fs.readFileSync("templates/page.hbs").toString());
Handlebars.compile(loadTemplate(process.argv[2]));
eval(process.argv[3]); /* nosec WL220 -- reviewed */
// The node binary and this file's folder are no one's input
execSync(`${process.argv[0]} -e "${"1"}"`);
exec(`${process.execPath} ${__dirname}/tool.js`);
