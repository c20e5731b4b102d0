// CommonJS (.cjs): a plugin hook path from the environment
const path = require("path");
module.exports = function loadHook() {
  return require(path.resolve(process.env.HOOK_PATH));
};
