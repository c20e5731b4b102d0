// Computed values of unknown origin: warnings.
import pug from "pug";
import nunjucks from "nunjucks";
import { execFile } from "child_process";

export function load(name, dir, tpl, script) {
  const mod = require(`${dir}/${name}`);
  pug.compile(tpl);
  nunjucks.renderString(tpl, {});
  execFile(script, [name], { shell: true });
  setInterval("poll(" + name + ")", 1000);
  return window.eval(script) || mod;
}

// vm2 is no sandbox either (discontinued after escapes)
import { NodeVM } from "vm2";
export async function custom(code) {
  const vm = new NodeVM({ console: "inherit" });
  return vm.run(`module.exports = async function() {${code}}()`, "/tmp");
}
