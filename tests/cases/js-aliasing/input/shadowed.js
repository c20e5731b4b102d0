// Names that are NOT the dangerous ones: all silent.
const { exec } = require("child_process");

function local() {
  // a local function named exec is not child_process's
  function exec(cmd) { return cmd.length; }
  return exec(process.argv[2]);
}

function param(eval, vm) {
  eval(process.argv[2]);          // a parameter named eval
  vm.runInNewContext(process.argv[2]); // vm is a parameter, not node:vm
}

function inner() {
  const exec = (x) => x;
  exec(process.argv[2]);
}

const re = /abc/;
re.exec(process.argv[2]);          // RegExp.prototype.exec
db.exec(process.argv[2]);          // some other object's exec
model.eval();                      // a method named eval
module.exports = { local, param, inner };
